"""Trust accounting against a real database: receipts, returned items, deposits, refunds,
remittance runs and the three-way reconciliation."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from casefile.audit.models import AuditEvent
from casefile.clients.services import ClientData, update_client
from casefile.domain.balance import EntryKind
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.ledger.services import PaymentData, post_charge, record_payment, reverse_entry
from casefile.trust import queries
from casefile.trust.models import Remittance, RemittanceItem, TrustEntry, TrustKind
from casefile.trust.services import (
    Movement,
    record_deposit,
    record_reconciliation,
    record_refund,
    run_remittances,
)
from tests.factories import TODAY

EARLIER = date(2026, 11, 2)


@pytest.fixture
def firm(make):
    attorney, paralegal = make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)
    client = make.client("Acme Supplies", fee_basis_points=2500)
    return (
        client,
        make.matter(client=client, attorney=attorney),
        make.matter(client=client, attorney=attorney),
        make.actor(attorney),
        make.actor(paralegal),
    )


def pay(matter, cents, actor, reference="", received_by="firm", on=EARLIER):
    data = PaymentData(on, cents, "check", "Debtor", reference, received_by)
    return record_payment(matter, data, actor, TODAY)


def journal_equals_ledgers() -> bool:
    return queries.journal_balance() == sum(c for _client, c in queries.client_balances())


def test_a_payment_received_by_the_firm_goes_into_the_clients_trust_ledger(firm):
    client, matter, _, _, paralegal = firm
    pay(matter, 40_000, paralegal, "CHK-1")
    pay(matter, 15_000, paralegal, "CHK-2", received_by="client")  # not the firm's money
    [receipt] = db.session.scalars(select(TrustEntry)).all()
    assert (receipt.kind, receipt.amount_cents, receipt.matter_id) == (
        TrustKind.RECEIPT,
        40_000,
        matter.id,
    )
    assert queries.client_balance(client.id) == 40_000
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trust.receipt"))
    assert "$0.00" in audit.changes
    assert "$400.00" in audit.changes


def test_a_bounced_check_comes_back_out_of_trust(firm):
    client, matter, _, attorney, paralegal = firm
    check = pay(matter, 40_000, paralegal, "CHK-1")
    reverse_entry(check, TODAY, "Returned NSF", attorney, TODAY)
    assert queries.client_balance(client.id) == 0
    kinds = db.session.scalars(select(TrustEntry.kind).order_by(TrustEntry.id)).all()
    assert kinds == [TrustKind.RECEIPT, TrustKind.RETURNED_ITEM]


def test_a_bounce_after_the_money_was_remitted_is_refused_until_the_client_covers_it(firm):
    client, matter, _, attorney, paralegal = firm
    check = pay(matter, 40_000, paralegal, "CHK-1")
    run_remittances(TODAY, attorney, TODAY)
    with pytest.raises(CasefileError, match="already been remitted"):
        reverse_entry(check, TODAY, "Returned NSF", attorney, TODAY)
    assert db.session.scalar(select(func.count()).where(TrustEntry.kind == "returned_item")) == 0
    record_deposit(
        Movement(client.id, TODAY, 40_000, "Acme Supplies", "Cover the bounced CHK-1"),
        attorney,
        TODAY,
    )
    reverse_entry(check, TODAY, "Returned NSF", attorney, TODAY)
    assert queries.client_balance(client.id) == 0
    assert journal_equals_ledgers()


def test_a_refund_that_would_overdraw_the_client_ledger_is_refused_and_changes_nothing(firm):
    client, matter, _, attorney, paralegal = firm
    pay(matter, 10_000, paralegal)
    before = db.session.scalar(select(func.count(TrustEntry.id)))
    with pytest.raises(CasefileError, match="below zero"):
        record_refund(Movement(client.id, TODAY, 10_001, "Debtor", "Overpayment"), attorney, TODAY)
    assert db.session.scalar(select(func.count(TrustEntry.id))) == before
    record_refund(Movement(client.id, TODAY, 10_000, "Debtor", "Overpayment"), attorney, TODAY)
    assert queries.client_balance(client.id) == 0


def test_paralegals_cannot_move_trust_money(firm):
    client, _, _, _, paralegal = firm
    with pytest.raises(NotPermittedError):
        record_deposit(Movement(client.id, TODAY, 100, "X", "Y"), paralegal, TODAY)
    with pytest.raises(NotPermittedError):
        run_remittances(TODAY, paralegal, TODAY)


def test_a_remittance_run_pays_fee_costs_and_net_and_lists_every_payment(firm):
    client, first, second, attorney, paralegal = firm
    # First matter: $1,234.57 in two checks, $95.00 filing fee advanced.
    #   Fee 25 % of 123,457 = 30,864.25 → 30,864; costs 9,500; net 123,457 − 30,864 − 9,500
    #   = 83,093.
    # Second matter: $300.00 paid to the client directly → $75.00 fee invoiced, nothing in trust.
    post_charge(first, EntryKind.COST, EARLIER, 9_500, "Filing fee", paralegal, TODAY)
    pay(first, 100_000, paralegal, "CHK-1")
    pay(first, 23_457, paralegal, "CHK-2")
    pay(second, 30_000, paralegal, "ACH-9", received_by="client")
    result = run_remittances(TODAY, attorney, TODAY)
    [remittance] = result.remittances
    assert remittance.collected_trust_cents == 123_457
    assert (remittance.fee_cents, remittance.costs_reimbursed_cents) == (30_864, 9_500)
    assert remittance.net_cents == 83_093
    assert (remittance.collected_direct_cents, remittance.direct_fee_cents) == (30_000, 7_500)
    assert len(remittance.items) == 3
    assert queries.client_balance(client.id) == 0
    payouts = dict(
        db.session.execute(
            select(TrustEntry.kind, TrustEntry.amount_cents).where(
                TrustEntry.remittance_id == remittance.id
            )
        ).all()
    )
    assert payouts == {
        TrustKind.FEE_TO_OPERATING: -30_864,
        TrustKind.COSTS_TO_OPERATING: -9_500,
        TrustKind.TO_CLIENT: -83_093,
    }
    assert journal_equals_ledgers()


def test_each_payment_is_remitted_once_and_costs_are_reimbursed_once(firm):
    client, matter, _, attorney, paralegal = firm
    post_charge(matter, EntryKind.COST, EARLIER, 9_500, "Filing fee", paralegal, TODAY)
    pay(matter, 10_000, paralegal, "CHK-1")
    run_remittances(TODAY, attorney, TODAY)
    again = run_remittances(TODAY, attorney, TODAY)
    assert again.remittances == []
    assert again.skipped == {}
    pay(matter, 20_000, paralegal, "CHK-2", on=TODAY)
    [second] = run_remittances(TODAY, attorney, TODAY).remittances
    # First run: fee 2,500, costs 7,500 of the 9,500 (all that was left), net 0.
    # Second run: fee 5,000, the remaining 2,000 of costs, net 13,000.
    assert (second.fee_cents, second.costs_reimbursed_cents, second.net_cents) == (
        5_000,
        2_000,
        13_000,
    )
    assert db.session.scalar(select(func.count(RemittanceItem.id))) == 2


def test_a_run_only_takes_payments_through_its_date(firm):
    _, matter, _, attorney, paralegal = firm
    pay(matter, 10_000, paralegal, "CHK-1", on=EARLIER)
    pay(matter, 20_000, paralegal, "CHK-2", on=TODAY)
    [remittance] = run_remittances(EARLIER, attorney, TODAY).remittances
    assert remittance.collected_trust_cents == 10_000
    assert remittance.through == EARLIER


def test_the_agreement_decides_whether_costs_are_reimbursed(firm, make):
    client, matter, _, attorney, paralegal = firm
    update_client(
        client,
        ClientData(name=client.name, fee_basis_points=2500, reimburse_costs=False),
        client.version,
        make.actor(),
    )
    post_charge(matter, EntryKind.COST, EARLIER, 9_500, "Filing fee", paralegal, TODAY)
    pay(matter, 10_000, paralegal)
    [remittance] = run_remittances(TODAY, attorney, TODAY).remittances
    assert (remittance.costs_reimbursed_cents, remittance.net_cents) == (0, 7_500)


def test_a_client_whose_trust_was_drawn_down_is_skipped_with_the_reason(firm, make):
    client, matter, _, attorney, paralegal = firm
    other = make.client("Beta Foods")
    pay(make.matter(client=other), 5_000, paralegal)
    pay(matter, 10_000, paralegal)
    record_refund(Movement(client.id, TODAY, 4_000, "Debtor", "Overpaid"), attorney, TODAY)
    result = run_remittances(TODAY, attorney, TODAY)
    assert [r.client_id for r in result.remittances] == [other.id]
    assert "less than the $100.00 collected" in result.skipped["Acme Supplies"]
    assert queries.client_balance(client.id) == 6_000


def test_the_reconciliation_keeps_the_three_balances_and_flags_a_difference(firm, make):
    _, matter, _, attorney, paralegal = firm
    admin = make.actor()
    pay(matter, 10_000, paralegal, on=date(2026, 10, 20))
    pay(matter, 5_000, paralegal, on=TODAY)  # after October: not in October's books
    october = date(2026, 10, 31)
    with pytest.raises(NotPermittedError):
        record_reconciliation(october, 10_000, 0, 0, "", attorney, TODAY)
    balanced = record_reconciliation(october, 9_000, 1_000, 0, "cleared Nov 2", admin, TODAY)
    assert (balanced.adjusted_bank_cents, balanced.journal_balance_cents) == (10_000, 10_000)
    assert balanced.client_ledgers_cents == 10_000
    assert balanced.balanced
    short = record_reconciliation(october, 9_990, 0, 0, "", admin, TODAY)
    assert not short.balanced
    assert short.bank_vs_journal_cents == -10
    with pytest.raises(CasefileError, match="not ended"):
        record_reconciliation(date(2026, 11, 30), 0, 0, 0, "", admin, TODAY)


@pytest.mark.parametrize("table", ["trust_entries", "remittances", "remittance_items"])
def test_the_database_refuses_to_change_trust_records(firm, table):
    _, matter, _, attorney, paralegal = firm
    pay(matter, 10_000, paralegal)
    run_remittances(TODAY, attorney, TODAY)
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(func.count(Remittance.id))) == 1


_steps = st.lists(
    st.tuples(
        st.sampled_from(["pay", "deposit", "refund", "bounce", "remit"]),
        st.integers(0, 1),  # which client
        st.integers(1, 50_000),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_steps)
def test_trust_invariants_hold_after_any_sequence_of_movements(make, steps):
    attorney = make.actor(make.user(Role.ATTORNEY))
    clients = [make.client(), make.client()]
    matters = [make.matter(client=c) for c in clients]
    payments: list = []
    for action, which, cents in steps:
        client, matter = clients[which], matters[which]
        lines_before = db.session.scalar(select(func.count(TrustEntry.id)))
        try:
            if action == "pay":
                payments.append(pay(matter, cents, attorney))
            elif action == "deposit":
                record_deposit(Movement(client.id, TODAY, cents, "Client", "Top"), attorney, TODAY)
            elif action == "refund":
                record_refund(Movement(client.id, TODAY, cents, "Debtor", "Back"), attorney, TODAY)
            elif action == "bounce" and payments:
                reverse_entry(payments.pop(), TODAY, "Returned", attorney, TODAY)
            elif action == "remit":
                run_remittances(TODAY, attorney, TODAY)
        except CasefileError:
            db.session.rollback()
            assert db.session.scalar(select(func.count(TrustEntry.id))) == lines_before
        assert journal_equals_ledgers()
        for each in clients:
            assert queries.client_balance(each.id) >= 0
    remitted = db.session.scalars(select(Remittance)).all()
    for remittance in remitted:
        assert remittance.fee_cents + remittance.costs_reimbursed_cents + remittance.net_cents == (
            remittance.collected_trust_cents
        )


def test_a_client_ledger_page_shows_the_balance_after_each_line_newest_first(firm):
    client, matter, _, attorney, paralegal = firm
    pay(matter, 10_000, paralegal, "A", on=date(2026, 11, 1))
    pay(matter, 2_500, paralegal, "B", on=date(2026, 11, 3))
    record_refund(Movement(client.id, TODAY, 500, "Debtor", "Overpaid"), attorney, TODAY)
    first, count = queries.client_ledger(client.id, limit=2, offset=0)
    second, _ = queries.client_ledger(client.id, limit=2, offset=2)
    assert count == 3
    assert [(line.entry.amount_cents, line.running_cents) for line in first + second] == [
        (-500, 12_000),
        (2_500, 12_500),
        (10_000, 10_000),
    ]


def test_a_reversed_cost_does_not_make_a_client_wait_for_a_remittance(firm):
    client, matter, _, attorney, paralegal = firm
    cost = post_charge(matter, EntryKind.COST, EARLIER, 9_500, "Filing fee", paralegal, TODAY)
    reverse_entry(cost, TODAY, "Posted twice", attorney, TODAY)
    result = run_remittances(TODAY, attorney, TODAY)
    assert (result.remittances, result.skipped) == ([], {})
