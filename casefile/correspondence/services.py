"""Recording correspondence. Outgoing calls and letters ask the compliance guard first."""

from dataclasses import dataclass
from datetime import date, datetime

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.correspondence.models import CallOutcome, Channel, Correspondence
from casefile.database import transaction
from casefile.domain.compliance import Action, LetterKind, Proposed
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Matter


@dataclass
class CallData:
    at: datetime  # aware
    direction: str  # "out": we called; "in": the debtor called us
    phone: str
    outcome: CallOutcome
    notes: str = ""
    duration_seconds: int | None = None
    promise_on: date | None = None
    promise_cents: int | None = None


def log_note(matter: Matter, text: str, client_visible: bool, actor: Actor, now: datetime):
    """A note on the file; internal unless marked for the client."""
    require(actor.user, Capability.WORK_MATTERS)
    if not text.strip():
        raise CasefileError("Write the note.", field="body")
    return _save(
        matter,
        Correspondence(
            channel=Channel.NOTE, occurred_at=now, body=text.strip(), client_visible=client_visible
        ),
        actor,
        "note",
    )


def log_call(matter: Matter, data: CallData, actor: Actor, now: datetime) -> Correspondence:
    """A call made or received. A call we make must pass the guard (hours, frequency, holds)."""
    require(actor.user, Capability.WORK_MATTERS)
    if data.direction not in ("in", "out"):
        raise CasefileError("Say who called whom.", field="direction")
    if data.at > now:
        raise CasefileError("Record a call once it has happened.", field="at")
    if data.promise_cents is not None and data.promise_cents <= 0:
        raise CasefileError("A promised amount is more than zero.", field="promise_amount")
    if data.direction == "out":
        ensure_allowed(matter, Proposed(Action.CALL, data.at), actor)
    return _save(
        matter,
        Correspondence(
            channel=Channel.CALL,
            direction=data.direction,
            occurred_at=data.at,
            phone=data.phone.strip(),
            call_outcome=data.outcome,
            duration_seconds=data.duration_seconds,
            body=data.notes.strip(),
            promise_on=data.promise_on,
            promise_cents=data.promise_cents,
        ),
        actor,
        f"call {data.direction}: {data.outcome.label}",
    )


def log_letter(
    matter: Matter,
    kind: LetterKind,
    sent_at: datetime,
    subject: str,
    notes: str,
    actor: Actor,
    now: datetime,
) -> Correspondence:
    """A letter sent (until casefile generates its letters, staff record the ones they send)."""
    require(actor.user, Capability.WORK_MATTERS)
    if sent_at > now:
        raise CasefileError("Record a letter once it has been sent.", field="sent_on")
    if not subject.strip():
        raise CasefileError("Say what the letter was.", field="subject")
    ensure_allowed(matter, Proposed(Action.LETTER, sent_at, kind), actor)
    return _save(
        matter,
        Correspondence(
            channel=Channel.LETTER,
            direction="out",
            occurred_at=sent_at,
            letter_kind=kind,
            subject=subject.strip(),
            body=notes.strip(),
        ),
        actor,
        f"letter ({kind.value}): {subject.strip()}",
    )


def _save(matter: Matter, item: Correspondence, actor: Actor, summary: str) -> Correspondence:
    with transaction():
        item.matter_id, item.author_id = matter.id, actor.user_id
        db.session.add(item)
        db.session.flush()
        record(
            actor,
            f"correspondence.{item.channel.value}",
            "correspondence",
            item.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=summary[:500],
        )
    return item
