"""Placements: matters that referring businesses place, and the firm's review of them."""
