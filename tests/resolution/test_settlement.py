"""Negotiation and settlement through the services: offers, the client's floor, plans, payments,
default, renegotiation and the compliance guard."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.compliance.reviews import Checklist, record_review
from casefile.compliance.services import ComplianceRefusal
from casefile.diary.models import Task
from casefile.domain.compliance import Action
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.parties import HoldKind
from casefile.domain.plans import Frequency, PlanState
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.ledger.queries import matter_balance
from casefile.ledger.services import PaymentData
from casefile.matters.services import BankruptcyCase, place_hold
from casefile.resolution import services, tracking
from casefile.resolution.models import (
    Agreement,
    AgreementStatus,
    OfferFrom,
    OfferStatus,
    SettlementKind,
)
from casefile.resolution.queries import plans_needing_attention, position
from casefile.types import utcnow
from tests.factories import TODAY
from tests.web.helpers import snapshot

FIRST_DUE = date(2026, 12, 1)  # a Tuesday


def offer(desk, cents, kind=SettlementKind.PLAN, installments=6, expires_on=None):
    data = services.OfferData(
        OfferFrom.DEBTOR, TODAY, kind, cents, installments, Frequency.MONTHLY, "", expires_on
    )
    return services.record_offer(desk.matter, data, desk.actor, TODAY)


def plan(count=6, first_due=FIRST_DUE, **extra):
    return services.PlanTerms(SettlementKind.PLAN, first_due, Frequency.MONTHLY, count, **extra)


def pay(desk, on, cents, reference=""):
    return tracking.record_plan_payment(
        current(desk), PaymentData(on, cents, "check", "Debtor", reference), desk.actor, on
    )


def current(desk) -> Agreement:
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.matter_id == desk.matter.id)
        .order_by(Agreement.id.desc())
        .limit(1)
    )


def balance(desk, on=TODAY) -> int:
    return matter_balance(desk.matter, on).total_cents


def actions(matter) -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.matter_id == matter.id))
    )


def test_the_debtors_first_offer_opens_negotiation_and_is_logged(desk):
    made = offer(desk, 120_000)
    assert desk.matter.stage is Stage.NEGOTIATION
    assert made.status is OfferStatus.OPEN
    assert made.balance_cents == balance(desk)
    assert "offer.recorded" in actions(desk.matter)


def test_an_offer_below_the_clients_floor_needs_the_clients_approval_in_the_portal(desk, make):
    desk.client.settlement_floor_basis_points = 8000
    db.session.commit()
    floor = balance(desk) * 8 // 10
    low = offer(desk, floor - 100)
    with pytest.raises(CasefileError, match="below the client's floor"):
        services.accept_offer(low, plan(), desk.actor, TODAY)

    services.ask_client(low, desk.actor, utcnow())
    assert low.status is OfferStatus.AWAITING_CLIENT
    other_client_user = make.user(Role.CLIENT, client=make.client("Delta Ltd"))
    with pytest.raises(NotPermittedError):
        services.decide_offer(low, True, "", make.actor(other_client_user), utcnow())
    with pytest.raises(NotPermittedError):
        services.decide_offer(low, True, "", desk.actor, utcnow())  # staff cannot answer for them

    client_user = make.user(Role.CLIENT, client=desk.client)
    services.decide_offer(low, True, "Fine, he lost his job", make.actor(client_user), utcnow())
    assert low.status is OfferStatus.CLIENT_APPROVED
    assert {"offer.approval_requested", "offer.client_approved"} <= set(actions(desk.matter))
    with pytest.raises(ComplianceRefusal, match="attorney must review"):
        services.accept_offer(low, plan(), desk.actor, TODAY)
    checks = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
    record_review(desk.matter, Action.SETTLEMENT, checks, "Discount justified", desk.actor,
                  utcnow())  # fmt: skip
    agreement = services.accept_offer(low, plan(), desk.actor, TODAY)
    assert agreement.settled_cents == floor - 100


def test_an_offer_at_the_floor_is_within_the_firms_authority(desk):
    desk.client.settlement_floor_basis_points = 8000
    db.session.commit()
    at_floor = offer(desk, (balance(desk) * 8 + 9) // 10)  # rounded up: never below
    assert not services.needs_approval(at_floor)
    with pytest.raises(CasefileError, match="within the firm's authority"):
        services.ask_client(at_floor, desk.actor, utcnow())


def test_a_declined_offer_cannot_be_accepted_and_a_decline_needs_a_reason(desk, make):
    desk.client.settlement_floor_basis_points = 9000
    db.session.commit()
    low = offer(desk, 50_000)
    services.ask_client(low, desk.actor, utcnow())
    client_actor = make.actor(make.user(Role.CLIENT, client=desk.client))
    with pytest.raises(CasefileError, match="why you decline"):
        services.decide_offer(low, False, " ", client_actor, utcnow())
    services.decide_offer(low, False, "Not below 1,000", client_actor, utcnow())
    with pytest.raises(CasefileError, match="cannot be accepted"):
        services.accept_offer(low, plan(), desk.actor, TODAY)


def test_accepting_a_six_month_plan_schedules_it_and_moves_to_settlement(desk):
    total = balance(desk)
    agreement = services.accept_offer(offer(desk, total), plan(6), desk.actor, TODAY)
    rows = agreement.installments
    assert len(rows) == 6
    assert sum(i.amount_cents for i in rows) == total
    assert [i.due_on for i in rows][:3] == [date(2026, 12, 1), date(2027, 1, 4), date(2027, 2, 1)]
    assert desk.matter.stage is Stage.SETTLEMENT
    assert agreement.offer.status is OfferStatus.ACCEPTED


def test_awkward_amounts_are_scheduled_to_the_cent(desk):
    agreement = services.accept_offer(offer(desk, 100_000, installments=3), plan(3), desk.actor,
                                      TODAY)  # fmt: skip
    assert [i.amount_cents for i in agreement.installments] == [33_333, 33_333, 33_334]


def test_a_lump_sum_is_one_payment_due_on_the_pay_by_date(desk):
    terms = services.PlanTerms(SettlementKind.LUMP_SUM, date(2026, 12, 5))  # a Saturday
    agreement = services.accept_offer(
        offer(desk, 100_000, SettlementKind.LUMP_SUM, None), terms, desk.actor, TODAY
    )
    [only] = agreement.installments
    assert (only.amount_cents, only.due_on) == (100_000, date(2026, 12, 7))


def test_an_expired_offer_cannot_be_accepted(desk):
    stale = offer(desk, balance(desk), expires_on=TODAY)
    with pytest.raises(CasefileError, match="expired"):
        services.accept_offer(stale, plan(), desk.actor, TODAY + timedelta(days=1))


def test_payments_are_matched_to_installments_and_the_clock_finds_the_default(desk):
    agreement = services.accept_offer(offer(desk, 66_000), plan(6), desk.actor, TODAY)
    pay(desk, date(2026, 12, 1), 11_000)
    assert position(agreement, date(2026, 12, 1)).state is PlanState.ON_TRACK
    # January's installment (due Mon 4 Jan 2027) is not paid: late within the grace days...
    assert position(agreement, date(2027, 1, 10)).state is PlanState.LATE
    assert tracking.detect_defaults(desk.actor, date(2027, 1, 14)) == []
    # ...and in default the day after them.
    [defaulted] = tracking.detect_defaults(desk.actor, date(2027, 1, 15))
    assert defaulted.status is AgreementStatus.DEFAULTED
    assert defaulted.defaulted_on == date(2027, 1, 15)
    task = db.session.scalar(select(Task).where(Task.matter_id == desk.matter.id,
                                                Task.title.like("Plan in default%")))  # fmt: skip
    assert task.owner_id == desk.paralegal.id
    assert task.due_on == date(2027, 1, 15)
    assert tracking.detect_defaults(desk.actor, date(2027, 1, 16)) == []  # recorded once


def test_after_a_default_the_full_balance_less_payments_stands_and_suit_follows(desk):
    full = balance(desk)
    services.accept_offer(offer(desk, full - 20_000), plan(6), desk.actor, TODAY)
    pay(desk, TODAY, 10_000)
    tracking.detect_defaults(desk.actor, date(2027, 2, 1))
    agreement = current(desk)
    checks = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
    record_review(desk.matter, Action.SUIT, checks, "Sue on default", desk.actor, utcnow())
    tracking.act_on_default(agreement, Stage.LITIGATION, "Default: sue", desk.actor, TODAY)
    assert desk.matter.stage is Stage.LITIGATION
    assert balance(desk) == full - 10_000  # no discount: the whole balance, less what was paid
    with pytest.raises(CasefileError):
        tracking.act_on_default(agreement, Stage.JUDGMENT, "again", desk.actor, TODAY)


def test_renegotiation_keeps_the_old_plan_and_its_payments(desk):
    first = services.accept_offer(offer(desk, balance(desk)), plan(6), desk.actor, TODAY)
    pay(desk, TODAY, 10_000, "CHK-1")
    remaining = balance(desk)
    new = services.renegotiate_agreement(first, plan(12, date(2026, 12, 15)), desk.actor, TODAY)
    assert first.status is AgreementStatus.REPLACED
    assert new.replaces_id == first.id
    assert sum(i.amount_cents for i in new.installments) == remaining
    assert len(first.installments) == 6
    assert position(first, TODAY).paid_cents == 10_000
    assert position(new, TODAY).paid_cents == 0
    pay(desk, TODAY, 5_000, "CHK-2")
    assert position(new, TODAY).paid_cents == 5_000
    assert position(first, TODAY).paid_cents == 10_000


def test_a_paid_settlement_writes_off_the_discount_and_closes_as_settled(desk):
    agreement = services.accept_offer(
        offer(desk, 100_000, installments=2), plan(2), desk.actor, TODAY
    )
    pay(desk, TODAY, 50_000, "A")
    with pytest.raises(CasefileError, match="not paid in full"):
        tracking.complete_agreement(agreement, desk.actor, TODAY)
    pay(desk, TODAY, 50_000, "B")
    tracking.complete_agreement(agreement, desk.actor, TODAY)
    assert agreement.status is AgreementStatus.PAID
    assert (desk.matter.stage, desk.matter.outcome) == (Stage.CLOSED, Outcome.SETTLED)
    assert balance(desk) == 0


def test_the_plans_page_groups_due_late_and_in_default(desk, make):
    services.accept_offer(offer(desk, 66_000), plan(6), desk.actor, TODAY)
    week_of_first_due = plans_needing_attention(date(2026, 11, 30))
    assert [r.matter.id for r in week_of_first_due.due_this_week] == [desk.matter.id]
    assert plans_needing_attention(date(2026, 12, 3)).late[0].matter.id == desk.matter.id
    assert plans_needing_attention(date(2026, 12, 20)).in_default[0].matter.id == desk.matter.id
    assert plans_needing_attention(TODAY).due_this_week == []


BANKRUPT = BankruptcyCase("26-40112", 7, "Bankr. E.D.N.Y.", date(2026, 11, 20))


def test_a_bankruptcy_stay_refuses_a_settlement_and_writes_nothing(desk):
    made = offer(desk, balance(desk))
    place_hold(desk.matter, HoldKind.BANKRUPTCY, TODAY, "Notice of filing", desk.actor, TODAY,
               bankruptcy=BANKRUPT)  # fmt: skip
    before = snapshot()
    with pytest.raises(ComplianceRefusal):
        services.accept_offer(made, plan(), desk.actor, TODAY)
    assert snapshot() == before
    assert actions(desk.matter)[-1] == "compliance.refused"


def test_a_bankruptcy_stay_refuses_a_renegotiation_and_a_suit_after_default(desk):
    agreement = services.accept_offer(offer(desk, balance(desk)), plan(), desk.actor, TODAY)
    tracking.detect_defaults(desk.actor, date(2027, 1, 1))
    place_hold(desk.matter, HoldKind.BANKRUPTCY, TODAY, "Notice of filing", desk.actor, TODAY,
               bankruptcy=BANKRUPT)  # fmt: skip
    before = snapshot()
    with pytest.raises(ComplianceRefusal):
        services.renegotiate_agreement(agreement, plan(), desk.actor, TODAY)
    with pytest.raises(ComplianceRefusal):
        tracking.act_on_default(agreement, Stage.LITIGATION, "sue", desk.actor, TODAY)
    assert snapshot() == before
    assert actions(desk.matter)[-2:] == ["compliance.refused", "compliance.refused"]
