"""Amounts as exact cents and matter references."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.domain.money import AmountError, format_cents, parse_cents
from casefile.domain.references import format_reference, parse_reference


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1,234.56", 123456),
        ("12", 1200),
        ("0.1", 10),
        ("$ 99.99", 9999),
        ("-12.50", -1250),
        ("1234567.89", 123456789),
        ("0.01", 1),
    ],
)
def test_amounts_parse_to_exact_cents(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["1.234", "abc", "1e3", "", "12,34.00", "1.2.3", "NaN", "inf"])
def test_anything_but_an_amount_with_two_decimals_is_refused(text):
    with pytest.raises(AmountError):
        parse_cents(text)


def test_amounts_format_for_people():
    assert format_cents(123456) == "$1,234.56"
    assert format_cents(-5) == "-$0.05"
    assert format_cents(100, "EUR") == "€1.00"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatting_then_parsing_gives_back_the_same_cents(cents):
    assert parse_cents(format_cents(cents).replace("-$", "-").replace("$", "")) == cents


def test_references_are_year_and_six_digit_number():
    assert format_reference(2026, 123) == "CF-2026-000123"
    assert parse_reference("cf-2026-000123") == (2026, 123)
    assert parse_reference("CF-26-1") is None
    with pytest.raises(ValueError, match="start at 1"):
        format_reference(2026, 0)
