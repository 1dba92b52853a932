"""Enforcement through the services: a guarded start, the status flow, recoveries posted as
payments, and the next step in the diary."""

from datetime import date

import pytest
from sqlalchemy import select

from casefile.compliance.reviews import Checklist, record_review
from casefile.compliance.services import ComplianceRefusal
from casefile.diary.models import Task
from casefile.domain.compliance import Action
from casefile.domain.enforcement import (
    FLOW,
    EnforcementKind,
    EnforcementStatus,
    check_status_change,
)
from casefile.domain.errors import CasefileError, TransitionError
from casefile.domain.parties import HoldKind
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.queries import matter_balance
from casefile.ledger.services import PaymentData
from casefile.matters.services import BankruptcyCase, place_hold
from casefile.resolution import enforcement, litigation
from casefile.types import utcnow
from tests.factories import TODAY
from tests.web.helpers import snapshot

S = EnforcementStatus


@pytest.fixture
def judged(desk):
    checks = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
    record_review(desk.matter, Action.SUIT, checks, "", desk.actor, utcnow())
    litigation.file_suit(desk.matter, litigation.SuitData("Civil Court", TODAY), desk.actor, TODAY)
    litigation.enter_judgment(
        desk.matter, litigation.JudgmentData(TODAY, 125_000), desk.actor, TODAY
    )
    return desk


def garnish(desk, next_step=None):
    return enforcement.start_enforcement(
        desk.matter,
        EnforcementKind.WAGE_GARNISHMENT,
        "Acme Payroll LLC",
        TODAY,
        next_step or enforcement.NextStep("Serve the income execution", date(2026, 12, 1)),
        desk.actor,
        TODAY,
    )


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_status_flow_allows_exactly_its_table(source, target):
    if target in FLOW[source]:
        check_status_change(source, target)
    else:
        with pytest.raises(TransitionError):
            check_status_change(source, target)


def test_the_first_action_moves_the_matter_to_enforcement_with_its_next_step(judged):
    action = garnish(judged)
    assert judged.matter.stage is Stage.ENFORCEMENT
    assert action.status is S.PREPARED
    task = db.session.scalar(select(Task).where(Task.title.like("Wage garnishment:%")))
    assert (task.due_on, task.owner_id) == (date(2026, 12, 1), judged.attorney.id)


def test_enforcement_needs_a_judgment(desk):
    with pytest.raises(CasefileError, match="record the judgment first"):
        garnish(desk)


def test_a_bankruptcy_stay_refuses_enforcement_and_writes_nothing(judged):
    place_hold(judged.matter, HoldKind.BANKRUPTCY, TODAY, "Notice", judged.actor, TODAY,
               bankruptcy=BankruptcyCase("26-1", 7, "Bankr. S.D.N.Y.", TODAY))  # fmt: skip
    before = snapshot()
    with pytest.raises(ComplianceRefusal, match="bankruptcy"):
        garnish(judged)
    assert snapshot() == before


def test_recoveries_are_posted_as_payments_once_the_action_is_served(judged):
    action = garnish(judged)
    payment = PaymentData(TODAY, 20_000, "check", "Acme Payroll LLC", "GARN-1")
    with pytest.raises(CasefileError, match="served or active"):
        enforcement.record_recovery(action, payment, judged.actor, TODAY)
    none = enforcement.NextStep()
    enforcement.change_status(action, S.ISSUED, TODAY, "Sheriff", none, judged.actor, TODAY)
    enforcement.change_status(action, S.SERVED, TODAY, "", none, judged.actor, TODAY)
    with pytest.raises(TransitionError):
        enforcement.change_status(action, S.PREPARED, TODAY, "", none, judged.actor, TODAY)
    before = matter_balance(judged.matter, TODAY).total_cents
    enforcement.record_recovery(action, payment, judged.actor, TODAY, "nonce-1")
    enforcement.record_recovery(action, payment, judged.actor, TODAY, "nonce-1")  # sent twice
    assert [r.entry.amount_cents for r in action.recoveries] == [20_000]
    assert matter_balance(judged.matter, TODAY).total_cents == before - 20_000
    assert "wage garnishment" in action.recoveries[0].entry.memo


def test_an_enforcement_action_from_the_matter_page(client, judged):
    from casefile.web.helpers import today
    from tests.web.helpers import login

    login(client, judged.attorney)
    day = today().isoformat()
    response = client.post(
        f"/matters/{judged.matter.id}/enforcement",
        data={"kind": "bank_levy", "third_party": "First Hudson Bank", "started_on": day,
              "next_step": "Serve the restraining notice", "next_step_on": day},
    )  # fmt: skip
    assert response.status_code == 302
    action = db.session.scalar(select(enforcement.EnforcementAction))
    for status in ("issued", "served"):
        client.post(
            f"/enforcement/{action.id}/status",
            data={f"status-{action.id}-status": status, f"status-{action.id}-on": day},
        )
    client.post(
        f"/enforcement/{action.id}/recoveries",
        data={"recovery-on": day, "recovery-amount": "300.00", "recovery-method": "check",
              "recovery-payer": "First Hudson Bank", "recovery-received_by": "firm",
              "recovery-nonce": "levy-1"},
    )  # fmt: skip
    page = client.get(f"/matters/{judged.matter.id}").get_data(as_text=True)
    section = page.split('id="enforcement"')[1]
    assert "Bank restraint and levy" in section
    assert "bank: First Hudson Bank" in section
    assert "Served" in section
    assert "Recovered <strong>$300.00</strong>" in section


def test_the_daily_command_records_defaults(app, desk):
    from casefile.resolution import services

    data = services.OfferData(
        services.OfferFrom.DEBTOR, TODAY, services.SettlementKind.PLAN, 66_000, 6
    )
    offer = services.record_offer(desk.matter, data, desk.actor, TODAY)
    terms = services.PlanTerms(services.SettlementKind.PLAN, date(2026, 12, 1), count=6)
    services.accept_offer(offer, terms, desk.actor, TODAY)
    result = app.test_cli_runner().invoke(
        args=["resolution", "check-defaults", "--on", "2026-12-20"]
    )
    assert result.exit_code == 0
    assert "1 plan(s) newly in default" in result.output
