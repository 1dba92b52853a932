"""One item of correspondence on a matter. Kept as recorded: never edited or deleted."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.documents.models import Document
from casefile.domain.compliance import LetterKind
from casefile.extensions import db
from casefile.types import Cents, UTCDateTime, enum_of, utcnow


class Channel(StrEnum):
    NOTE = "note"
    CALL = "call"
    LETTER = "letter"
    EMAIL = "email"
    PAPER = "paper"  # a letter or court paper received

    @property
    def label(self) -> str:
        return "Letter or court paper" if self is Channel.PAPER else self.value.capitalize()


class CallOutcome(StrEnum):
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"  # a limited-content message left
    SPOKE = "spoke"  # the debtor was reached and the debt discussed
    WRONG_NUMBER = "wrong_number"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Correspondence(db.Model):
    __tablename__ = "correspondence"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out', '')", name="direction_known"),
        CheckConstraint(
            "promise_cents IS NULL OR typeof(promise_cents) = 'integer'",
            name="promise_cents_is_integer",
        ).ddl_if(dialect="sqlite"),
        Index("ix_correspondence_matter", "matter_id", "occurred_at"),
        Index("ix_correspondence_occurred", "occurred_at", "id"),  # a search rebuild's order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    channel: Mapped[Channel] = mapped_column(enum_of(Channel, "correspondence_channel"))
    direction: Mapped[str] = mapped_column(String(3), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(String(200), default="")
    sender: Mapped[str] = mapped_column(String(300), default="")  # e-mails
    recipients: Mapped[str] = mapped_column(String(1000), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    client_visible: Mapped[bool] = mapped_column(default=False)
    # Calls
    phone: Mapped[str] = mapped_column(String(40), default="")
    call_outcome: Mapped[CallOutcome | None] = mapped_column(enum_of(CallOutcome, "call_outcome"))
    duration_seconds: Mapped[int | None]
    promise_on: Mapped[date | None] = mapped_column(Date)
    promise_cents: Mapped[int | None] = mapped_column(Cents)
    # Letters
    letter_kind: Mapped[LetterKind | None] = mapped_column(enum_of(LetterKind, "letter_kind"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")
    attachments = relationship(Document, order_by=Document.id)
