"""Negotiation and settlement rows: offers, agreements (lump sum or plan) and installments.

Nothing here is deleted: a declined offer, a defaulted plan or a plan replaced by a
renegotiation stays in the matter's history with its status.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.enforcement import EnforcementKind, EnforcementStatus
from casefile.domain.plans import DueRule, Frequency
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.types import Cents, UTCDateTime, enum_of, integer_cents_check, utcnow


class OfferFrom(StrEnum):
    DEBTOR = "debtor"
    FIRM = "firm"

    @property
    def label(self) -> str:
        return {"debtor": "Debtor", "firm": "Firm (counter-offer)"}[self.value]


class SettlementKind(StrEnum):
    LUMP_SUM = "lump_sum"
    PLAN = "plan"

    @property
    def label(self) -> str:
        return {"lump_sum": "Lump sum", "plan": "Payment plan"}[self.value]


class OfferStatus(StrEnum):
    OPEN = "open"
    AWAITING_CLIENT = "awaiting_client"  # below the client's floor: asked through the portal
    CLIENT_APPROVED = "client_approved"
    CLIENT_DECLINED = "client_declined"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# Offers a firm may still act on (accept, reject, ask the client).
LIVE_OFFERS = (OfferStatus.OPEN, OfferStatus.AWAITING_CLIENT, OfferStatus.CLIENT_APPROVED)


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    PAID = "paid"  # paid in full under its terms; the matter closes
    DEFAULTED = "defaulted"  # a missed installment after the grace days
    REPLACED = "replaced"  # renegotiated: a new agreement took over from today's balance

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Offer(db.Model):
    """One offer or counter-offer in a matter's negotiation log."""

    __tablename__ = "offers"
    __table_args__ = (
        integer_cents_check("amount_cents"),
        integer_cents_check("balance_cents"),
        CheckConstraint("amount_cents > 0", name="offer_is_positive"),
        CheckConstraint(
            "installments IS NULL OR installments BETWEEN 1 AND 120", name="installments_in_range"
        ),
        Index("ix_offers_matter", "matter_id", "made_on", "id"),
        Index("ix_offers_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    made_by: Mapped[OfferFrom] = mapped_column(enum_of(OfferFrom, "offer_from"))
    made_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[SettlementKind] = mapped_column(enum_of(SettlementKind, "offer_kind"))
    amount_cents: Mapped[int] = mapped_column(Cents)
    installments: Mapped[int | None]  # a plan's proposed number of installments
    frequency: Mapped[Frequency | None] = mapped_column(enum_of(Frequency, "offer_frequency"))
    terms: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    # The balance when the offer was recorded, and the floor it was measured against.
    balance_cents: Mapped[int] = mapped_column(Cents)
    floor_basis_points: Mapped[int]
    status: Mapped[OfferStatus] = mapped_column(
        enum_of(OfferStatus, "offer_status"), default=OfferStatus.OPEN
    )
    approval_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approval_asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    client_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    matter = relationship("Matter")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    client_decided_by = relationship("User", foreign_keys=[client_decided_by_id])


class Agreement(db.Model):
    """A settlement in force or in the history: a lump sum (one installment) or a plan."""

    __tablename__ = "agreements"
    __table_args__ = (
        integer_cents_check("settled_cents"),
        integer_cents_check("balance_cents"),
        integer_cents_check("down_payment_cents"),
        CheckConstraint("settled_cents > 0", name="settled_is_positive"),
        CheckConstraint("down_payment_cents >= 0", name="down_payment_not_negative"),
        CheckConstraint("grace_days >= 0", name="grace_days_not_negative"),
        CheckConstraint("on_default IN ('litigation', 'judgment')", name="on_default_is_a_stage"),
        Index("ix_agreements_matter", "matter_id", "id"),
        Index("ix_agreements_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), unique=True)
    kind: Mapped[SettlementKind] = mapped_column(enum_of(SettlementKind, "agreement_kind"))
    agreed_on: Mapped[date] = mapped_column(Date)
    # The ledger balance on the day of agreement, and the amount the debtor agreed to pay.
    balance_cents: Mapped[int] = mapped_column(Cents)
    settled_cents: Mapped[int] = mapped_column(Cents)
    down_payment_cents: Mapped[int] = mapped_column(Cents, default=0)
    frequency: Mapped[Frequency] = mapped_column(enum_of(Frequency, "agreement_frequency"))
    due_rule: Mapped[DueRule] = mapped_column(enum_of(DueRule, "agreement_due_rule"))
    grace_days: Mapped[int] = mapped_column(default=10)
    # What the agreement says happens on default: suit, or entry of a stipulated judgment.
    on_default: Mapped[str] = mapped_column(String(12), default=Stage.LITIGATION.value)
    # Payments count towards this agreement when entered in the ledger after this entry id.
    after_entry_id: Mapped[int] = mapped_column(default=0)
    terms: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AgreementStatus] = mapped_column(
        enum_of(AgreementStatus, "agreement_status"), default=AgreementStatus.ACTIVE
    )
    defaulted_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    matter = relationship("Matter")
    offer = relationship("Offer")
    installments = relationship(
        "Installment", back_populates="agreement", order_by="Installment.number"
    )


class Installment(db.Model):
    """One scheduled payment of an agreement (number 0 is the down payment)."""

    __tablename__ = "installments"
    __table_args__ = (
        integer_cents_check("amount_cents"),
        CheckConstraint("amount_cents > 0", name="installment_is_positive"),
        CheckConstraint("due_on >= scheduled_on", name="due_not_before_scheduled"),
        UniqueConstraint("agreement_id", "number", name="uq_installments_agreement_number"),
        Index("ix_installments_due", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    number: Mapped[int]
    scheduled_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)

    agreement = relationship("Agreement", back_populates="installments")


class Suit(db.Model):
    """A lawsuit on the matter: court, index number, filing and service, the answer deadline."""

    __tablename__ = "suits"
    __table_args__ = (Index("ix_suits_matter", "matter_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    court: Mapped[str] = mapped_column(String(200))
    index_number: Mapped[str] = mapped_column(String(60), default="")
    filed_on: Mapped[date] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    service_method: Mapped[str] = mapped_column(String(32), default="")
    service_completed_on: Mapped[date | None] = mapped_column(Date)
    answer_due_on: Mapped[date | None] = mapped_column(Date)
    answer_rule: Mapped[str] = mapped_column(Text, default="")  # the rule and its source
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CourtDate(db.Model):
    """A hearing or other date in court, diarised for the matter's attorney."""

    __tablename__ = "court_dates"
    __table_args__ = (Index("ix_court_dates_on", "on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    at_time: Mapped[str] = mapped_column(String(5), default="")  # "09:30", local court time
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JudgmentRecord(db.Model):
    """The money judgment on a matter: its parts, post-judgment rate, expiry and renewal."""

    __tablename__ = "judgments"
    __table_args__ = (
        integer_cents_check("amount_cents"),
        integer_cents_check("principal_cents"),
        integer_cents_check("interest_cents"),
        integer_cents_check("costs_cents"),
        integer_cents_check("fees_cents"),
        CheckConstraint(
            "amount_cents = principal_cents + interest_cents + costs_cents + fees_cents",
            name="amount_is_the_sum_of_its_parts",
        ),
        CheckConstraint(
            "principal_cents >= 0 AND interest_cents >= 0 AND costs_cents >= 0 "
            "AND fees_cents >= 0 AND amount_cents > 0",
            name="parts_not_negative",
        ),
        CheckConstraint(
            "rate_basis_points BETWEEN 0 AND 10000", name="judgment_rate_is_a_percentage"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), unique=True)
    entered_on: Mapped[date] = mapped_column(Date)
    principal_cents: Mapped[int] = mapped_column(Cents)
    interest_cents: Mapped[int] = mapped_column(Cents)
    costs_cents: Mapped[int] = mapped_column(Cents)
    fees_cents: Mapped[int] = mapped_column(Cents)
    amount_cents: Mapped[int] = mapped_column(Cents)
    rate_basis_points: Mapped[int]
    rate_source: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    renewal_due_on: Mapped[date | None] = mapped_column(Date)  # the last day to seek renewal
    life_source: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EnforcementAction(db.Model):
    """A garnishment, levy, lien, subpoena or examination, with its third party and status."""

    __tablename__ = "enforcement_actions"
    __table_args__ = (Index("ix_enforcement_actions_matter", "matter_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    kind: Mapped[EnforcementKind] = mapped_column(enum_of(EnforcementKind, "enforcement_kind"))
    third_party: Mapped[str] = mapped_column(String(200))
    status: Mapped[EnforcementStatus] = mapped_column(
        enum_of(EnforcementStatus, "enforcement_status"), default=EnforcementStatus.PREPARED
    )
    started_on: Mapped[date] = mapped_column(Date)
    status_on: Mapped[date] = mapped_column(Date)
    next_step: Mapped[str] = mapped_column(String(200), default="")
    next_step_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    recoveries = relationship("EnforcementRecovery", order_by="EnforcementRecovery.id")


class EnforcementRecovery(db.Model):
    """A payment recovered by an enforcement action: the ledger entry it was posted as."""

    __tablename__ = "enforcement_recoveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("enforcement_actions.id"), index=True)
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)

    entry = relationship("LedgerEntry")


class CalendarToken(db.Model):
    """The secret in a user's calendar feed address; only its SHA-256 is stored."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
