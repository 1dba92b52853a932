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
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ONE_CENT = Decimal(1)


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
    """Interest on `base_cents` for `days` days at annual `rate`, rounded half-up to the cent."""
    if basis not in (360, 365):
        raise ValueError("the day-count basis is 365 or 360")
    exact = Decimal(base_cents) * rate * Decimal(days) / Decimal(basis)
    return int(exact.quantize(ONE_CENT, rounding=ROUND_HALF_UP))


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
    day = date.fromordinal(after.toordinal() + 1)
    while day <= through:
        period = rate_on(periods, day)
        last = through
        for p in periods:  # the run ends before the next period starts or this one ends
            if p.start > day:
                last = min(last, date.fromordinal(p.start.toordinal() - 1))
        if period is not None and period.end is not None:
            last = min(last, period.end)
        yield day, last, period
        day = date.fromordinal(last.toordinal() + 1)
