"""Business days, court-style roll-forward and month arithmetic.

Holidays are always passed in (a collection of dates): this module has no holiday table, so it
stays pure. `casefile.ledger.rules.public_holidays` builds the table for a jurisdiction.
"""

from calendar import monthrange
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


def next_business_day(day: date, holidays: Collection[date] = ()) -> date:
    """The first business day strictly after `day`."""
    return add_business_days(day, 1, holidays)


def previous_business_day(day: date, holidays: Collection[date] = ()) -> date:
    """The last business day strictly before `day`."""
    return add_business_days(day, -1, holidays)


def roll_forward(day: date, holidays: Collection[date] = ()) -> date:
    """`day` itself when it is a business day, otherwise the next business day.

    This is the rule courts apply to a period whose last day falls on a weekend or holiday
    (e.g. N.Y. Gen. Constr. Law § 25-a, Cal. Code Civ. Proc. § 12a), and the rule our payment
    plans state for a due date that falls on one.
    """
    return day if is_business_day(day, holidays) else next_business_day(day, holidays)


def add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the end of a shorter month.

    Always count from the same anchor (add_months(first, n), never from the previous result)
    so that 31 January gives 28/29 February and then 31 March again, without drifting.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def week_end(today: date) -> date:
    """The Sunday that ends the week containing `today` (weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())
