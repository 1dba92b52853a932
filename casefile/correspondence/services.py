"""Recording correspondence. Outgoing calls and letters ask the compliance guard first."""

import email
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.utils import parsedate_to_datetime

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.correspondence.models import CallOutcome, Channel, Correspondence
from casefile.database import transaction
from casefile.documents.services import Upload, check_uploads, files_undone_on_failure
from casefile.documents.store import DocumentStore
from casefile.documents.text import message_text
from casefile.domain.compliance import Action, LetterKind, Proposed
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.matters.services import resolve_disputes_by_verification


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


def log_client_message(matter: Matter, text: str, actor: Actor, now: datetime) -> Correspondence:
    """A message from the referring business, sent through the portal about its own matter.

    Kept as an incoming note the client can see (it is theirs), so it sits in the matter's
    timeline beside the firm's notes and is searchable like every other item."""
    user = actor.user
    if user is None or user.is_staff or user.client_id != matter.client_id:
        raise CasefileError("Only the client's own users can send a message on this matter.")
    if not text.strip():
        raise CasefileError("Write the message.", field="body")
    return _save(
        matter,
        Correspondence(
            channel=Channel.NOTE,
            direction="in",
            occurred_at=now,
            subject=f"Message from {user.name}"[:200],
            body=text.strip()[:10_000],
            client_visible=True,
        ),
        actor,
        "message from the client",
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
    with transaction():
        letter = _save(
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
        if kind is LetterKind.VERIFICATION:
            resolve_disputes_by_verification(matter, sent_at.date(), subject.strip(), actor, now)
    return letter


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


@dataclass
class EmailData:
    sent_at: datetime  # aware
    sender: str
    recipients: str
    subject: str
    body: str
    attachments: list[Upload] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # attachments not kept, and why


def parse_eml(data: bytes, fallback_time: datetime) -> EmailData:
    """The parts of an .eml file that the file needs; attachments outside the allow-list are
    listed rather than kept."""
    message = email.message_from_bytes(data, policy=policy.default)
    try:
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else fallback_time
    except (TypeError, ValueError):
        sent_at = fallback_time
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    found = EmailData(
        sent_at=sent_at.astimezone(UTC),
        sender=str(message["From"] or "")[:300],
        recipients=str(message["To"] or "")[:1000],
        subject=str(message["Subject"] or "(no subject)")[:200],
        body=message_text(message)[:100_000],
    )
    for part in message.iter_attachments():
        name = part.get_filename() or "attachment"
        payload = part.get_payload(decode=True) or b""
        try:
            check_uploads([Upload(name, payload)])
        except CasefileError as error:
            found.refused.append(error.message)
        else:
            found.attachments.append(Upload(name, payload))
    return found


def log_email(
    matter: Matter,
    data: EmailData,
    direction: str,
    actor: Actor,
    now: datetime,
    store: DocumentStore,
) -> Correspondence:
    """An e-mail to or from the debtor, with its attachments (their text kept for search)."""
    require(actor.user, Capability.WORK_MATTERS)
    if direction not in ("in", "out"):
        raise CasefileError("Say whether the e-mail was received or sent.", field="direction")
    if data.sent_at > now + timedelta(minutes=5):
        raise CasefileError("The e-mail's date is in the future.", field="sent_at")
    check_uploads(data.attachments)
    if direction == "out":
        ensure_allowed(matter, Proposed(Action.LETTER, data.sent_at, LetterKind.COLLECTION), actor)
    body = data.body
    if data.refused:
        body += "\n\n[Not kept: " + "; ".join(data.refused) + "]"
    item = Correspondence(
        channel=Channel.EMAIL,
        direction=direction,
        occurred_at=data.sent_at,
        sender=data.sender.strip(),
        recipients=data.recipients.strip(),
        subject=data.subject.strip() or "(no subject)",
        body=body.strip(),
    )
    return _save_with_files(matter, item, data.attachments, actor, store, f"e-mail: {item.subject}")


def log_paper(
    matter: Matter,
    upload: Upload,
    received_on: datetime,
    description: str,
    actor: Actor,
    now: datetime,
    store: DocumentStore,
) -> Correspondence:
    """A letter or court paper received, kept as a document with its text."""
    require(actor.user, Capability.WORK_MATTERS)
    if received_on > now:
        raise CasefileError("The date received cannot be in the future.", field="received_on")
    if not description.strip():
        raise CasefileError("Say what the paper is.", field="description")
    check_uploads([upload])
    item = Correspondence(
        channel=Channel.PAPER,
        direction="in",
        occurred_at=received_on,
        subject=description.strip()[:200],
    )
    return _save_with_files(matter, item, [upload], actor, store, f"paper: {item.subject}")


def _save_with_files(matter, item, uploads, actor, store, summary) -> Correspondence:
    with files_undone_on_failure(store) as files, transaction():
        saved_item = _save(matter, item, actor, summary)
        files.attach(
            uploads, matter.client_id, matter.id, actor, saved_item.id, client_visible=False
        )
    return saved_item
