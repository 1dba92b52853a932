"""Letter templates and their versions, the letters generated from them, the escalation ladder
per client, and batch runs.

A version's bytes live in the document store under their SHA-256 (shipped templates are also in
`letter_templates/`), so every letter can name the exact template it came from.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.compliance import LetterKind
from casefile.extensions import db
from casefile.types import UTCDateTime, enum_of, utcnow


class LetterStatus(StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"  # a paralegal's draft of a letter that needs it
    RETURNED = "returned"  # the attorney sent it back with a comment; regenerate
    READY = "ready"  # approved (or needing no approval): final, may be sent
    SENT = "sent"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class SendMethod(StrEnum):
    MAIL = "mail"
    CERTIFIED_MAIL = "certified_mail"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"mail": "First-class mail", "certified_mail": "Certified mail", "email": "E-mail"}[
            self.value
        ]


class LetterTemplate(db.Model):
    """What a template is for; its file is the newest of its versions."""

    __tablename__ = "letter_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text, default="")
    stages: Mapped[str] = mapped_column(String(300))  # comma-separated Stage values
    debt_types: Mapped[str] = mapped_column(String(40))  # "consumer,commercial"
    letter_kind: Mapped[LetterKind] = mapped_column(enum_of(LetterKind, "template_letter_kind"))
    addressed_to: Mapped[str] = mapped_column(String(10))  # "debtor" or "client"
    needs_approval: Mapped[bool] = mapped_column(default=True)
    pay_within_business_days: Mapped[int] = mapped_column(default=10)
    response_days: Mapped[int] = mapped_column(default=14)
    terms: Mapped[str] = mapped_column(String(20), default="")  # settlement, plan, missed
    shipped: Mapped[bool] = mapped_column(default=False)  # from letter_templates/catalog.json
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions = relationship(
        "LetterTemplateVersion", back_populates="template", order_by="LetterTemplateVersion.number"
    )

    @property
    def stage_list(self) -> list[str]:
        return [s for s in self.stages.split(",") if s]

    @property
    def debt_type_list(self) -> list[str]:
        return [s for s in self.debt_types.split(",") if s]


class LetterTemplateVersion(db.Model):
    """One version of a template's .docx; kept for ever, so old letters stay traceable."""

    __tablename__ = "letter_template_versions"
    __table_args__ = (UniqueConstraint("template_id", "number", name="uq_template_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("letter_templates.id"))
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int]
    # Shipped files are trusted (reviewed in the repository); uploads are rendered in a
    # bounded subprocess.
    trusted: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")  # what changed, and repairs made
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    template = relationship("LetterTemplate", back_populates="versions")
    uploaded_by = relationship("User")


class Letter(db.Model):
    """A generated letter: its document, its place in the correspondence, and its way out."""

    __tablename__ = "letters"
    __table_args__ = (
        Index("ix_letters_matter", "matter_id", "id"),
        Index("ix_letters_status", "status", "id"),
        CheckConstraint(
            "(status = 'sent') = (sent_on IS NOT NULL)", name="sent_letters_have_a_date"
        ),
        CheckConstraint(
            "send_method IS NULL OR send_method <> 'certified_mail' OR tracking_number <> ''",
            name="certified_mail_has_tracking",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    template_id: Mapped[int] = mapped_column(ForeignKey("letter_templates.id"))
    template_version_id: Mapped[int] = mapped_column(ForeignKey("letter_template_versions.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    correspondence_id: Mapped[int] = mapped_column(ForeignKey("correspondence.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("letter_batches.id"))
    status: Mapped[LetterStatus] = mapped_column(enum_of(LetterStatus, "letter_status"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    sent_on: Mapped[date | None] = mapped_column(Date)
    send_method: Mapped[SendMethod | None] = mapped_column(enum_of(SendMethod, "send_method"))
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    response_due_on: Mapped[date | None] = mapped_column(Date)
    response_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    matter = relationship("Matter")
    template = relationship("LetterTemplate")
    template_version = relationship("LetterTemplateVersion")
    document = relationship("Document")
    created_by = relationship("User", foreign_keys=[created_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])


class EscalationStep(db.Model):
    """One rung of a client's escalation ladder: which letter comes next, after how long.

    A client without steps of its own follows the firm's default ladder (client_id NULL)."""

    __tablename__ = "escalation_steps"
    __table_args__ = (
        UniqueConstraint("client_id", "position", name="uq_escalation_step"),
        CheckConstraint("wait_days >= 0", name="wait_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    position: Mapped[int]
    template_id: Mapped[int] = mapped_column(ForeignKey("letter_templates.id"))
    # Days to wait after the previous step's letter was sent before this one is due.
    wait_days: Mapped[int]

    template = relationship("LetterTemplate")


class LetterBatch(db.Model):
    """One batch run: the next letter for many matters, zipped; the report says which matters
    got none and why."""

    __tablename__ = "letter_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    report: Mapped[str] = mapped_column(Text, default="")  # JSON: produced and refused matters
    zip_sha256: Mapped[str] = mapped_column(String(64), default="")

    created_by = relationship("User")
