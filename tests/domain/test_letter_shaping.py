"""Letter merge data shaping: filters and figures that add up, without a database."""

from datetime import date

import pytest

from casefile.domain.letters import (
    Figures,
    FiguresError,
    address,
    breakdown,
    itemization,
    long_date,
    money,
    salutation,
    walk,
)


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "$0.00"), (5, "$0.05"), (123450, "$1,234.50"), (-20000, "-$200.00")]
)
def test_money_shows_whole_cents_exactly(cents, text):
    assert money(cents) == text


@pytest.mark.parametrize("value", [12.5, "1250", True])
def test_money_refuses_anything_but_integer_cents(value):
    with pytest.raises(TypeError):
        money(value)


def test_dates_and_addresses_read_as_a_letter_writes_them():
    assert long_date("2026-12-09") == "December 9, 2026"
    assert long_date(date(2027, 1, 1)) == "January 1, 2027"
    assert address(["45 Elm Street", "Albany, NY 12207"]) == "45 Elm Street\nAlbany, NY 12207"
    with pytest.raises(TypeError):
        address("45 Elm Street")
    assert salutation("Ann Lee", True) == "Dear Ann Lee"
    assert salutation("Lee Holdings LLC", False) == "Dear Sir or Madam"


def figures(**changes) -> Figures:
    base = dict(
        as_of=date(2026, 11, 24),
        placed_cents=173_050,
        interest_cents=5_121,
        fees_cents=0,
        costs_cents=15_000,
        adjustments_cents=0,
        paid_cents=20_000,
        total_cents=173_171,
    )
    return Figures(**(base | changes))


def test_the_breakdown_adds_up_to_the_total_and_leaves_out_zero_lines():
    lines = breakdown(figures())
    assert [line["label"] for line in lines] == [
        "Invoices (principal)",
        "Interest to November 24, 2026",
        "Costs",
        "Payments received",
    ]
    assert sum(line["amount_cents"] for line in lines) == 173_171


def test_a_breakdown_that_does_not_add_up_is_refused():
    with pytest.raises(FiguresError, match="cannot be explained"):
        breakdown(figures(total_cents=100_000))  # e.g. a judgment replaced the balance


def test_the_itemisation_adds_up_from_the_itemisation_date_to_today():
    then = figures(as_of=date(2026, 7, 15), interest_cents=0, costs_cents=0, paid_cents=0,
                   total_cents=173_050)  # fmt: skip
    item = itemization(then, figures())
    assert item == {
        "date": "2026-07-15",
        "amount_cents": 173_050,
        "interest_since_cents": 5_121,
        "fees_since_cents": 15_000,
        "paid_since_cents": 20_000,
        "current_cents": 173_171,
    }


def test_walk_names_every_field_path_and_one_row_of_each_list():
    context = {"a": {"b": 1, "c": [{"d": "x"}, {"d": "y"}]}, "e": []}
    assert walk(context) == [("a.b", 1), ("a.c", "a list of 2"), ("a.c[].d", "x"), ("e", [])]
