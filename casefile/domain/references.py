"""Human matter references such as CF-2026-000123."""

import re

PREFIX = "CF"
_PATTERN = re.compile(r"^CF-(\d{4})-(\d{6,})$")


def format_reference(year: int, number: int) -> str:
    """The reference of the `number`-th matter placed in `year`."""
    if number < 1:
        raise ValueError("matter numbers start at 1")
    return f"{PREFIX}-{year:04d}-{number:06d}"


def parse_reference(text: str) -> tuple[int, int] | None:
    """(year, number) of a well-formed reference, else None."""
    match = _PATTERN.match(text.strip().upper())
    return (int(match[1]), int(match[2])) if match else None
