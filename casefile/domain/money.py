"""Money as integer minor units (cents); parsing and formatting use `Decimal`, never float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d{1,2})?$|^-?\d+(\.\d{1,2})?$")
CURRENCIES = ("USD", "CAD", "EUR", "GBP")
_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£"}


class AmountError(ValueError):
    """Text that is not an amount of money with at most two decimals."""


def parse_cents(text: str) -> int:
    """Cents in `text` such as "1,234.50" or "-12".

    More than two decimals is an error, never a rounding.
    """
    cleaned = text.strip().replace("$", "").replace(" ", "")
    if not _AMOUNT.match(cleaned):
        raise AmountError(f"“{text.strip()}” is not an amount with at most two decimals.")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # the pattern makes this unreachable, kept for safety
        raise AmountError(f"“{text.strip()}” is not an amount.") from exc
    return int(value * 100)


def to_cents(value: Decimal) -> int:
    """Round a Decimal amount of currency units half-up to whole cents."""
    return int(value.quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def to_decimal(cents: int) -> Decimal:
    """The Decimal amount of currency units for `cents`."""
    return Decimal(cents) / 100


def format_cents(cents: int, currency: str = "USD") -> str:
    """A display string such as "$1,234.50" or "-$12.00"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{_SYMBOLS.get(currency, currency + ' ')}{whole:,}.{part:02d}"


def format_basis_points(basis_points: int) -> str:
    """A rate or share held in hundredths of a percent, shown exactly: 3333 -> "33.33 %"."""
    whole, part = divmod(basis_points, 100)
    return f"{whole}.{part:02d} %"
