"""Notes, calls and letters on a matter, with the compliance guard asked before each call and
letter (the rules themselves are tested in tests/domain/test_compliance.py)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from casefile.audit.models import AuditEvent
from casefile.compliance.services import ComplianceRefusal
from casefile.correspondence.models import CallOutcome, Correspondence
from casefile.correspondence.services import CallData, log_call, log_letter, log_note
from casefile.domain.compliance import LetterKind
from casefile.domain.parties import DebtType, HoldKind
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.matters.services import place_hold
from tests.factories import TODAY

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=NY).astimezone(UTC)  # 3 p.m. for a NY debtor


@pytest.fixture
def case(make):
    paralegal = make.actor(make.user(Role.PARALEGAL))
    matter = make.matter(debt_type=DebtType.CONSUMER)  # the factory's debtor lives in NY
    return matter, paralegal


def call(at, outcome=CallOutcome.NO_ANSWER):
    return CallData(at=at, direction="out", phone="(212) 555-0100", outcome=outcome)


def test_the_eighth_call_attempt_in_a_week_is_refused_with_the_next_allowed_time(case):
    matter, paralegal = case
    log_letter(
        matter, LetterKind.VALIDATION_NOTICE, NOW - timedelta(days=20), "Notice", "", paralegal, NOW
    )
    for n in range(7):
        log_call(matter, call(NOW - timedelta(days=6, hours=-n)), paralegal, NOW)
    with pytest.raises(ComplianceRefusal, match="next call is allowed after") as refused:
        log_call(matter, call(NOW), paralegal, NOW)
    assert refused.value.decision.rule == "call_frequency"
    calls = select(func.count(Correspondence.id)).where(Correspondence.channel == "call")
    assert db.session.scalar(calls) == 7
    audited = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "compliance.refused")
    )
    assert audited.startswith("call: call_frequency")


def test_a_call_before_8_am_in_the_debtors_zone_is_refused(case):
    matter, paralegal = case
    early = datetime(2026, 11, 24, 7, 59, tzinfo=NY).astimezone(UTC)
    with pytest.raises(ComplianceRefusal, match="07:59"):
        log_call(matter, call(early), paralegal, NOW)


def test_after_a_conversation_the_validation_notice_is_due_within_five_days(case):
    matter, paralegal = case
    spoke = NOW - timedelta(days=8)
    log_call(matter, call(spoke, CallOutcome.SPOKE), paralegal, NOW)
    with pytest.raises(ComplianceRefusal, match="validation notice was due"):
        log_call(matter, call(NOW), paralegal, NOW)
    # A letter that is not the notice is refused too; the notice itself goes out.
    with pytest.raises(ComplianceRefusal, match="validation notice was due"):
        log_letter(matter, LetterKind.COLLECTION, NOW, "Reminder", "", paralegal, NOW)
    log_letter(matter, LetterKind.VALIDATION_NOTICE, NOW, "Validation notice", "", paralegal, NOW)
    log_call(matter, call(NOW + timedelta(minutes=5)), paralegal, NOW + timedelta(minutes=5))


def test_a_cease_request_lets_only_the_permitted_notices_through(case):
    matter, paralegal = case
    place_hold(matter, HoldKind.CEASE_COMMUNICATION, TODAY, "Letter of 20 Nov", paralegal, TODAY)
    with pytest.raises(ComplianceRefusal, match="stop communicating"):
        log_call(matter, call(NOW), paralegal, NOW)
    with pytest.raises(ComplianceRefusal, match="stop communicating"):
        log_letter(matter, LetterKind.COLLECTION, NOW, "Demand", "", paralegal, NOW)
    log_letter(matter, LetterKind.EFFORTS_ENDING, NOW, "Closing our file", "", paralegal, NOW)
    # The debtor may still call us, and we may note it.
    incoming = CallData(NOW, "in", "(212) 555-0100", CallOutcome.SPOKE, "Asked for a payoff")
    log_call(matter, incoming, paralegal, NOW)
    log_note(matter, "Sent payoff figures by mail", False, paralegal, NOW)
    assert db.session.scalar(select(func.count(Correspondence.id))) == 3


def test_correspondence_is_never_edited_or_deleted(case):
    matter, paralegal = case
    log_note(matter, "Debtor's accountant called", False, paralegal, NOW)
    for statement in ("UPDATE correspondence SET body = 'x'", "DELETE FROM correspondence"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
