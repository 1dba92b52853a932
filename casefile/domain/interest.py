"""Simple interest per day, as the law and most contracts count it.

Conventions (also in the README, for attorneys checking a figure by hand):
- A day's interest is earned at the end of that day. The accrual date itself (an invoice's due
  date, a judgment's date) earns nothing; interest runs from the next day up to and including the
  day asked for. Days between two dates are `(later - earlier).days`.
- Interest = base (cents) × annual rate × days / basis, where basis is 365 (actual/365, the
  default) or 360 (actual/360, when the contract says so). A leap year still divides by 365.
- Each line (one base, one rate, one run of days) is rounded half-up to the cent; a total of
  interest is the sum of its rounded lines, so every line can be checked on its own.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class RatePeriod:
    """An annual simple rate (0.09 = 9 %) in force from `start` to `end` (both inclusive)."""

    start: date
    end: date | None
    rate: Decimal
    basis: int = 365
    label: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def interest_cents(base_cents: int, rate: Decimal, days: int, basis: int) -> int:
    """Interest on `base_cents` for `days` days at annual `rate`, rounded half-up to the cent.

    Computed as an exact fraction in integers (the rate's decimal digits are exact), so nothing
    is lost before the one rounding; integers are also several times faster than Decimal here.
    """
    if basis not in (360, 365):
        raise ValueError("the day-count basis is 365 or 360")
    numerator, denominator = _ratio(rate)
    exact_num = base_cents * numerator * days
    exact_den = denominator * basis
    whole, twice_rest = divmod(2 * abs(exact_num), 2 * exact_den)
    rounded = whole + (1 if twice_rest >= exact_den else 0)  # half-up, away from zero
    return rounded if exact_num >= 0 else -rounded


@cache
def _ratio(rate: Decimal) -> tuple[int, int]:
    return rate.as_integer_ratio()


def per_diem(base_cents: int, rate: Decimal, basis: int) -> Decimal:
    """One day's interest in cents, unrounded (shown to a hundredth of a cent)."""
    return Decimal(base_cents) * rate / Decimal(basis)


def rate_on(periods: tuple[RatePeriod, ...], day: date) -> RatePeriod | None:
    """The rate period covering `day`, the latest-starting one if several overlap."""
    found = None
    for period in periods:
        if period.covers(day) and (found is None or period.start > found.start):
            found = period
    return found


def rate_runs(periods: tuple[RatePeriod, ...], after: date, through: date):
    """Split the days after `after` up to `through` into runs under one rate (or none).

    Yields (first_day, last_day, period or None)."""
    day = after + ONE_DAY
    if len(periods) == 1 and periods[0].covers(day) and periods[0].covers(through):
        yield day, through, periods[0]  # the common case: one rate for the whole run
        return
    while day <= through:
        period = rate_on(periods, day)
        last = through
        for p in periods:  # the run ends before the next period starts or this one ends
            if p.start > day:
                last = min(last, p.start - ONE_DAY)
        if period is not None and period.end is not None:
            last = min(last, period.end)
        yield day, last, period
        day = last + ONE_DAY
