"""The trust journal, remittances and reconciliations. Every table here is append-only."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.extensions import db
from casefile.types import Cents, UTCDateTime, enum_of, integer_cents_check, utcnow


class TrustKind(StrEnum):
    RECEIPT = "receipt"  # a debtor's payment received by the firm
    DEPOSIT = "deposit"  # other money received for the client (e.g. to cover a returned item)
    RETURNED_ITEM = "returned_item"  # a received payment that bounced or was reversed
    FEE_TO_OPERATING = "fee_to_operating"  # the firm's contingency fee
    COSTS_TO_OPERATING = "costs_to_operating"  # costs advanced, reimbursed to the firm
    TO_CLIENT = "to_client"  # the net remitted to the client
    REFUND = "refund"  # money paid back out, e.g. a debtor's overpayment

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_credit(self) -> bool:
        return self in (TrustKind.RECEIPT, TrustKind.DEPOSIT)


_LABELS = {
    TrustKind.RECEIPT: "Payment received",
    TrustKind.DEPOSIT: "Deposit",
    TrustKind.RETURNED_ITEM: "Returned payment",
    TrustKind.FEE_TO_OPERATING: "Fee to operating",
    TrustKind.COSTS_TO_OPERATING: "Costs reimbursed to operating",
    TrustKind.TO_CLIENT: "Remitted to client",
    TrustKind.REFUND: "Refund",
}


class TrustEntry(db.Model):
    """One line of the trust journal, under one client's ledger. Credits in, debits out."""

    __tablename__ = "trust_entries"
    __table_args__ = (
        integer_cents_check("amount_cents"),
        CheckConstraint(
            "(kind IN ('receipt', 'deposit') AND amount_cents > 0) "
            "OR (kind NOT IN ('receipt', 'deposit') AND amount_cents < 0)",
            name="amount_sign_fits_kind",
        ),
        # amount_cents rides along so balances are summed from the index alone.
        Index("ix_trust_entries_client", "client_id", "on", "id", "amount_cents"),
        Index("ix_trust_entries_on", "on", "id", "amount_cents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[TrustKind] = mapped_column(enum_of(TrustKind, "trust_kind"))
    amount_cents: Mapped[int] = mapped_column(Cents)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    # The payment (receipt) or its reversal (returned item) on the matter ledger.
    ledger_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id"), unique=True
    )
    remittance_id: Mapped[int | None] = mapped_column(ForeignKey("remittances.id"))
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(80), default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client = relationship("Client")
    matter = relationship("Matter")


class Remittance(db.Model):
    """One client's statement from a remittance run: what was collected and where it went."""

    __tablename__ = "remittances"
    __table_args__ = (
        integer_cents_check("collected_trust_cents"),
        integer_cents_check("net_cents"),
        CheckConstraint(
            "collected_trust_cents = fee_cents + costs_reimbursed_cents + net_cents",
            name="splits_sum_to_the_whole",
        ),
        CheckConstraint("net_cents >= 0 AND costs_reimbursed_cents >= 0", name="nothing_negative"),
        Index("ix_remittances_client", "client_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    on: Mapped[date] = mapped_column(Date)
    first_payment_on: Mapped[date] = mapped_column(Date)
    through: Mapped[date] = mapped_column(Date)
    fee_basis_points: Mapped[int]
    reimburse_costs: Mapped[bool]
    collected_trust_cents: Mapped[int] = mapped_column(Cents)
    collected_direct_cents: Mapped[int] = mapped_column(Cents)
    fee_cents: Mapped[int] = mapped_column(Cents)
    direct_fee_cents: Mapped[int] = mapped_column(Cents)
    costs_reimbursed_cents: Mapped[int] = mapped_column(Cents)
    net_cents: Mapped[int] = mapped_column(Cents)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client = relationship("Client")
    lines = relationship(
        "RemittanceLine", order_by="RemittanceLine.id", back_populates="remittance"
    )
    items = relationship("RemittanceItem", order_by="RemittanceItem.id")

    @property
    def reference(self) -> str:
        return f"REM-{self.on.year}-{self.id:06d}"


class RemittanceLine(db.Model):
    """One matter's figures on a remittance statement."""

    __tablename__ = "remittance_lines"
    __table_args__ = (
        CheckConstraint(
            "collected_trust_cents = fee_cents + costs_reimbursed_cents + net_cents",
            name="splits_sum_to_the_whole",
        ),
        Index("ix_remittance_lines_matter", "matter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    remittance_id: Mapped[int] = mapped_column(ForeignKey("remittances.id"), index=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    collected_trust_cents: Mapped[int] = mapped_column(Cents)
    collected_direct_cents: Mapped[int] = mapped_column(Cents)
    fee_cents: Mapped[int] = mapped_column(Cents)
    direct_fee_cents: Mapped[int] = mapped_column(Cents)
    costs_reimbursed_cents: Mapped[int] = mapped_column(Cents)
    net_cents: Mapped[int] = mapped_column(Cents)

    remittance = relationship("Remittance", back_populates="lines")
    matter = relationship("Matter")


class RemittanceItem(db.Model):
    """A payment (or returned payment) behind a remittance; each is remitted exactly once."""

    __tablename__ = "remittance_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    remittance_id: Mapped[int] = mapped_column(ForeignKey("remittances.id"), index=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    amount_cents: Mapped[int] = mapped_column(Cents)
    into_trust: Mapped[bool]

    ledger_entry = relationship("LedgerEntry")


class Reconciliation(db.Model):
    """A month's three-way reconciliation as the admin entered and the books stood then."""

    __tablename__ = "trust_reconciliations"
    __table_args__ = (
        integer_cents_check("statement_balance_cents"),
        Index("ix_trust_reconciliations_month", "month_end", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month_end: Mapped[date] = mapped_column(Date)
    statement_balance_cents: Mapped[int] = mapped_column(Cents)
    deposits_in_transit_cents: Mapped[int] = mapped_column(Cents, default=0)
    outstanding_checks_cents: Mapped[int] = mapped_column(Cents, default=0)
    journal_balance_cents: Mapped[int] = mapped_column(Cents)
    client_ledgers_cents: Mapped[int] = mapped_column(Cents)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entered_by = relationship("User")

    @property
    def adjusted_bank_cents(self) -> int:
        return (
            self.statement_balance_cents
            + self.deposits_in_transit_cents
            - self.outstanding_checks_cents
        )

    @property
    def bank_vs_journal_cents(self) -> int:
        return self.adjusted_bank_cents - self.journal_balance_cents

    @property
    def journal_vs_ledgers_cents(self) -> int:
        return self.journal_balance_cents - self.client_ledgers_cents

    @property
    def balanced(self) -> bool:
        return self.bank_vs_journal_cents == 0 and self.journal_vs_ledgers_cents == 0
