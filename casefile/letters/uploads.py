"""Uploading a new template, or a new version of one. Checked first (`checks.py`), refused with
the exact problem, audited; versions are kept for ever and never replaced."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.documents.services import Upload, files_undone_on_failure
from casefile.documents.store import DocumentStore
from casefile.domain.compliance import LetterKind
from casefile.domain.errors import CasefileError
from casefile.domain.parties import DebtType
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters.catalog import TERMS
from casefile.letters.checks import Checked, check_template
from casefile.letters.library import sync_catalog
from casefile.letters.models import LetterTemplate, LetterTemplateVersion

_KEY = re.compile(r"^[a-z][a-z0-9_]{2,59}$")


@dataclass(frozen=True)
class TemplateMeta:
    key: str
    title: str
    purpose: str
    stages: tuple[str, ...]
    debt_types: tuple[str, ...]
    letter_kind: str
    addressed_to: str
    needs_approval: bool
    pay_within_business_days: int
    response_days: int
    terms: str = ""


def add_version(
    template: LetterTemplate,
    upload: Upload,
    note: str,
    actor: Actor,
    now: datetime,
    store: DocumentStore,
) -> LetterTemplateVersion:
    """A new version of `template`; letters already generated keep naming their own version."""
    require(actor.user, Capability.MANAGE_TEMPLATES)
    checked = check_template(upload.filename, upload.data)  # before any write
    with files_undone_on_failure(store) as files, transaction():
        return _add_version(template, upload, checked, note, actor, now, files)


def _add_version(
    template, upload, checked: Checked, note, actor, now, files
) -> LetterTemplateVersion:
    digest, created = files.store.put(checked.data)
    if created:
        files.created.append(digest)
    number = (
        db.session.scalar(
            select(func.max(LetterTemplateVersion.number)).where(
                LetterTemplateVersion.template_id == template.id
            )
        )
        or 0
    ) + 1
    version = LetterTemplateVersion(
        template_id=template.id,
        number=number,
        sha256=digest,
        filename=upload.filename[-200:],
        size_bytes=len(checked.data),
        trusted=False,
        note=_note(note, checked.repaired_tags),
        uploaded_by_id=actor.user_id,
        uploaded_at=now,
    )
    db.session.add(version)
    db.session.flush()
    record(
        actor,
        "letter_template.version_added",
        "letter_template",
        template.key,
        summary=f"{template.title} v{number} from {upload.filename}"[:500],
    )
    return version


def _note(note: str, repaired: list[str]) -> str:
    parts = [note.strip()] if note.strip() else []
    if repaired:
        parts.append("Smart quotes straightened in: " + "; ".join(repaired))
    return "\n".join(parts)[:2000]


def create_template(
    meta: TemplateMeta,
    upload: Upload,
    note: str,
    actor: Actor,
    now: datetime,
    store: DocumentStore,
) -> LetterTemplate:
    """A new template with its first version, in one transaction."""
    require(actor.user, Capability.MANAGE_TEMPLATES)
    sync_catalog(store)  # a firm's key cannot take a shipped template's place
    _check_meta(meta)
    checked = check_template(upload.filename, upload.data)
    with files_undone_on_failure(store) as files, transaction():
        template = LetterTemplate(
            key=meta.key,
            title=meta.title.strip(),
            purpose=meta.purpose.strip(),
            stages=",".join(meta.stages),
            debt_types=",".join(meta.debt_types),
            letter_kind=LetterKind(meta.letter_kind),
            addressed_to=meta.addressed_to,
            needs_approval=meta.needs_approval,
            pay_within_business_days=meta.pay_within_business_days,
            response_days=meta.response_days,
            terms=meta.terms,
            shipped=False,
            created_at=now,
        )
        db.session.add(template)
        db.session.flush()
        record(
            actor,
            "letter_template.created",
            "letter_template",
            meta.key,
            summary=f"{meta.title} ({meta.letter_kind}, to the {meta.addressed_to})"[:500],
        )
        _add_version(template, upload, checked, note, actor, now, files)
    return template


def _check_meta(meta: TemplateMeta) -> None:
    if not _KEY.match(meta.key):
        raise CasefileError(
            "Use 3 to 60 lower-case letters, digits and _, starting with a letter.", field="key"
        )
    if db.session.scalar(select(LetterTemplate.id).where(LetterTemplate.key == meta.key)):
        raise CasefileError(f"A template called {meta.key} exists: upload a new version.", "key")
    if not meta.title.strip():
        raise CasefileError("Give the template a title.", field="title")
    if not meta.stages or any(s not in Stage._value2member_map_ for s in meta.stages):
        raise CasefileError("Choose the stages it applies to.", field="stages")
    if not meta.debt_types or any(d not in DebtType._value2member_map_ for d in meta.debt_types):
        raise CasefileError("Choose consumer, commercial or both.", field="debt_types")
    if meta.letter_kind not in LetterKind._value2member_map_:
        raise CasefileError("Choose what kind of letter it is.", field="letter_kind")
    if meta.addressed_to not in ("debtor", "client") or meta.terms not in TERMS:
        raise CasefileError("Choose who the letter is addressed to.", field="addressed_to")
    if (meta.addressed_to == "client") != (meta.letter_kind == LetterKind.TO_CLIENT.value):
        raise CasefileError(
            "A letter to the client is of the kind “to_client”, and only such a letter is.",
            field="letter_kind",
        )
