"""The firm's templates in the database: the shipped catalogue kept in step, the current version
of each, and the bytes of a version.

The shipped catalogue is copied into the database the first time letters are used (and again
when a new release changes a shipped file, as a new version), so that every template, shipped or
uploaded, has the same rows and every letter can name its template and version.
"""

import hashlib
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from casefile.database import transaction, write_intent
from casefile.documents.store import DocumentStore
from casefile.domain.errors import CasefileError
from casefile.extensions import db
from casefile.letters.catalog import TemplateSpec, shipped
from casefile.letters.models import LetterTemplate, LetterTemplateVersion
from casefile.matters.models import Matter


@cache
def _shipped_digests() -> dict[str, tuple[str, bytes]]:
    found = {}
    for key, spec in shipped().items():
        data = spec.path.read_bytes()
        found[key] = (hashlib.sha256(data).hexdigest(), data)
    return found


def sync_catalog(store: DocumentStore) -> None:
    """Make sure every shipped template and its current file are in the database (and the
    file's bytes in the store). Cheap when nothing changed: one query."""
    digests = _shipped_digests()
    known = set(
        db.session.execute(
            select(LetterTemplate.key, LetterTemplateVersion.sha256).join(
                LetterTemplateVersion, LetterTemplateVersion.template_id == LetterTemplate.id
            )
        ).all()
    )
    missing = [key for key, (digest, _data) in digests.items() if (key, digest) not in known]
    if not missing:
        return
    try:
        with write_intent(), transaction():
            for key in missing:
                _add_shipped(shipped()[key], *digests[key], store)
    except IntegrityError:
        db.session.rollback()  # another process synced the same rows first


def _add_shipped(spec: TemplateSpec, digest: str, data: bytes, store: DocumentStore) -> None:
    template = db.session.scalar(select(LetterTemplate).where(LetterTemplate.key == spec.key))
    if template is None:
        template = LetterTemplate(key=spec.key, shipped=True)
        db.session.add(template)
    if template.shipped:
        template.title, template.purpose = spec.title, spec.purpose
        template.stages = ",".join(s.value for s in spec.stages)
        template.debt_types = ",".join(d.value for d in spec.debt_types)
        template.letter_kind, template.addressed_to = spec.letter_kind, spec.addressed_to
        template.needs_approval = spec.needs_approval
        template.pay_within_business_days = spec.pay_within_business_days
        template.response_days, template.terms = spec.response_days, spec.terms
    db.session.flush()
    latest = current_version(template)
    if latest is not None and not latest.trusted:
        return  # the firm's own upload stays current; a new shipped file does not replace it
    store.put(data)
    db.session.add(
        LetterTemplateVersion(
            template_id=template.id,
            number=(latest.number + 1) if latest else 1,
            sha256=digest,
            filename=spec.file,
            size_bytes=len(data),
            trusted=True,
            note="Shipped with casefile.",
        )
    )
    db.session.flush()


def current_version(template: LetterTemplate) -> LetterTemplateVersion | None:
    return db.session.scalar(
        select(LetterTemplateVersion)
        .where(LetterTemplateVersion.template_id == template.id)
        .order_by(LetterTemplateVersion.number.desc())
        .limit(1)
    )


def version_bytes(version: LetterTemplateVersion, store: DocumentStore) -> bytes:
    """The exact bytes of a version (from the store; shipped files are put there on sync)."""
    try:
        return store.read(version.sha256)
    except FileNotFoundError as error:
        raise CasefileError(
            f"The file of template version {version.number} is missing from the document store."
        ) from error


def all_templates() -> list[LetterTemplate]:
    return list(db.session.scalars(select(LetterTemplate).order_by(LetterTemplate.id)))


def template_by_key(key: str) -> LetterTemplate | None:
    return db.session.scalar(select(LetterTemplate).where(LetterTemplate.key == key))


def applies(template: LetterTemplate, matter: Matter) -> str | None:
    """Why `template` does not fit `matter` (stage, consumer or commercial), or None."""
    if matter.stage.value not in template.stage_list:
        return f"{template.title} is not used at the {matter.stage.label} stage."
    if matter.debt_type.value not in template.debt_type_list:
        return f"{template.title} is only for {' and '.join(template.debt_type_list)} debts."
    return None


def version_count(template_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(LetterTemplateVersion.template_id == template_id)
    )
