"""Business days: weekends and the holidays a caller passes in (no holiday table here)."""

from collections.abc import Collection
from datetime import date, timedelta


def is_business_day(day: date, holidays: Collection[date] = ()) -> bool:
    """True for Monday to Friday that is not one of `holidays`."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date `days` business days after `start` (before it when negative).

    `start` itself is not counted.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def week_end(today: date) -> date:
    """The Sunday that ends the week containing `today` (weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())
