"""Balances checked by hand: each case shows its arithmetic, so an attorney can follow it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.domain.balance import (
    BalanceError,
    Component,
    Entry,
    EntryKind,
    InvoiceDebt,
    Judgment,
    balance,
    payoff_quote,
)
from casefile.domain.interest import RatePeriod, interest_cents

NINE = (RatePeriod(date(2000, 1, 1), None, Decimal("0.09"), 365, "contract 9%"),)
C, F, INT, P = Component.COSTS, Component.FEES, Component.INTEREST, Component.PRINCIPAL


def test_nine_percent_over_a_leap_year():
    # $10,000.00 due 2023-12-31; 2024 has 366 days, all earning (Jan 1 .. Dec 31).
    # 1,000,000 c × 0.09 × 366 / 365 = 90,246.58 c → $902.47
    owed = balance([InvoiceDebt("A", 1_000_000, date(2023, 12, 31))], NINE, [], date(2024, 12, 31))
    [line] = owed.interest_lines
    assert (line.days, line.amount_cents) == (366, 90_247)
    assert owed.total_cents == 1_090_247


def test_two_invoices_accrue_from_their_own_dates():
    # A $1,000 from Jan 31, B $500 from Mar 2 (2026, Feb has 28 days), as of Mar 31.
    # Feb 1 .. Mar 2 = 30 days on 100,000 c: 100,000 × .09 × 30 / 365 = 739.73 → 740
    # Mar 3 .. Mar 31 = 29 days on 150,000 c: 150,000 × .09 × 29 / 365 = 1,072.60 → 1,073
    invoices = [
        InvoiceDebt("A", 100_000, date(2026, 1, 31)),
        InvoiceDebt("B", 50_000, date(2026, 3, 2)),
    ]
    owed = balance(invoices, NINE, [], date(2026, 3, 31))
    assert [(x.days, x.base_cents, x.amount_cents) for x in owed.interest_lines] == [
        (30, 100_000, 740),
        (29, 150_000, 1_073),
    ]
    assert owed.owed == {C: 0, F: 0, INT: 1_813, P: 150_000}


def test_a_partial_payment_goes_to_costs_fees_interest_then_principal():
    # $1,000 from Jan 1 2026; Feb 1: court fee $50 and late fee $100; Mar 2: payment $200.
    # Jan 2 .. Feb 1 = 31 days: 100,000 × .09 × 31 / 365 = 764.38 → 764
    # Feb 2 .. Mar 2 = 29 days: 100,000 × .09 × 29 / 365 = 715.07 → 715   (interest 1,479)
    # $200 pays costs 5,000, fees 10,000, interest 1,479, principal 3,521 → principal 96,479
    # Mar 3 .. Mar 31 = 29 days: 96,479 × .09 × 29 / 365 = 689.89 → 690
    entries = [
        Entry(1, date(2026, 2, 1), EntryKind.COST, 5_000),
        Entry(2, date(2026, 2, 1), EntryKind.FEE, 10_000),
        Entry(3, date(2026, 3, 2), EntryKind.PAYMENT, 20_000),
    ]
    owed = balance([InvoiceDebt("A", 100_000, date(2026, 1, 1))], NINE, entries, date(2026, 3, 31))
    [paid] = owed.applications
    assert paid.parts == {C: 5_000, F: 10_000, INT: 1_479, P: 3_521}
    assert owed.owed == {C: 0, F: 0, INT: 690, P: 96_479}
    assert owed.total_cents == 97_169


def test_a_rate_change_mid_period_splits_the_line():
    # 9% to Jun 30, 6% from Jul 1; $1,000 from May 31 2026 to Jul 31.
    # Jun 1 .. Jun 30 = 30 days at 9%: 100,000 × .09 × 30 / 365 = 739.73 → 740
    # Jul 1 .. Jul 31 = 31 days at 6%: 100,000 × .06 × 31 / 365 = 509.59 → 510
    rates = (
        RatePeriod(date(2026, 1, 1), date(2026, 6, 30), Decimal("0.09")),
        RatePeriod(date(2026, 7, 1), None, Decimal("0.06")),
    )
    owed = balance([InvoiceDebt("A", 100_000, date(2026, 5, 31))], rates, [], date(2026, 7, 31))
    assert [(x.first_day, x.days, x.amount_cents) for x in owed.interest_lines] == [
        (date(2026, 6, 1), 30, 740),
        (date(2026, 7, 1), 31, 510),
    ]


def test_post_judgment_interest_runs_on_the_judgment_amount():
    # Judgment of Jul 1 2025 for $1,060 (principal 1,000 + interest 45 + costs 15) at 9%.
    # Jul 2 .. Dec 31 = 183 days: 106,000 × .09 × 183 / 365 = 4,783.23 → 4,783
    entries = [Entry(1, date(2025, 3, 1), EntryKind.COST, 1_500)]
    judgment = Judgment(date(2025, 7, 1), 106_000, Decimal("0.09"))
    owed = balance(
        [InvoiceDebt("A", 100_000, date(2025, 1, 1))],
        NINE,
        entries,
        date(2025, 12, 31),
        judgment=judgment,
    )
    assert owed.merged_into_judgment[C] == 1_500
    post = [x for x in owed.interest_lines if x.first_day > judgment.on]
    assert [(x.days, x.base_cents, x.amount_cents) for x in post] == [(183, 106_000, 4_783)]
    assert owed.owed == {C: 0, F: 0, INT: 4_783, P: 106_000}
    assert owed.per_diem == Decimal(106_000) * Decimal("0.09") / 365


def test_actual_360_when_the_contract_says_so():
    # 100,000 × .12 × 30 / 360 = 1,000.00 exactly (actual/365 would give 986.30 → 986)
    rates = (RatePeriod(date(2026, 1, 1), None, Decimal("0.12"), 360),)
    owed = balance([InvoiceDebt("A", 100_000, date(2026, 1, 1))], rates, [], date(2026, 1, 31))
    assert owed.owed[INT] == 1_000
    assert interest_cents(100_000, Decimal("0.12"), 30, 365) == 986


def test_an_overpayment_leaves_a_credit_never_negative_principal():
    entries = [Entry(1, date(2026, 1, 1), EntryKind.PAYMENT, 150_000)]
    owed = balance([InvoiceDebt("A", 100_000, date(2026, 1, 1))], NINE, entries, date(2026, 6, 30))
    assert owed.owed[P] == 0
    assert owed.credit_cents == 50_000
    assert owed.total_cents == -50_000


def test_a_bounced_payment_is_reversed_as_if_never_made():
    base = [InvoiceDebt("A", 100_000, date(2026, 1, 1))]
    paid = [Entry(1, date(2026, 2, 1), EntryKind.PAYMENT, 30_000)]
    bounced = [*paid, Entry(2, date(2026, 2, 10), EntryKind.REVERSAL, 30_000, reverses=1)]
    as_of = date(2026, 4, 1)
    assert balance(base, NINE, bounced, as_of).owed == balance(base, NINE, [], as_of).owed


def test_payoff_quote_adds_the_per_diem_after_its_date():
    invoices = [InvoiceDebt("A", 365_000, date(2026, 1, 1))]
    quote = payoff_quote(invoices, NINE, [], date(2026, 1, 11))
    assert quote.amount_cents == 365_000 + 900  # 365,000 × .09 × 10 / 365 = 900
    assert quote.per_diem == Decimal(90)  # 365,000 × .09 / 365


def test_an_adjustment_cannot_take_a_component_below_zero():
    entries = [Entry(1, date(2026, 2, 1), EntryKind.ADJUSTMENT, -1, component=C)]
    with pytest.raises(BalanceError, match="below zero"):
        balance([InvoiceDebt("A", 100, date(2026, 1, 1))], NINE, entries, date(2026, 3, 1))


def test_days_before_any_rate_earn_nothing():
    rates = (RatePeriod(date(2026, 3, 1), None, Decimal("0.09")),)
    owed = balance([InvoiceDebt("A", 365_000, date(2026, 1, 1))], rates, [], date(2026, 3, 10))
    assert [(x.first_day, x.days) for x in owed.interest_lines] == [(date(2026, 3, 1), 10)]


# Properties -----------------------------------------------------------------------------

DAY0 = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=700)
amounts = st.integers(min_value=1, max_value=5_000_000)
kinds = st.sampled_from([EntryKind.COST, EntryKind.FEE, EntryKind.PAYMENT])


@st.composite
def ledgers(draw):
    invoices = [
        InvoiceDebt(f"I{n}", draw(amounts), DAY0 + timedelta(days=draw(days)))
        for n in range(draw(st.integers(1, 4)))
    ]
    entries = [
        Entry(n, DAY0 + timedelta(days=draw(days)), draw(kinds), draw(amounts))
        for n in range(1, draw(st.integers(0, 8)) + 1)
    ]
    return invoices, entries


AS_OF = DAY0 + timedelta(days=800)


@settings(max_examples=150, deadline=None)
@given(ledgers())
def test_each_payment_is_applied_in_full(ledger):
    invoices, entries = ledger
    owed = balance(invoices, NINE, entries, AS_OF)
    for application in owed.applications:
        assert sum(application.parts.values()) + application.credit_cents == (
            application.entry.amount_cents
        )
    assert all(value >= 0 for value in owed.owed.values())


@settings(max_examples=150, deadline=None)
@given(ledgers(), st.data())
def test_a_reversal_restores_the_balance_exactly(ledger, data):
    invoices, entries = ledger
    before = balance(invoices, NINE, entries, AS_OF)
    extra = Entry(
        999, DAY0 + timedelta(days=data.draw(days)), EntryKind.PAYMENT, data.draw(amounts)
    )
    reversal = Entry(
        1000,
        max(extra.on, DAY0 + timedelta(days=data.draw(days))),
        EntryKind.REVERSAL,
        extra.amount_cents,
        reverses=extra.id,
    )
    after = balance(invoices, NINE, [*entries, extra, reversal], AS_OF)
    assert (after.owed, after.credit_cents) == (before.owed, before.credit_cents)


@settings(max_examples=100, deadline=None)
@given(ledgers(), days, days)
def test_without_payments_the_balance_never_falls_with_time(ledger, a, b):
    invoices, entries = ledger
    entries = [e for e in entries if e.kind is not EntryKind.PAYMENT]
    early, late = sorted((DAY0 + timedelta(days=a), DAY0 + timedelta(days=b)))
    assert (
        balance(invoices, NINE, entries, early).total_cents
        <= balance(invoices, NINE, entries, late).total_cents
    )


@settings(max_examples=150, deadline=None)
@given(ledgers(), st.integers(min_value=1, max_value=799))
def test_splitting_a_rate_period_moves_interest_by_at_most_a_cent(ledger, split_day):
    # Without payments: a payment after the split would move the one-cent difference into
    # principal and so into later interest (a real, explainable knock-on, not a split error).
    invoices, entries = ledger
    entries = [e for e in entries if e.kind is not EntryKind.PAYMENT]
    rate = Decimal("0.09")
    split = DAY0 + timedelta(days=split_day)
    whole = (RatePeriod(date(2000, 1, 1), None, rate),)
    halves = (
        RatePeriod(date(2000, 1, 1), split, rate),
        RatePeriod(split + timedelta(1), None, rate),
    )
    one = balance(invoices, whole, entries, AS_OF).interest_earned_cents
    two = balance(invoices, halves, entries, AS_OF).interest_earned_cents
    assert abs(one - two) <= 1


@given(
    st.integers(0, 10**12),
    st.decimals(min_value=0, max_value=1, places=6),
    st.integers(0, 40_000),
    st.sampled_from([360, 365]),
)
def test_interest_is_the_exact_product_rounded_half_up_once(base, rate, days, basis):
    from decimal import ROUND_HALF_UP, localcontext

    with localcontext() as exact:
        exact.prec = 80
        expected = (Decimal(base) * rate * days / basis).quantize(Decimal(1), ROUND_HALF_UP)
    assert interest_cents(base, rate, days, basis) == int(expected)
