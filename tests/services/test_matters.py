"""Matter use cases against a real database: what is written, and what a refusal leaves."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.compliance.services import ComplianceRefusal
from casefile.diary.models import Task
from casefile.domain.errors import CasefileError, NotPermittedError, TransitionError
from casefile.domain.parties import DebtType, HoldEnd, HoldKind, PartyKind
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.matters.models import Hold, Invoice, Matter, Party, StageEvent
from casefile.matters.services import (
    InvoiceData,
    MatterData,
    PartyData,
    add_invoice,
    create_matter,
    lift_hold,
    move_stage,
    place_hold,
    reopen_matter,
)
from casefile.types import utcnow
from tests.factories import TODAY

COUNTED = (Matter, Party, Invoice, StageEvent, Task, AuditEvent)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


@pytest.fixture
def team(make):
    attorney, paralegal = make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)
    return attorney, paralegal, make.client("Acme Supply")


def _data(client, attorney=None, paralegal=None, **changes) -> MatterData:
    values = {
        "client_id": client.id,
        "debt_type": DebtType.COMMERCIAL,
        "jurisdiction": "NY",
        "placed_on": TODAY,
        "attorney_id": attorney.id if attorney else None,
        "paralegal_id": paralegal.id if paralegal else None,
    }
    return MatterData(**{**values, **changes})


def _invoice(number="INV-1", amount=125_050, issued=TODAY - timedelta(days=60), due=None):
    return InvoiceData(number, issued, due or issued + timedelta(days=30), amount)


def test_creating_a_matter_writes_it_whole(make, team):
    attorney, paralegal, client = team
    matter = create_matter(
        _data(client, attorney, paralegal),
        PartyData("Harbor Bistro LLC", PartyKind.BUSINESS),
        [_invoice("A-1"), _invoice("A-2", 500)],
        make.actor(attorney),
        TODAY,
    )
    assert matter.reference == "CF-2026-000001"
    assert (matter.stage, matter.debtor_name) == (Stage.OPEN, "Harbor Bistro LLC")
    assert sorted(i.amount_cents for i in matter.invoices) == [500, 125_050]
    assert [(e.from_stage, e.to_stage, e.actor_id) for e in matter.stage_events] == [
        (None, Stage.OPEN, attorney.id)
    ]
    tasks = db.session.scalars(select(Task).where(Task.matter_id == matter.id)).all()
    assert [(t.title, t.owner_id) for t in tasks] == [
        ("Prepare and send the first demand", paralegal.id)
    ]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "matter.created"))
    assert (event.actor_id, event.matter_id, event.client_id) == (attorney.id, matter.id, client.id)
    second = make.matter(client=client)
    assert second.reference == "CF-2026-000002"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"invoices": []}, "invoices"),
        ({"invoices": [_invoice(due=TODAY - timedelta(days=90))]}, "due_on"),
        ({"invoices": [_invoice(issued=TODAY + timedelta(days=1))]}, "issued_on"),
        ({"invoices": [_invoice(amount=0)]}, "amount"),
        ({"invoices": [_invoice("X"), _invoice("X")]}, "invoices"),
        ({"placed_on": TODAY + timedelta(days=1)}, "placed_on"),
        ({"jurisdiction": "XX"}, "jurisdiction"),
        ({"debtor": PartyData("  ", PartyKind.PERSON)}, "name"),
        ({"debtor": PartyData("Ann", PartyKind.PERSON, emails=["not-an-email"])}, "email"),
        ({"wrong_attorney": True}, "attorney_id"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_writes_nothing(make, team, change, field):
    attorney, paralegal, client = team
    invoices = change.pop("invoices", [_invoice()])
    debtor = change.pop("debtor", PartyData("Good Debtor", PartyKind.PERSON))
    if change.pop("wrong_attorney", False):
        change["attorney_id"] = paralegal.id  # a paralegal is not an attorney
    before = counts()
    with pytest.raises(CasefileError) as refused:
        create_matter(
            _data(client, attorney, **change), debtor, invoices, make.actor(attorney), TODAY
        )
    assert refused.value.field == field
    assert counts() == before


def test_an_inactive_client_cannot_place_matters(make, team):
    attorney, _, _ = team
    from casefile.clients.services import ClientData, create_client

    gone = create_client(ClientData("Gone Ltd", active=False), make.actor())
    with pytest.raises(CasefileError, match="active client"):
        create_matter(
            _data(gone, attorney),
            PartyData("D", PartyKind.PERSON),
            [_invoice()],
            make.actor(attorney),
            TODAY,
        )


def test_moving_a_matter_records_history_and_plans_the_next_tasks(make, team):
    attorney, paralegal, client = team
    matter = make.matter(client=client, attorney=attorney, paralegal=paralegal)
    move_stage(matter, Stage.DEMAND, "Letter 1 sent", make.actor(paralegal), TODAY)
    assert matter.stage is Stage.DEMAND
    last = matter.stage_events[-1]
    assert (last.from_stage, last.to_stage, last.reason, last.actor_id) == (
        Stage.OPEN,
        Stage.DEMAND,
        "Letter 1 sent",
        paralegal.id,
    )
    open_titles = set(
        db.session.scalars(
            select(Task.title).where(Task.matter_id == matter.id, Task.done_at.is_(None))
        )
    )
    assert open_titles == {"Follow up on the demand letter", "Decide on final demand or suit"}


def test_a_refused_move_changes_nothing(make, team):
    attorney, _, client = team
    matter = make.matter(client=client, attorney=attorney)
    before = counts()
    with pytest.raises(TransitionError, match="cannot move to Judgment"):
        move_stage(matter, Stage.JUDGMENT, "skip ahead", make.actor(attorney), TODAY)
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).stage is Stage.OPEN
    assert counts() == before


def test_closing_ends_open_tasks_and_reopening_returns_to_the_stage_left(make, team):
    attorney, paralegal, client = team
    matter = make.matter(client=client, attorney=attorney, paralegal=paralegal)
    actor = make.actor(attorney)
    move_stage(matter, Stage.DEMAND, "sent", actor, TODAY)
    with pytest.raises(TransitionError, match="requires an outcome"):
        move_stage(matter, Stage.CLOSED, "paid", actor, TODAY)
    move_stage(matter, Stage.CLOSED, "paid", actor, TODAY, outcome=Outcome.PAID_IN_FULL)
    assert (matter.outcome, matter.closed_from) == (Outcome.PAID_IN_FULL, Stage.DEMAND)
    still_open = db.session.scalar(
        select(func.count(Task.id)).where(Task.matter_id == matter.id, Task.done_at.is_(None))
    )
    assert still_open == 0
    reopen_matter(matter, "cheque bounced", actor, TODAY)
    assert (matter.stage, matter.outcome, matter.closed_from) == (Stage.DEMAND, None, None)


def test_only_an_attorney_accepts_an_intake(make, team):
    attorney, paralegal, client = team
    matter = make.matter(client=client, stage=Stage.INTAKE)
    with pytest.raises(NotPermittedError):
        move_stage(matter, Stage.OPEN, "looks fine", make.actor(paralegal), TODAY)
    move_stage(matter, Stage.OPEN, "no conflict", make.actor(attorney), TODAY)
    assert matter.stage is Stage.OPEN


def test_client_users_cannot_use_matter_services(make, team):
    attorney, _, client = team
    matter = make.matter(client=client, attorney=attorney)
    client_user = make.actor(make.user(Role.CLIENT, client=client))
    calls = [
        lambda: create_matter(
            _data(client), PartyData("D", PartyKind.PERSON), [_invoice()], client_user, TODAY
        ),
        lambda: move_stage(matter, Stage.DEMAND, "x", client_user, TODAY),
        lambda: add_invoice(matter, _invoice("Z-9"), client_user, TODAY),
        lambda: place_hold(matter, HoldKind.DISPUTE, TODAY, "x", client_user, TODAY),
    ]
    for call in calls:
        with pytest.raises(NotPermittedError):
            call()


def test_holds_are_placed_with_evidence_and_lifted_not_deleted(make, team):
    attorney, _, client = team
    matter = make.matter(client=client, attorney=attorney)
    actor = make.actor(attorney)
    with pytest.raises(CasefileError, match="rests on"):
        place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "  ", actor, TODAY)
    hold = place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 7 notice", actor, TODAY)
    with pytest.raises(CasefileError, match="already active"):
        place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "again", actor, TODAY)
    lift_hold(hold, "Case dismissed", actor, utcnow(), HoldEnd.DISMISSED)
    db.session.expire_all()
    kept = db.session.get(Hold, hold.id)
    assert (kept.active, kept.lift_reason) == (False, "Case dismissed")
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "hold")
    ).all()
    assert actions == ["hold.placed", "hold.lifted"]


def test_the_compliance_guard_refuses_suit_during_a_bankruptcy_stay_and_audits_it(make):
    attorney = make.actor(make.user(Role.ATTORNEY))
    matter = make.matter()
    move_stage(matter, Stage.DEMAND, "First demand sent", attorney, TODAY)
    hold = place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Ch. 7, EDNY 26-40112", attorney, TODAY)
    with pytest.raises(ComplianceRefusal, match="automatic stay") as refused:
        move_stage(matter, Stage.LITIGATION, "File suit", attorney, TODAY)
    assert refused.value.decision.citation.startswith("11 U.S.C. § 362")
    db.session.refresh(matter)
    assert matter.stage is Stage.DEMAND
    audited = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "compliance.refused"))
    assert (audited.result, audited.matter_id) == ("denied", matter.id)
    assert "bankruptcy_stay" in audited.summary
    lift_hold(
        db.session.get(Hold, hold.id), "Case dismissed", attorney, utcnow(), HoldEnd.DISMISSED
    )
    with pytest.raises(ComplianceRefusal, match="An attorney must review the file"):
        move_stage(matter, Stage.LITIGATION, "File suit", attorney, TODAY)
    make.review(matter, attorney)
    move_stage(matter, Stage.LITIGATION, "File suit", attorney, TODAY)
    assert matter.stage is Stage.LITIGATION


def test_suit_on_a_consumer_debt_past_new_yorks_three_years_is_refused(make):
    attorney = make.actor(make.user(Role.ATTORNEY))
    old = [InvoiceData("OLD-1", date(2022, 12, 1), date(2023, 1, 10), 50_000)]
    consumer = make.matter(debt_type=DebtType.CONSUMER, invoices=old)
    business = make.matter(debt_type=DebtType.COMMERCIAL, invoices=old)
    for matter in (consumer, business):
        move_stage(matter, Stage.DEMAND, "Demand sent", attorney, TODAY)
    with pytest.raises(ComplianceRefusal, match="time-barred") as refused:
        move_stage(consumer, Stage.LITIGATION, "File suit", attorney, TODAY)
    assert "the limitation period ended on 2026-01-10" in str(refused.value)
    assert "CPLR 214-i" in refused.value.decision.citation
    assert "invoice OLD-1" in refused.value.decision.citation
    make.review(business, attorney)
    move_stage(business, Stage.LITIGATION, "File suit", attorney, TODAY)  # six years: in time
    assert business.stage is Stage.LITIGATION
