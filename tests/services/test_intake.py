"""The firm's review of placements: conflict and duplicate checks, accept and reject."""

import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.diary.models import Task
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.parties import PartyKind, PartyRole
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.intake.queries import conflicts, duplicates, queue, review_flags
from casefile.intake.services import accept_placement, reject_placement
from casefile.matters.services import InvoiceData, PartyData, add_party
from tests.factories import TODAY


@pytest.fixture
def people(make):
    return make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)


def placement(make, client, debtor, numbers=("INV-1",)):
    invoices = [InvoiceData(n, TODAY.replace(day=1), TODAY.replace(day=2), 10_000) for n in numbers]
    return make.matter(client=client, debtor=debtor, stage=Stage.INTAKE, invoices=invoices)


def test_the_queue_lists_placements_oldest_first(make):
    client = make.client()
    first, second = placement(make, client, "A Ltd"), placement(make, client, "B Ltd")
    make.matter(client=client)  # already open: not waiting
    assert [m.id for m in queue()] == [first.id, second.id]


def test_a_debtor_who_is_a_client_of_the_firm_is_a_conflict(make):
    make.client("ACME, Inc.")
    matter = placement(make, make.client("Brightline"), "Acme Incorporated")
    [found] = conflicts(matter)
    assert (found.placed_name, found.client.name) == ("Acme Incorporated", "ACME, Inc.")


def test_a_name_on_another_matter_is_found_whatever_the_word_order(make):
    other = make.matter(debtor="Smith, John")
    matter = placement(make, make.client(), "John Smith")
    [found] = conflicts(matter)
    assert (found.found_name, found.party.matter_id) == ("Smith, John", other.id)


def test_aliases_are_checked_too(make):
    other = make.matter(debtor="Northwind Traders LLC")
    matter = placement(make, make.client(), "J. Doe")
    add_party(
        matter,
        PartyData(
            name="Jane Doe",
            kind=PartyKind.PERSON,
            role=PartyRole.GUARANTOR,
            aliases="Northwind Traders",
        ),
        make.actor(),
    )
    db.session.refresh(matter)
    [found] = conflicts(matter)
    assert found.party.matter_id == other.id


def test_the_same_client_placing_the_same_debtor_or_invoice_is_flagged(make):
    client = make.client()
    earlier = make.matter(client=client, debtor="Hart & Daughters LLC")
    numbered = placement(make, client, "Someone Else", numbers=("INV-77",))
    matter = placement(make, client, "Hart and Daughters", numbers=("INV-77", "INV-78"))
    found = {d.matter.id: d for d in duplicates(matter)}
    assert found[earlier.id].same_debtor
    assert found[numbered.id].invoice_numbers == ("INV-77",)
    assert not found[numbered.id].same_debtor
    other_client = placement(make, make.client(), "Hart & Daughters", numbers=("INV-77",))
    assert other_client.id not in found


def test_accepting_assigns_opens_and_creates_the_first_tasks(make, people):
    attorney, paralegal = people
    matter = placement(make, make.client(), "Debtor Co")
    accept_placement(matter, attorney.id, paralegal.id, "", make.actor(attorney), TODAY)
    assert (matter.stage, matter.attorney_id, matter.paralegal_id) == (
        Stage.OPEN,
        attorney.id,
        paralegal.id,
    )
    assert db.session.scalar(select(func.count(Task.id)).where(Task.matter_id == matter.id)) > 0
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.matter_id == matter.id)
    ).all()
    assert "intake.accepted" in actions
    assert "matter.stage_changed" in actions
    with pytest.raises(CasefileError, match="already been reviewed"):
        reject_placement(matter, "too late", make.actor(attorney), TODAY)


def test_a_refused_acceptance_changes_nothing(make, people):
    attorney, paralegal = people
    matter = placement(make, make.client(), "Debtor Co")
    with pytest.raises(CasefileError, match="Choose an attorney"):
        accept_placement(matter, paralegal.id, None, "", make.actor(attorney), TODAY)
    db.session.refresh(matter)
    assert (matter.stage, matter.attorney_id) == (Stage.INTAKE, None)
    with pytest.raises(NotPermittedError):
        accept_placement(matter, attorney.id, None, "", make.actor(paralegal), TODAY)


def test_rejecting_closes_the_matter_with_the_reason(make, people):
    attorney, _ = people
    matter = placement(make, make.client(), "Debtor Co")
    with pytest.raises(CasefileError, match="why"):
        reject_placement(matter, "  ", make.actor(attorney), TODAY)
    reject_placement(matter, "Debt is over six years old", make.actor(attorney), TODAY)
    assert (matter.stage, matter.outcome) == (Stage.CLOSED, Outcome.REJECTED)
    assert matter.stage_events[-1].reason == "Debt is over six years old"


def test_the_queues_counts_agree_with_each_placements_own_checks(make):
    make.client("ACME, Inc.")
    client = make.client()
    make.matter(client=client, debtor="Hart & Daughters LLC")
    make.matter(debtor="Smith, John")
    placed = [
        placement(make, client, "Acme Incorporated"),
        placement(make, client, "Hart and Daughters", numbers=("INV-77",)),
        placement(make, client, "John Smith", numbers=("INV-77", "INV-78")),
        placement(make, make.client(), "Nobody Known"),
    ]
    flags = review_flags(queue())
    for matter in placed:
        assert flags[matter.id] == (len(conflicts(matter)), len(duplicates(matter))), matter
    assert flags[placed[0].id][0] == 1
    assert flags[placed[2].id] == (1, 1)
