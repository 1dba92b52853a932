"""Ask the guard (casefile/domain/compliance.py) before acting on a matter.

Every service that takes a guarded action calls `ensure_allowed` first, before its own
transaction: a refusal is audited in a transaction of its own (so it is kept although the
action is not taken) and raised with the rule's reason and source for the user to read.
"""

from datetime import UTC, datetime, time

from sqlalchemy import select

from casefile.audit.services import Actor, record
from casefile.compliance.reviews import reviewed_actions
from casefile.compliance.rules import consumer_rules_on
from casefile.correspondence.models import CallOutcome, Channel, Correspondence
from casefile.database import transaction, write_intent
from casefile.domain.compliance import (
    CallAttempt,
    Decision,
    Facts,
    LetterKind,
    Proposed,
    decide,
    zone_for,
)
from casefile.domain.errors import CasefileError
from casefile.domain.jurisdictions import limitation
from casefile.domain.parties import DebtType, PartyRole
from casefile.extensions import db
from casefile.ledger.rules import jurisdiction
from casefile.letters.models import Letter, LetterStatus
from casefile.matters.models import Address, Hold, Invoice, Matter, Party
from casefile.types import utcnow


class ComplianceRefusal(CasefileError):
    """An action the guard refuses; the message says which rule and why."""

    def __init__(self, decision: Decision):
        super().__init__(f"{decision.reason} ({decision.citation})")
        self.decision = decision


def matter_facts(matter: Matter) -> Facts:
    """What the guard needs to know about `matter`, read from the database."""
    holds = db.session.scalars(
        select(Hold.kind).where(Hold.matter_id == matter.id, Hold.lifted_at.is_(None))
    )
    region = db.session.scalar(
        select(Address.region)
        .join(Party, Party.id == Address.party_id)
        .where(Party.matter_id == matter.id, Party.role == PartyRole.DEBTOR)
        .order_by(Party.id, Address.id)
        .limit(1)
    )
    consumer = matter.debt_type is DebtType.CONSUMER
    due_dates = dict(
        db.session.execute(
            select(Invoice.number, Invoice.due_on).where(Invoice.matter_id == matter.id)
        ).all()
    )
    barred = limitation(jurisdiction(matter.jurisdiction), due_dates, consumer, utcnow().date())
    sent = _sent(matter.id)
    calls = tuple(
        CallAttempt(at, outcome is CallOutcome.SPOKE)
        for channel, at, outcome, _kind in sent
        if channel is Channel.CALL
    )
    # A communication conveys information about the debt: a conversation or a letter (a
    # limited-content voicemail does not count).
    communicated = [
        at.date()
        for channel, at, outcome, _kind in sent
        if channel is Channel.LETTER or outcome is CallOutcome.SPOKE
    ]
    notices = [
        at.date()
        for channel, at, _outcome, kind in sent
        if channel is Channel.LETTER and kind is LetterKind.VALIDATION_NOTICE
    ]
    return Facts(
        consumer=consumer,
        holds=frozenset(holds),
        time_zone=zone_for(region or ""),
        first_communication_on=communicated[0] if communicated else None,
        validation_notice_on=notices[0] if notices else None,
        calls=calls,
        limitation_date=barred.last_day if barred else None,
        limitation_source=f"{barred.source}, from invoice {barred.invoice}" if barred else "",
        reviewed=reviewed_actions(matter.id, utcnow()),
    )


def _sent(matter_id: int) -> list[tuple]:
    """What went out to the debtor, oldest first: (channel, at, call outcome, letter kind).

    A generated letter counts from the day it was marked sent (noon UTC), and not at all while
    it is a draft: a letter never mailed is no communication and gives no notice."""
    rows = db.session.execute(
        select(Correspondence.channel, Correspondence.occurred_at, Correspondence.call_outcome,
               Correspondence.letter_kind, Letter.status, Letter.sent_on)
        .outerjoin(Letter, Letter.correspondence_id == Correspondence.id)
        .where(Correspondence.matter_id == matter_id, Correspondence.direction == "out")
    ).all()  # fmt: skip
    sent = []
    for channel, at, outcome, kind, status, sent_on in rows:
        if status is not None:
            if status is not LetterStatus.SENT:
                continue
            at = datetime.combine(sent_on, time(12), UTC)
        sent.append((channel, at, outcome, kind))
    return sorted(sent, key=lambda row: row[1])


def would_refuse(matter: Matter, proposals: dict) -> dict:
    """For showing choices: which of `proposals` (key -> Proposed) the guard would refuse, as
    key -> Decision. Asking is not attempting, so nothing is audited here."""
    facts = matter_facts(matter)
    decisions = {
        key: decide(facts, proposed, consumer_rules_on(proposed.at.date()))
        for key, proposed in proposals.items()
    }
    return {key: decision for key, decision in decisions.items() if not decision}


def refused_and_recorded(matter: Matter, proposed: Proposed, actor: Actor) -> Decision | None:
    """For a batch that keeps its own transaction: the refusal (audited in the caller's
    transaction, nothing rolled back), or None when the guard allows `proposed`."""
    decision = decide(matter_facts(matter), proposed, consumer_rules_on(proposed.at.date()))
    if decision:
        return None
    record(
        actor,
        "compliance.refused",
        "matter",
        matter.reference,
        matter_id=matter.id,
        client_id=matter.client_id,
        result="denied",
        summary=f"{proposed.action.value}: {decision.rule}: {decision.reason}"[:500],
    )
    return decision


def ensure_allowed(matter: Matter, proposed: Proposed, actor: Actor) -> None:
    """Return if the guard allows `proposed` on `matter`; otherwise audit and refuse."""
    decision = decide(matter_facts(matter), proposed, consumer_rules_on(proposed.at.date()))
    if decision:
        return
    db.session.rollback()  # nothing the caller staged goes in with the refusal's audit event
    with write_intent(), transaction():
        record(
            actor,
            "compliance.refused",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=matter.client_id,
            result="denied",
            summary=f"{proposed.action.value}: {decision.rule}: {decision.reason}"[:500],
        )
    raise ComplianceRefusal(decision)
