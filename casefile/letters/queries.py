"""Read-only: letters for the matter page, the approval queue and the field reference."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.domain.parties import PartyRole
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters.models import Letter, LetterStatus
from casefile.matters.models import Address, Matter, Party


def matter_letters(matter_id: int) -> list[Letter]:
    """A matter's generated letters, newest first."""
    return list(
        db.session.scalars(
            select(Letter)
            .where(Letter.matter_id == matter_id)
            .options(selectinload(Letter.template), selectinload(Letter.created_by))
            .order_by(Letter.id.desc())
        )
    )


def approval_queue() -> list[Letter]:
    """Drafts waiting for an attorney, oldest first."""
    return list(
        db.session.scalars(
            select(Letter)
            .where(Letter.status == LetterStatus.AWAITING_APPROVAL)
            .options(
                selectinload(Letter.template),
                selectinload(Letter.matter),
                selectinload(Letter.created_by),
            )
            .order_by(Letter.id)
        )
    )


def letter_for_document(document_id: int) -> Letter | None:
    return db.session.scalar(select(Letter).where(Letter.document_id == document_id))


def reference_matter() -> Matter | None:
    """A real matter to show example values from: one in demand with a debtor's address,
    else any matter with one."""
    with_address = (
        select(Matter)
        .join(Party, (Party.matter_id == Matter.id) & (Party.role == PartyRole.DEBTOR))
        .join(Address, Address.party_id == Party.id)
        .where(Matter.attorney_id.is_not(None))
        .order_by(Matter.id)
        .limit(1)
    )
    return db.session.scalar(with_address.where(Matter.stage == Stage.DEMAND)) or (
        db.session.scalar(with_address)
    )
