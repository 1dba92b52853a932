"""A matter (one claim against one debtor), its parties, holds, invoices and stage history."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.parties import ContactKind, DebtType, HoldKind, PartyKind, PartyRole
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.types import Cents, UTCDateTime, enum_of, integer_cents_check, utcnow


class ReferenceCounter(db.Model):
    """The last matter number used in a year; incremented atomically in SQL."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class Matter(db.Model):
    __tablename__ = "matters"
    __table_args__ = (
        CheckConstraint(
            "(stage = 'closed') = (outcome IS NOT NULL)", name="closed_matters_have_an_outcome"
        ),
        Index("ix_matters_placed", "placed_on", "id"),
        Index("ix_matters_stage_placed", "stage", "placed_on", "id"),
        Index("ix_matters_client_placed", "client_id", "placed_on", "id"),
        Index("ix_matters_attorney_placed", "attorney_id", "placed_on", "id"),
        Index("ix_matters_paralegal_placed", "paralegal_id", "placed_on", "id"),
        Index("ix_matters_debtor_name", "debtor_name", "id"),
        # SQLite: the list's text filter scans this narrow index instead of the whole table
        # (2x faster at 100,000 matters). Not on PostgreSQL, where a B-tree entry is capped in
        # size and a long list of aliases would be refused.
        Index("ix_matters_party_names", "party_names").ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    client_reference: Mapped[str] = mapped_column(String(60), default="")
    stage: Mapped[Stage] = mapped_column(enum_of(Stage, "matter_stage"), default=Stage.INTAKE)
    outcome: Mapped[Outcome | None] = mapped_column(enum_of(Outcome, "matter_outcome"))
    # The stage a closed matter left, so that reopening returns it there.
    closed_from: Mapped[Stage | None] = mapped_column(enum_of(Stage, "matter_closed_from"))
    attorney_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paralegal_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    debt_type: Mapped[DebtType] = mapped_column(enum_of(DebtType, "matter_debt_type"))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    placed_on: Mapped[date] = mapped_column(Date)
    # The primary debtor's name, kept by the services so the list can sort and filter on it
    # without a join over every party.
    debtor_name: Mapped[str] = mapped_column(String(200), default="")
    # Every party's name and aliases, one per line: the list's text filter scans this one
    # column instead of joining every party (3x faster at 100,000 matters).
    party_names: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    client = relationship("Client", back_populates="matters")
    attorney = relationship("User", foreign_keys=[attorney_id])
    paralegal = relationship("User", foreign_keys=[paralegal_id])
    parties = relationship("Party", back_populates="matter", order_by="Party.id")
    invoices = relationship("Invoice", back_populates="matter", order_by="Invoice.due_on")
    holds = relationship("Hold", back_populates="matter", order_by="Hold.id")
    stage_events = relationship("StageEvent", back_populates="matter", order_by="StageEvent.id")

    def __repr__(self) -> str:
        return f"<Matter {self.reference} {self.stage}>"


class Party(db.Model):
    __tablename__ = "parties"
    __table_args__ = (Index("ix_parties_matter_role", "matter_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    role: Mapped[PartyRole] = mapped_column(enum_of(PartyRole, "party_role"))
    kind: Mapped[PartyKind] = mapped_column(enum_of(PartyKind, "party_kind"))
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str] = mapped_column(Text, default="")  # one per line
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    matter = relationship("Matter", back_populates="parties")
    addresses = relationship("Address", back_populates="party", order_by="Address.id")
    contacts = relationship("ContactPoint", back_populates="party", order_by="ContactPoint.id")
    holds = relationship("Hold", back_populates="party")

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class PartyNameKey(db.Model):
    """A party's name or alias in comparable form (see domain/names.py), for the conflict check.

    Derived from the parties by the services, like `Matter.party_names`."""

    __tablename__ = "party_name_keys"
    __table_args__ = (Index("ix_party_name_keys_key", "key", "matter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    key: Mapped[str] = mapped_column(String(200))


class Address(db.Model):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(60), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")

    party = relationship("Party", back_populates="addresses")

    @property
    def lines(self) -> list[str]:
        last = " ".join(
            p
            for p in (f"{self.city}," if self.region else self.city, self.region, self.postal_code)
            if p
        )
        return [line for line in (self.line1, self.line2, last) if line]


class ContactPoint(db.Model):
    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    kind: Mapped[ContactKind] = mapped_column(enum_of(ContactKind, "contact_kind"))
    value: Mapped[str] = mapped_column(String(254))
    label: Mapped[str] = mapped_column(String(40), default="")

    party = relationship("Party", back_populates="contacts")


class Hold(db.Model):
    """A condition that stops or limits collection whatever the stage; lifted, never deleted."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_matter_active", "matter_id", "lifted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    kind: Mapped[HoldKind] = mapped_column(enum_of(HoldKind, "hold_kind"))
    since_on: Mapped[date] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    # How it ended: for a bankruptcy, discharged / dismissed / relief from stay (see HoldEnd).
    lift_outcome: Mapped[str] = mapped_column(String(30), default="")
    # A bankruptcy's case, as the notice of filing gives it.
    case_number: Mapped[str] = mapped_column(String(60), default="")
    chapter: Mapped[int | None]
    court: Mapped[str] = mapped_column(String(120), default="")
    filed_on: Mapped[date | None] = mapped_column(Date)
    # The notice, letter or order the hold rests on, when there is a file.
    evidence_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    matter = relationship("Matter", back_populates="holds")
    evidence = relationship("Document")
    party = relationship("Party", back_populates="holds")
    placed_by = relationship("User", foreign_keys=[placed_by_id])
    lifted_by = relationship("User", foreign_keys=[lifted_by_id])

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class Invoice(db.Model):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("matter_id", "number", name="uq_invoices_matter_number"),
        CheckConstraint("due_on >= issued_on", name="due_not_before_issue"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        integer_cents_check("amount_cents"),
        Index("ix_invoices_number", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    number: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    currency: Mapped[str] = mapped_column(String(3), default="USD")

    matter = relationship("Matter", back_populates="invoices")


class StageEvent(db.Model):
    """One stage change with who, when and why; append-only."""

    __tablename__ = "stage_events"
    __table_args__ = (Index("ix_stage_events_matter", "matter_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    from_stage: Mapped[Stage | None] = mapped_column(enum_of(Stage, "stage_event_from"))
    to_stage: Mapped[Stage] = mapped_column(enum_of(Stage, "stage_event_to"))
    outcome: Mapped[Outcome | None] = mapped_column(enum_of(Outcome, "stage_event_outcome"))
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    matter = relationship("Matter", back_populates="stage_events")
    actor = relationship("User")
