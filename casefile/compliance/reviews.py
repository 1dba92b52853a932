"""Attorney review: an attorney checks the file and approves a suit (always) or a settlement
below the client's authority before the guard lets it through."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.audit.services import Actor, record
from casefile.compliance.models import AttorneyReview
from casefile.database import transaction
from casefile.domain.compliance import REVIEW_VALID_DAYS, Action
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.matters.models import Matter

REVIEWABLE = (Action.SUIT, Action.SETTLEMENT)  # approved from the matter page
# ... and letters on letterhead, approved from the letter itself (casefile/letters/services.py)
APPROVABLE = (*REVIEWABLE, Action.LETTER)


@dataclass(frozen=True)
class Checklist:
    """What the attorney confirms about this file (all three are required)."""

    documentation_reviewed: bool  # the invoices and contract support the claim
    balance_verified: bool  # the balance claimed matches the ledger
    limitation_checked: bool  # the claim is within the limitation period


def record_review(
    matter: Matter, action: Action, checklist: Checklist, note: str, actor: Actor, now: datetime
) -> AttorneyReview:
    """Record an attorney's approval of `action` on `matter`, audited."""
    if actor.user is None or actor.user.role is not Role.ATTORNEY:
        raise NotPermittedError("Only an attorney can review a file and approve the action.")
    if action not in APPROVABLE:
        raise CasefileError("Choose a suit or a settlement to approve.", field="action")
    missing = [
        label
        for label, done in (
            ("debt documentation reviewed", checklist.documentation_reviewed),
            ("balance verified", checklist.balance_verified),
            ("limitation checked", checklist.limitation_checked),
        )
        if not done
    ]
    if missing:
        raise CasefileError(
            f"An approval needs every check: {', '.join(missing)}.", field="documentation_reviewed"
        )
    with transaction():
        review = AttorneyReview(
            matter_id=matter.id,
            action=action,
            documentation_reviewed=True,
            balance_verified=True,
            limitation_checked=True,
            note=note.strip()[:2000],
            reviewed_by_id=actor.user_id,
            reviewed_at=now,
        )
        db.session.add(review)
        db.session.flush()
        record(
            actor,
            "review.approved",
            "attorney_review",
            review.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{action.value} approved after review: {note.strip()}"[:500],
        )
    return review


def reviewed_actions(matter_id: int, now: datetime) -> frozenset[Action]:
    """The actions an attorney approved on this matter within the review's validity."""
    since = now - timedelta(days=REVIEW_VALID_DAYS)
    return frozenset(
        db.session.scalars(
            select(AttorneyReview.action).where(
                AttorneyReview.matter_id == matter_id, AttorneyReview.reviewed_at >= since
            )
        )
    )


def matter_reviews(matter_id: int) -> list[AttorneyReview]:
    return list(
        db.session.scalars(
            select(AttorneyReview)
            .where(AttorneyReview.matter_id == matter_id)
            .options(selectinload(AttorneyReview.reviewed_by))
            .order_by(AttorneyReview.reviewed_at.desc())
        )
    )
