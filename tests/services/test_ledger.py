"""Money on a matter: payments, charges, adjustments and reversals against a real database."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from casefile.audit.models import AuditEvent
from casefile.config import application_order
from casefile.domain.balance import Component, EntryKind
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.ledger import portfolio
from casefile.ledger.models import LedgerEntry
from casefile.ledger.portfolio import portfolio_balances
from casefile.ledger.queries import matter_balance
from casefile.ledger.services import (
    PaymentData,
    add_interest_term,
    post_adjustment,
    post_charge,
    record_payment,
    reverse_entry,
)
from casefile.matters.services import InvoiceData
from tests.conftest import using_postgres

TODAY = date(2026, 11, 24)
DUE = date(2026, 5, 31)


@pytest.fixture
def case(make):
    attorney, paralegal = make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)
    matter = make.matter(
        attorney=attorney, invoices=[InvoiceData("INV-1", DUE - timedelta(days=30), DUE, 365_000)]
    )
    return matter, make.actor(attorney), make.actor(paralegal)


def _entries() -> int:
    return db.session.scalar(select(func.count(LedgerEntry.id)))


def test_ny_matter_earns_the_statutory_nine_percent_without_a_contract_rate(case):
    matter, _, _ = case
    # 365,000 c × 0.09 × 177 days (Jun 1 .. Nov 24) / 365 = 15,930 c
    owed = matter_balance(matter, TODAY)
    assert owed.owed[Component.INTEREST] == 15_930
    assert "New York statutory rate" in owed.interest_lines[0].label


def test_a_contract_rate_replaces_the_statutory_rate(case):
    matter, attorney, _ = case
    add_interest_term(
        matter, 1800, 365, date(2026, 1, 1), None, "18% per the credit terms", attorney
    )
    assert matter_balance(matter, TODAY).owed[Component.INTEREST] == 31_860  # 2 × 15,930


def test_recording_a_payment_reduces_the_balance_and_is_audited(case):
    matter, _, paralegal = case
    before = matter_balance(matter, TODAY).total_cents
    record_payment(
        matter, PaymentData(TODAY, 50_000, "check", "Debtor Inc.", "CHK 1001"), paralegal, TODAY
    )
    assert matter_balance(matter, TODAY).total_cents == before - 50_000
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "ledger.payment_recorded")
    )
    assert '"balance": ["$3,809.30", "$3,309.30"]' in event.changes


def test_the_firm_can_apply_payments_to_principal_first(app, case):
    matter, _, paralegal = case
    app.config["PAYMENT_APPLICATION_ORDER"] = application_order("principal,interest,fees,costs")
    record_payment(matter, PaymentData(TODAY, 50_000, "check", "Debtor"), paralegal, TODAY)
    owed = matter_balance(matter, TODAY)
    # 365,000 c placed: the 50,000 c payment all goes to principal; interest (15,930 c on the
    # full principal until today, the payment's day) is untouched.
    assert owed.owed[Component.PRINCIPAL] == 315_000
    assert owed.owed[Component.INTEREST] == 15_930


def test_the_same_reference_is_not_recorded_twice(case):
    matter, _, paralegal = case
    data = PaymentData(TODAY, 10_000, "check", "Debtor", "CHK 77")
    record_payment(matter, data, paralegal, TODAY)
    with pytest.raises(CasefileError, match="already recorded") as refused:
        record_payment(matter, data, paralegal, TODAY)
    assert refused.value.field == "reference"
    assert _entries() == 1


def test_a_form_sent_twice_records_once(case):
    matter, _, paralegal = case
    data = PaymentData(TODAY, 10_000, "cash", "Debtor")
    first = record_payment(matter, data, paralegal, TODAY, idempotency_key="nonce-1")
    again = record_payment(matter, data, paralegal, TODAY, idempotency_key="nonce-1")
    assert first.id == again.id
    assert _entries() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PaymentData(TODAY + timedelta(days=1), 100, "check", "D"), "on"),
        (PaymentData(TODAY, 0, "check", "D"), "amount"),
        (PaymentData(TODAY, 100, "bitcoin", "D"), "method"),
        (PaymentData(TODAY, 100, "check", "D", received_by="nobody"), "received_by"),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_written(case, data, field):
    matter, _, paralegal = case
    with pytest.raises(CasefileError) as refused:
        record_payment(matter, data, paralegal, TODAY)
    assert refused.value.field == field
    assert _entries() == 0


def test_who_may_do_what_with_money(case, make):
    matter, _, paralegal = case
    post_charge(matter, EntryKind.COST, TODAY, 4_500, "Index number fee", paralegal, TODAY)
    with pytest.raises(NotPermittedError):
        post_charge(matter, EntryKind.FEE, TODAY, 4_500, "Attorney fee", paralegal, TODAY)
    with pytest.raises(NotPermittedError):
        post_adjustment(matter, Component.INTEREST, TODAY, -100, "waive", paralegal, TODAY)
    client_user = make.actor(make.user(Role.CLIENT, client=matter.client))
    with pytest.raises(NotPermittedError):
        record_payment(matter, PaymentData(TODAY, 100, "check", "D"), client_user, TODAY)


def test_an_adjustment_below_zero_is_refused(case):
    matter, attorney, _ = case
    with pytest.raises(CasefileError, match="below zero"):
        post_adjustment(matter, Component.COSTS, TODAY, -1, "nothing to take", attorney, TODAY)
    assert _entries() == 0
    post_adjustment(matter, Component.INTEREST, TODAY, -15_930, "interest waived", attorney, TODAY)
    assert matter_balance(matter, TODAY).owed[Component.INTEREST] == 0


def test_a_bounced_payment_is_reversed_and_the_balance_restored(case):
    matter, attorney, paralegal = case
    before = matter_balance(matter, TODAY)
    paid = record_payment(
        matter,
        PaymentData(TODAY - timedelta(days=20), 100_000, "check", "Debtor", "CHK 9"),
        paralegal,
        TODAY,
    )
    reverse_entry(paid, TODAY, "Returned unpaid (NSF)", attorney, TODAY)
    after = matter_balance(matter, TODAY)
    assert (after.owed, after.credit_cents) == (before.owed, before.credit_cents)
    with pytest.raises(CasefileError, match="already been reversed"):
        reverse_entry(paid, TODAY, "again", attorney, TODAY)
    reversal = db.session.scalar(select(LedgerEntry).where(LedgerEntry.reverses_id == paid.id))
    with pytest.raises(CasefileError, match="cannot itself be reversed"):
        reverse_entry(reversal, TODAY, "undo", attorney, TODAY)


@pytest.mark.parametrize(
    "statement", ["UPDATE ledger_entries SET amount_cents = 1", "DELETE FROM ledger_entries"]
)
def test_the_database_refuses_to_change_a_ledger_entry(case, statement):
    matter, _, paralegal = case
    record_payment(matter, PaymentData(TODAY, 100, "cash", "D"), paralegal, TODAY)
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert _entries() == 1


def test_the_database_stores_only_whole_cents(case):
    matter, _, _ = case
    insert = text(
        'INSERT INTO ledger_entries (matter_id, "on", kind, amount_cents, method, '
        "payer, reference, received_by, memo, recorded_at) VALUES (:m, '2026-01-01', "
        "'cost', :amount, '', '', '', '', 'x', '2026-01-01 00:00:00')"
    )
    if using_postgres():
        # BIGINT has no fractions: PostgreSQL refuses text that is not a whole number.
        with pytest.raises(DBAPIError):
            db.session.execute(insert, {"m": matter.id, "amount": "12.50"})
    else:
        with pytest.raises(IntegrityError, match="amount_cents_is_integer"):
            db.session.execute(insert, {"m": matter.id, "amount": 12.5})
    db.session.rollback()
    assert _entries() == 0


def test_the_portfolio_report_agrees_with_each_money_tab(case, make):
    matter, attorney, paralegal = case
    other = make.matter()
    add_interest_term(other, 1200, 360, date(2020, 1, 1), None, "12% 360", attorney)
    record_payment(matter, PaymentData(TODAY, 5_000, "cash", "D"), paralegal, TODAY)
    post_charge(other, EntryKind.COST, TODAY, 4_500, "Filing fee", paralegal, TODAY)
    report = dict(portfolio_balances(TODAY))
    assert set(report) == {matter.id, other.id}
    for each in (matter, other):
        one = matter_balance(each, TODAY)
        assert (report[each.id].owed, report[each.id].credit_cents) == (one.owed, one.credit_cents)


def test_a_report_spread_over_processes_gives_the_same_balances(case, make, monkeypatch):
    matter, _, paralegal = case
    others = [make.matter() for _ in range(4)]
    record_payment(others[1], PaymentData(TODAY, 7_000, "cash", "D"), paralegal, TODAY)
    serial = list(portfolio_balances(TODAY))
    monkeypatch.setattr(portfolio, "PARALLEL_FROM", 0)
    assert list(portfolio_balances(TODAY, workers=2)) == serial
    assert [matter_id for matter_id, _ in serial] == sorted([matter.id] + [o.id for o in others])
