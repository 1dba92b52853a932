"""Shaping a letter's merge data: the money breakdown, the Regulation F itemisation, and the
filters templates use to show money, dates and addresses.

Pure: the services load the rows and pass the figures in. Every amount is integer cents; every
date in the merge data is an ISO string (plain data a template cannot walk out of), turned into
words by the `date` filter at the last moment.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from casefile.domain.money import format_cents

# Spelled out, not calendar.month_name: that follows the server's locale, and letters are English.
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def money(cents: int, currency: str = "USD") -> str:
    """The `money` filter: 123450 -> "$1,234.50"; refuses anything but whole cents."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"money takes whole cents, not {type(cents).__name__}")
    return format_cents(cents, currency)


def long_date(value: str | date) -> str:
    """The `date` filter: "2026-11-24" -> "November 24, 2026" (the US letter style)."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def address(lines: Iterable[str]) -> str:
    """The `address` filter: one line per address line (docxtpl turns each into a line break)."""
    if isinstance(lines, str):
        raise TypeError("address takes the list of an address's lines")
    return "\n".join(line for line in lines)


def per_diem_cents(per_diem: Decimal) -> int:
    """The per-diem shown to the cent, rounded half-up (it is quoted, never charged, so)."""
    return int(per_diem.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Figures:
    """What a balance says on one day, in cents, as charged (not as remaining)."""

    as_of: date
    placed_cents: int  # principal of the invoices
    interest_cents: int  # earned up to and including `as_of`
    fees_cents: int
    costs_cents: int
    adjustments_cents: int  # corrections, positive or negative
    paid_cents: int  # payments applied
    total_cents: int  # what is owed at the end of `as_of` (credit already taken off)


class FiguresError(ValueError):
    """Figures that do not add up: a letter must never show such a sum."""


def breakdown(figures: Figures) -> list[dict]:
    """The lines of the amount owed, in the order a debtor reads them; they add up to the total
    exactly (checked: a letter with a sum that does not add up is refused)."""
    lines = [
        ("Invoices (principal)", figures.placed_cents),
        (f"Interest to {long_date(figures.as_of)}", figures.interest_cents),
        ("Fees", figures.fees_cents),
        ("Costs", figures.costs_cents),
        ("Adjustments", figures.adjustments_cents),
        ("Payments received", -figures.paid_cents),
    ]
    shown = [
        {"label": label, "amount_cents": cents}
        for label, cents in lines
        if cents or label.startswith("Invoices")
    ]
    if sum(line["amount_cents"] for line in shown) != figures.total_cents:
        raise FiguresError(
            "The balance cannot be explained line by line (a judgment or a credit changes it): "
            "check the Money tab before writing to the debtor."
        )
    return shown


def itemization(then: Figures, now: Figures) -> dict:
    """Regulation F's itemisation (12 C.F.R. § 1006.34(c)(2)): the amount on the itemisation
    date, then interest, fees and payments or credits since, adding up to the amount now."""
    interest = now.interest_cents - then.interest_cents
    fees = (now.fees_cents + now.costs_cents) - (then.fees_cents + then.costs_cents)
    paid_or_credited = then.total_cents + interest + fees - now.total_cents
    return {
        "date": then.as_of.isoformat(),
        "amount_cents": then.total_cents,
        "interest_since_cents": interest,
        "fees_since_cents": fees,
        "paid_since_cents": paid_or_credited,
        "current_cents": now.total_cents,
    }


def salutation(name: str, is_person: bool) -> str:
    """How the letter greets its addressee: a person by name, a business formally."""
    return f"Dear {name}" if is_person else "Dear Sir or Madam"


def walk(context: Mapping, prefix: str = "") -> list[tuple[str, object]]:
    """Every field path in `context` with its value; a list shows its first row as `name[]`."""
    found: list[tuple[str, object]] = []
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found.extend(walk(value, path + "."))
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            found.append((path, f"a list of {len(value)}"))
            found.extend(walk(value[0], path + "[]."))
        else:
            found.append((path, value))
    return found
