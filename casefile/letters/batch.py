"""Batches: the next letter on the ladder for many matters at once, zipped.

Each matter's letter is generated in a transaction of its own, so a matter that cannot get one
(a hold, no address, a field missing) is listed with the reason and has nothing half-done,
while the others are produced. Progress is written to the batch row as it goes; the page polls
it. The zip holds every letter produced and `report.csv`, one row per matter.
"""

import csv
import io
import json
import threading
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from casefile.audit.services import Actor, record
from casefile.auth.models import User
from casefile.auth.permissions import require
from casefile.compliance.services import refused_and_recorded
from casefile.database import transaction
from casefile.documents.store import DocumentStore, document_store
from casefile.documents.text import extract
from casefile.domain.compliance import Action, Proposed
from casefile.domain.errors import CasefileError
from casefile.domain.filetypes import DOCX
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters.context import build_context
from casefile.letters.escalation import NextStep, ladder_for, next_step
from casefile.letters.library import applies, sync_catalog
from casefile.letters.models import Letter, LetterBatch, LetterStatus
from casefile.letters.rendering import LetterFault, render_letter_with_text
from casefile.letters.sandbox import render_bounded
from casefile.letters.services import Draft, current_source, store_letter
from casefile.matters.models import Matter, Party
from casefile.types import utcnow

MAX_BATCH = 2000
CHUNK = 25  # matters per transaction


@dataclass(frozen=True)
class Candidate:
    matter: Matter
    next: NextStep


def candidates(stage: Stage, today: date, limit: int = 500) -> list[Candidate]:
    """Matters at `stage` with their next ladder step (due or not), oldest placement first."""
    sync_catalog(document_store())
    matters = db.session.scalars(
        select(Matter)
        .where(Matter.stage == stage)
        .order_by(Matter.placed_on, Matter.id)
        .limit(limit)
    ).all()
    ladders: dict[int, list] = {}
    found = []
    for matter in matters:
        ladder = ladders.setdefault(matter.client_id, ladder_for(matter.client_id))
        found.append(Candidate(matter, next_step(matter, ladder, today)))
    return found


def start_batch(matter_ids: list[int], actor: Actor) -> LetterBatch:
    """Record a batch run for `matter_ids`; `run_batch` does the work."""
    require(actor.user, Capability.WORK_MATTERS)
    if not matter_ids:
        raise CasefileError("Choose at least one matter.", field="matter_ids")
    if len(matter_ids) > MAX_BATCH:
        raise CasefileError(f"At most {MAX_BATCH} matters in one batch.", field="matter_ids")
    with transaction():
        batch = LetterBatch(created_by_id=actor.user_id, total=len(matter_ids))
        db.session.add(batch)
        db.session.flush()
        record(actor, "letters.batch_started", "letter_batch", batch.id,
               summary=f"{len(matter_ids)} matters")  # fmt: skip
    return batch


def run_batch(batch: LetterBatch, matter_ids: list[int], actor: Actor, now: datetime, store):
    """Generate the next letter for each matter; refusals are reported, not fatal.

    Matters go in chunks, each chunk one transaction (one commit, its rows loaded together) and
    each matter in a savepoint of its own: a matter that fails leaves nothing behind, and the
    write lock is held for one chunk at a time."""
    require(actor.user, Capability.WORK_MATTERS)
    sync_catalog(store)
    produced, refused = [], []
    cache = _Cache(store)
    for start in range(0, len(matter_ids), CHUNK):
        chunk = matter_ids[start : start + CHUNK]
        with transaction():
            matters = _load(chunk)
            ready = []
            for matter_id in chunk:
                matter = matters.get(matter_id)
                try:
                    template = _due_template(matter, actor, now, cache)
                    context = build_context(matter, template, now.date())
                    ready.append((matter, template, context))
                except CasefileError as error:
                    refused.append(_refusal(matter, matter_id, error))
            for (matter, template, context), result in zip(
                ready, _render_all(ready, cache), strict=True
            ):
                try:
                    if isinstance(result, CasefileError):
                        raise result
                    version, _bytes = cache.source(template)
                    draft = Draft(template, version, context, *result)
                    with db.session.begin_nested():
                        produced.append(store_letter(matter, draft, actor, now, store, batch.id).id)
                except CasefileError as error:
                    refused.append(_refusal(matter, matter.id, error))
            batch.done = start + len(chunk)
    _finish(batch, produced, refused, actor, store)
    return batch


def _refusal(matter, matter_id: int, error: CasefileError) -> dict:
    return {"matter": matter.reference if matter else str(matter_id), "reason": error.message}


