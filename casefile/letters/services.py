"""Generating a letter, reviewing it and sending it.

A generated letter is stored three ways in one transaction: the DOCX as a document, an outgoing
letter in the matter's correspondence (which the search index picks up), and a `Letter` row that
carries its way out (approval, sending, the response deadline). It counts as a communication
with the debtor for the compliance guard only once it is marked sent, on the date it was sent.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.reviews import Checklist, record_review
from casefile.compliance.services import ensure_allowed, would_refuse
from casefile.correspondence.models import Channel, Correspondence
from casefile.database import transaction
from casefile.diary.services import create_task
from casefile.documents.services import Upload, files_undone_on_failure
from casefile.documents.store import DocumentStore
from casefile.documents.text import extract
from casefile.domain.calendar import roll_forward
from casefile.domain.compliance import Action, Proposed
from casefile.domain.diary import Priority
from casefile.domain.errors import CasefileError
from casefile.domain.filetypes import DOCX
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.ledger.rules import public_holidays
from casefile.letters.context import Terms, build_context
from casefile.letters.escalation import ladder_for
from casefile.letters.library import applies, current_version, sync_catalog, version_bytes
from casefile.letters.models import (
    Letter,
    LetterStatus,
    LetterTemplate,
    LetterTemplateVersion,
    SendMethod,
)
from casefile.letters.rendering import LetterFault, render_letter_with_text
from casefile.letters.sandbox import render_bounded
from casefile.matters.models import Matter


@dataclass(frozen=True)
class Draft:
    """A letter rendered but not stored: for the preview, and the step before storing."""

    template: LetterTemplate
    version: LetterTemplateVersion
    context: dict
    data: bytes
    text: str


def render_version(version: LetterTemplateVersion, template_bytes: bytes, context: dict):
    """The letter and its text. Shipped (reviewed) templates render in this process; uploads
    in a bounded child process."""
    if version.trusted:
        return render_letter_with_text(template_bytes, context)
    [result] = render_bounded(template_bytes, [context])
    if isinstance(result, LetterFault):
        raise result
    return result, extract(DOCX, result).text


def refusal(matter: Matter, template: LetterTemplate, at: datetime) -> str | None:
    """Why `template` cannot be used on `matter` now (stage, debt type, a hold or another
    compliance rule), for showing; None when it can."""
    reason = applies(template, matter)
    if reason:
        return reason
    refused = would_refuse(matter, {"x": Proposed(Action.LETTER, at, template.letter_kind)})
    if refused:
        decision = refused["x"]
        return f"{decision.reason} ({decision.citation})"
    return None


def draft_letter(
    matter: Matter,
    template: LetterTemplate,
    as_of: date,
    store: DocumentStore,
    terms: Terms | None = None,
    source: tuple[LetterTemplateVersion, bytes] | None = None,
) -> Draft:
    """Render `template` for `matter` on `as_of`; refuses with the field or tag at fault.
    `source` (the current version and its bytes) spares a batch looking them up each time."""
    reason = applies(template, matter)
    if reason:
        raise CasefileError(reason, field="template")
    version, template_bytes = source or current_source(template, store)
    context = build_context(matter, template, as_of, terms)
    data, text = render_version(version, template_bytes, context)
    return Draft(template, version, context, data, text)


def current_source(template: LetterTemplate, store: DocumentStore):
    """The template's current version and its bytes (the shipped catalogue synced first)."""
    sync_catalog(store)
    version = current_version(template)
    if version is None:
        raise CasefileError(f"{template.title} has no file yet.", field="template")
    return version, version_bytes(version, store)


def preview_letter(matter, template, actor: Actor, now: datetime, store, terms=None) -> Draft:
    """The letter as it would be generated now, for reading first; nothing is stored."""
    require(actor.user, Capability.WORK_MATTERS)
    reason = refusal(matter, template, now)
    if reason:
        raise CasefileError(reason, field="template")
    return draft_letter(matter, template, now.date(), store, terms)


