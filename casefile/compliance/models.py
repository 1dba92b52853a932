"""An attorney's review of a file before a suit or a settlement below the client's authority."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.compliance import Action
from casefile.extensions import db
from casefile.types import UTCDateTime, enum_of, utcnow


class AttorneyReview(db.Model):
    """Who reviewed the file for which action, when, and what they checked. Kept as recorded."""

    __tablename__ = "attorney_reviews"
    __table_args__ = (
        # A review is an approval: every item of the checklist was checked.
        CheckConstraint(
            "documentation_reviewed AND balance_verified AND limitation_checked",
            name="checklist_complete",
        ),
        Index("ix_attorney_reviews_matter", "matter_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    action: Mapped[Action] = mapped_column(enum_of(Action, "reviewed_action"))
    documentation_reviewed: Mapped[bool]
    balance_verified: Mapped[bool]
    limitation_checked: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewed_by = relationship("User")
