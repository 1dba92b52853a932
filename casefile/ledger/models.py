"""Ledger rows (append-only) and a matter's contract interest terms."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.balance import Component, EntryKind
from casefile.extensions import db
from casefile.types import Cents, UTCDateTime, enum_of, integer_cents_check, utcnow

PAYMENT_METHODS = ("check", "ach", "wire", "card", "cash", "money_order", "other")


class LedgerEntry(db.Model):
    """One money event on a matter. Never updated or deleted: a mistake gets a reversal."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        integer_cents_check("amount_cents"),
        CheckConstraint(
            "(kind = 'adjustment' AND amount_cents <> 0) OR amount_cents > 0",
            name="amount_sign_fits_kind",
        ),
        CheckConstraint(
            "(kind = 'adjustment') = (component IS NOT NULL)", name="adjustments_name_a_component"
        ),
        CheckConstraint(
            "(kind = 'reversal') = (reverses_id IS NOT NULL)", name="reversals_name_an_entry"
        ),
        CheckConstraint("received_by IN ('', 'firm', 'client')", name="received_by_known"),
        Index("ix_ledger_entries_matter", "matter_id", "on", "id"),
        Index(
            "uq_ledger_entries_payment_reference",
            "matter_id",
            "reference",
            unique=True,
            sqlite_where=db.text("reference <> ''"),
            postgresql_where=db.text("reference <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[EntryKind] = mapped_column(enum_of(EntryKind, "ledger_entry_kind"))
    amount_cents: Mapped[int] = mapped_column(Cents)
    component: Mapped[Component | None] = mapped_column(enum_of(Component, "ledger_component"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    method: Mapped[str] = mapped_column(String(20), default="")
    payer: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(80), default="")
    # Payments only: "firm" (into trust) or "client" (paid directly to the client, reported).
    received_by: Mapped[str] = mapped_column(String(10), default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    # The form nonce: a form submitted twice records once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by = relationship("User")
    reverses = relationship("LedgerEntry", remote_side=[id])


class InterestTerm(db.Model):
    """A contract rate period for a matter; none means the jurisdiction's statutory rate."""

    __tablename__ = "interest_terms"
    __table_args__ = (
        CheckConstraint(
            "rate_basis_points >= 0 AND rate_basis_points <= 10000", name="rate_is_a_percentage"
        ),
        CheckConstraint("basis IN (360, 365)", name="basis_is_a_day_count"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ends_after_start"),
        Index("ix_interest_terms_matter", "matter_id", "start_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    # Annual simple rate in hundredths of a percent: 1800 = 18.00 % (exact, no float).
    rate_basis_points: Mapped[int]
    basis: Mapped[int] = mapped_column(default=365)
    label: Mapped[str] = mapped_column(String(120), default="contract rate")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