def generate_letter(
    matter: Matter,
    template: LetterTemplate,
    actor: Actor,
    now: datetime,
    store: DocumentStore,
    terms: Terms | None = None,
    batch_id: int | None = None,
) -> Letter:
    """Generate, store and audit a letter; a paralegal's letter that needs approval waits."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_allowed(matter, Proposed(Action.LETTER, now, template.letter_kind), actor)
    draft = draft_letter(matter, template, now.date(), store, terms)
    return store_letter(matter, draft, actor, now, store, batch_id)


def store_letter(matter, draft: Draft, actor: Actor, now: datetime, store, batch_id=None):
    """Keep a rendered letter: document, correspondence and letter row, in one transaction."""
    template = draft.template
    approved = not template.needs_approval or actor.user.can(Capability.APPROVE_LETTERS)
    status = LetterStatus.READY if approved else LetterStatus.AWAITING_APPROVAL
    filename = f"{matter.reference} {template.title} {now.date().isoformat()}.docx"
    with files_undone_on_failure(store) as files, transaction():
        item = Correspondence(
            matter_id=matter.id,
            channel=Channel.LETTER,
            direction="out",
            occurred_at=now,
            letter_kind=template.letter_kind,
            subject=template.title[:200],
            recipients=_addressee(draft.context, template)[:1000],
            body=f"Generated from {template.title}, version {draft.version.number}.",
            author_id=actor.user_id,
        )
        db.session.add(item)
        db.session.flush()
        [document] = files.attach(
            [Upload(filename, draft.data)],
            matter.client_id,
            matter.id,
            actor,
            item.id,
            client_visible=False,
            texts=[draft.text],
        )
        db.session.flush()
        letter = Letter(
            matter_id=matter.id,
            template_id=template.id,
            template_version_id=draft.version.id,
            document_id=document.id,
            correspondence_id=item.id,
            batch_id=batch_id,
            status=status,
            created_by_id=actor.user_id,
            created_at=now,
            reviewed_by_id=actor.user_id if template.needs_approval and approved else None,
            reviewed_at=now if template.needs_approval and approved else None,
        )
        db.session.add(letter)
        db.session.flush()
        record(
            actor,
            "letter.generated",
            "letter",
            letter.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{template.title} (template {template.key} v{draft.version.number}): "
            f"{status.label}",
        )
    return letter


def _addressee(context: dict, template: LetterTemplate) -> str:
    return (
        context["client"]["name"]
        if template.addressed_to == "client"
        else (context["debtor"]["name"])
    )


def approve_letter(letter: Letter, checklist: Checklist, actor: Actor, now: datetime) -> Letter:
    """An attorney approves a draft after checking the file: it becomes final and may be
    downloaded and sent. The checklist is kept as an attorney review of the matter."""
    require(actor.user, Capability.APPROVE_LETTERS)
    with transaction():
        _review(letter, LetterStatus.READY, "", actor, now, "letter.approved")
        record_review(
            letter.matter,
            Action.LETTER,
            checklist,
            f"{letter.template.title} (letter {letter.id})",
            actor,
            now,
        )
    return letter


def return_letter(letter: Letter, comment: str, actor: Actor, now: datetime) -> Letter:
    """An attorney sends a draft back with a comment; it is never sent as it stands."""
    require(actor.user, Capability.APPROVE_LETTERS)
    if not comment.strip():
        raise CasefileError("Say what needs to change.", field="comment")
    _review(letter, LetterStatus.RETURNED, comment.strip(), actor, now, "letter.returned")
    return letter


def _review(letter, status, comment, actor, now, action) -> None:
    if letter.status is not LetterStatus.AWAITING_APPROVAL:
        raise CasefileError(f"This letter is {letter.status.label.lower()}, not awaiting approval.")
    with transaction():
        letter.status, letter.review_comment = status, comment
        letter.reviewed_by_id, letter.reviewed_at = actor.user_id, now
        db.session.flush()
        record(
            actor,
            action,
            "letter",
            letter.id,
            matter_id=letter.matter_id,
            client_id=letter.matter.client_id,
            summary=f"{letter.template.title}{': ' + comment if comment else ''}"[:500],
        )


@dataclass(frozen=True)
class Sending:
    on: date
    method: SendMethod
    tracking_number: str = ""


def mark_sent(letter: Letter, sending: Sending, actor: Actor, today: date) -> Letter:
    """Record that a final letter went out; the response deadline goes into the diary."""
    require(actor.user, Capability.WORK_MATTERS)
    if letter.status is not LetterStatus.READY:
        raise CasefileError(
            "Only an approved (final) letter can be sent; this one is "
            f"{letter.status.label.lower()}."
        )
    if sending.on > today:
        raise CasefileError("Record the letter once it has been sent.", field="sent_on")
    if sending.on < letter.created_at.date():
        raise CasefileError("A letter is not sent before it was written.", field="sent_on")
    tracking = sending.tracking_number.strip()
    if sending.method is SendMethod.CERTIFIED_MAIL and not tracking:
        raise CasefileError("Enter the certified mail tracking number.", field="tracking_number")
    matter, template = letter.matter, letter.template
    sent_at = datetime.combine(sending.on, time(12), UTC)
    ensure_allowed(matter, Proposed(Action.LETTER, sent_at, template.letter_kind), actor)
    with transaction():
        letter.status, letter.sent_on, letter.send_method = (
            LetterStatus.SENT,
            sending.on,
            sending.method,
        )
        letter.tracking_number, letter.sent_by_id = tracking[:60], actor.user_id
        if template.response_days:
            letter.response_due_on = response_due(matter, sending.on, template.response_days)
            after = _next_on_ladder(matter, template)
            task = create_task(
                actor,
                matter.paralegal_id or matter.attorney_id or actor.user_id,
                f"Response due: {template.title}{' — next: ' + after if after else ''}"[:200],
                letter.response_due_on,
                Priority.NORMAL,
                matter,
                notes=f"{template.title} sent {sending.on.isoformat()} by {sending.method.label}.",
            )
            letter.response_task_id = task.id
        db.session.flush()
        record(
            actor,
            "letter.sent",
            "letter",
            letter.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{template.title} sent {sending.on.isoformat()} by {sending.method.label}"
            f"{' #' + tracking if tracking else ''}"[:500],
        )
    return letter


def _next_on_ladder(matter: Matter, template: LetterTemplate) -> str:
    """The title of the letter after `template` on the client's ladder, for the diary."""
    ladder = [step.template for step in ladder_for(matter.client_id)]
    ids = [t.id for t in ladder]
    if template.id in ids and ids.index(template.id) + 1 < len(ladder):
        return ladder[ids.index(template.id) + 1].title
    return ""


def response_due(matter: Matter, sent_on: date, days: int) -> date:
    """`days` calendar days after sending, moved to the next business day if it falls on a
    weekend or a public holiday of the matter's jurisdiction."""
    due = sent_on + timedelta(days=days)
    return roll_forward(due, public_holidays(matter.jurisdiction, (due.year, due.year + 1)))