def _render_all(ready: list[tuple], cache: "_Cache") -> list:
    """Each letter's (bytes, text) or its fault. Shipped templates render here; an uploaded
    version renders all its letters of the chunk in one bounded child process."""
    results: list = [None] * len(ready)
    untrusted: dict[int, list[int]] = {}
    for n, (_matter, template, context) in enumerate(ready):
        version, data = cache.source(template)
        if not version.trusted:
            untrusted.setdefault(version.id, []).append(n)
            continue
        try:
            results[n] = render_letter_with_text(data, context)
        except LetterFault as fault:
            results[n] = fault
    for indexes in untrusted.values():
        _version, data = cache.source(ready[indexes[0]][1])
        try:
            letters = render_bounded(data, [ready[n][2] for n in indexes])
        except LetterFault as fault:
            letters = [fault] * len(indexes)
        for n, letter in zip(indexes, letters, strict=True):
            results[n] = (
                letter if isinstance(letter, LetterFault) else (letter, extract(DOCX, letter).text)
            )
    return results


def _load(ids: list[int]) -> dict[int, Matter]:
    """The chunk's matters with what their letters read, in a few queries."""
    query = (
        select(Matter)
        .where(Matter.id.in_(ids))
        .options(
            selectinload(Matter.parties).selectinload(Party.addresses),
            selectinload(Matter.parties).selectinload(Party.contacts),
            selectinload(Matter.invoices),
            selectinload(Matter.holds),
            joinedload(Matter.client),
            joinedload(Matter.attorney),
            joinedload(Matter.paralegal),
        )
    )
    return {matter.id: matter for matter in db.session.scalars(query)}


class _Cache:
    """What every matter of a batch shares: the ladders and the templates' current files."""

    def __init__(self, store: DocumentStore):
        self.store = store
        self.ladders: dict[int, list] = {}
        self.sources: dict[int, tuple] = {}

    def ladder(self, client_id: int) -> list:
        if client_id not in self.ladders:
            self.ladders[client_id] = ladder_for(client_id)
        return self.ladders[client_id]

    def source(self, template) -> tuple:
        if template.id not in self.sources:
            self.sources[template.id] = current_source(template, self.store)
        return self.sources[template.id]


def _due_template(matter, actor, now, cache: "_Cache"):
    """The letter due next on `matter`, if the ladder, its stage and the guard allow it now. A
    refusal by the guard is audited in the chunk's transaction."""
    if matter is None:
        raise CasefileError("No such matter.")
    step = next_step(matter, cache.ladder(matter.client_id), now.date())
    if not step.due:
        raise CasefileError(step.reason)
    template = step.step.template
    reason = applies(template, matter)
    if reason:
        raise CasefileError(reason)
    proposed = Proposed(Action.LETTER, now, template.letter_kind)
    decision = refused_and_recorded(matter, proposed, actor)
    if decision is not None:
        raise CasefileError(f"{decision.reason} ({decision.citation})")
    return template


def _finish(batch, produced: list[int], refused: list[dict], actor, store: DocumentStore):
    letters = db.session.scalars(select(Letter).where(Letter.id.in_(produced))).all()
    data = zip_letters(letters, refused, store)
    digest, _created = store.put(data)
    with transaction():
        batch.zip_sha256, batch.finished_at = digest, utcnow()
        batch.report = json.dumps({"produced": produced, "refused": refused})
        record(actor, "letters.batch_finished", "letter_batch", batch.id,
               summary=f"{len(produced)} letters, {len(refused)} matters refused")  # fmt: skip


def zip_letters(letters, refused: list[dict], store: DocumentStore) -> bytes:
    """The letters (a draft awaiting approval named as such) and report.csv."""
    out = io.BytesIO()
    report = io.StringIO()
    writer = csv.writer(report, lineterminator="\r\n")
    writer.writerow(["matter", "letter", "status", "file or reason"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            draft = letter.status is LetterStatus.AWAITING_APPROVAL
            name = ("DRAFT " if draft else "") + letter.document.filename
            # A .docx is already a zip: stored as it is, not compressed again.
            archive.writestr(name, store.read(letter.document.sha256), zipfile.ZIP_STORED)
            writer.writerow([letter.matter.reference, letter.template.title,
                             letter.status.label, name])  # fmt: skip
        for row in refused:
            writer.writerow([row["matter"], "", "refused", row["reason"]])
        archive.writestr("report.csv", report.getvalue())
    return out.getvalue()


def launch(batch: LetterBatch, matter_ids: list[int], actor: Actor, now: datetime) -> None:
    """Run the batch in a thread of its own (the page shows its progress), or inline when
    LETTER_BATCH_MODE is "inline" (tests, scripts)."""
    if current_app.config["LETTER_BATCH_MODE"] == "inline":
        run_batch(batch, matter_ids, actor, now, document_store())
        return
    app = current_app._get_current_object()
    user_id, address, batch_id = actor.user_id, actor.address, batch.id

    def work():
        with app.app_context():
            background = Actor(db.session.get(User, user_id), address)
            run_batch(db.session.get(LetterBatch, batch_id), matter_ids, background, now,
                      document_store())  # fmt: skip
            db.session.remove()

    threading.Thread(target=work, name=f"letter-batch-{batch_id}", daemon=True).start()
