"""Holds carry their evidence; a bankruptcy its case and how it ended; a verification of the
debt answers a dispute."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from casefile.correspondence.services import log_letter
from casefile.documents.models import Document
from casefile.documents.services import Upload
from casefile.documents.store import DocumentStore
from casefile.domain.compliance import LetterKind
from casefile.domain.errors import CasefileError
from casefile.domain.parties import HoldEnd, HoldKind
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.matters.models import Hold
from casefile.matters.services import BankruptcyCase, lift_hold, move_stage, place_hold
from tests.factories import TODAY
from tests.files import pdf_with_text

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
CASE = BankruptcyCase("26-40112", 7, "Bankr. E.D.N.Y.", date(2026, 11, 20))


@pytest.fixture
def attorney(make):
    return make.actor(make.user(Role.ATTORNEY))


def in_demand(make):
    matter = make.matter()
    move_stage(matter, Stage.DEMAND, "Demand letter sent", make.actor(), TODAY)
    return matter


def bankrupt(matter, actor):
    return place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Notice", actor, TODAY, bankruptcy=CASE)


def test_a_bankruptcy_hold_records_its_case_and_runs_from_the_filing(make, attorney):
    matter = make.matter()
    hold = place_hold(
        matter, HoldKind.BANKRUPTCY, TODAY, "Notice of filing", attorney, TODAY, bankruptcy=CASE
    )
    assert (hold.case_number, hold.chapter, hold.court, hold.filed_on) == (
        "26-40112",
        7,
        "Bankr. E.D.N.Y.",
        date(2026, 11, 20),
    )
    assert hold.since_on == date(2026, 11, 20)  # the automatic stay starts at filing


def test_a_bankruptcy_hold_can_be_placed_before_the_case_is_known(make, attorney):
    hold = place_hold(
        make.matter(), HoldKind.BANKRUPTCY, TODAY, "Debtor says she filed", attorney, TODAY
    )
    assert (hold.active, hold.case_number, hold.since_on) == (True, "", TODAY)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (BankruptcyCase("26-1", 9, "Bankr. S.D.N.Y.", date(2026, 11, 1)), "chapter: 7, 11, 12"),
        (BankruptcyCase("26-1", 13, "Bankr. S.D.N.Y.", date(2026, 12, 1)), "in the future"),
    ],
)
def test_impossible_case_details_are_refused_and_nothing_is_saved(make, attorney, case, message):
    matter = make.matter()
    with pytest.raises(CasefileError, match=message):
        place_hold(matter, HoldKind.BANKRUPTCY, TODAY, "Notice", attorney, TODAY, bankruptcy=case)
    assert db.session.scalar(select(func.count(Hold.id))) == 0


def test_the_evidence_file_is_kept_with_the_hold_for_staff_only(make, attorney, tmp_path):
    matter = make.matter()
    notice = Upload("notice-of-filing.pdf", pdf_with_text("Notice of Chapter 7 filing"))
    hold = place_hold(
        matter,
        HoldKind.BANKRUPTCY,
        TODAY,
        "Notice received by mail",
        attorney,
        TODAY,
        bankruptcy=CASE,
        evidence=notice,
        store=DocumentStore(tmp_path / "docs"),
    )
    document = db.session.get(Document, hold.evidence_document_id)
    assert (document.filename, document.matter_id, document.client_visible) == (
        "notice-of-filing.pdf",
        matter.id,
        False,
    )
    assert "Chapter 7" in document.text


def test_a_bankruptcy_is_lifted_only_with_how_it_ended(make, attorney):
    matter = in_demand(make)
    hold = place_hold(
        matter, HoldKind.BANKRUPTCY, TODAY, "Notice", attorney, TODAY, bankruptcy=CASE
    )
    with pytest.raises(CasefileError, match="discharged, dismissed or relief"):
        lift_hold(hold, "Case over", attorney, NOW)
    assert hold.active
    lift_hold(hold, "Dismissed for failure to file schedules", attorney, NOW, HoldEnd.DISMISSED)
    assert (hold.active, hold.lift_outcome, matter.stage) == (False, "dismissed", Stage.DEMAND)


def test_a_discharge_closes_the_matter_as_bankrupt(make, attorney):
    matter = in_demand(make)
    hold = place_hold(
        matter, HoldKind.BANKRUPTCY, TODAY, "Notice", attorney, TODAY, bankruptcy=CASE
    )
    lift_hold(hold, "Order of discharge entered", attorney, NOW, HoldEnd.DISCHARGED)
    assert (matter.stage, matter.outcome) == (Stage.CLOSED, Outcome.BANKRUPT)
    assert "26-40112" in matter.stage_events[-1].reason


def test_a_verification_letter_answers_the_dispute_and_lifts_its_hold(make, attorney):
    matter = in_demand(make)
    dispute = place_hold(matter, HoldKind.DISPUTE, TODAY, "Written dispute", attorney, TODAY)
    with pytest.raises(CasefileError, match="dispute"):
        log_letter(matter, LetterKind.COLLECTION, NOW, "Final demand", "", attorney, NOW)
    log_letter(
        matter, LetterKind.VERIFICATION, NOW, "Verification with invoices", "", attorney, NOW
    )
    assert (dispute.active, dispute.lift_outcome) == (False, "verified")
    assert dispute.lift_reason == "Verification sent on 2026-11-24: Verification with invoices"
    log_letter(matter, LetterKind.COLLECTION, NOW, "Final demand", "", attorney, NOW)
