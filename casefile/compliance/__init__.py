"""The compliance guard as services use it: a matter's facts in, the domain's answer out."""
