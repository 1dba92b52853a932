"""A receivables export a client uploaded: kept as sent, previewed, then placed once."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.extensions import db
from casefile.types import UTCDateTime, utcnow


class ImportBatch(db.Model):
    __tablename__ = "import_batches"
    __table_args__ = (
        CheckConstraint("status IN ('previewed', 'placed')", name="status_known"),
        Index("ix_import_batches_client", "client_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    dialect: Mapped[str] = mapped_column(String(20))  # or "unmapped" until columns are mapped
    # For an export of no known shape: the client's column mapping, as JSON.
    mapping: Mapped[str] = mapped_column(Text, default="")
    rows_found: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="previewed")
    matters_placed: Mapped[int] = mapped_column(default=0)
    invoices_placed: Mapped[int] = mapped_column(default=0)
    invoices_skipped: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    uploaded_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}


class PlacementDetails(db.Model):
    """What the client told the firm when placing a matter: the contract's terms and the
    history of the debt, for the attorney's review and the final demand."""

    __tablename__ = "placement_details"
    __table_args__ = (
        CheckConstraint(
            "contract_rate_bps IS NULL OR contract_rate_bps BETWEEN 0 AND 10000",
            name="rate_is_a_percentage",
        ),
        CheckConstraint("contract_basis IN (360, 365)", name="basis_is_a_day_count"),
    )

    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), primary_key=True)
    contract_rate_bps: Mapped[int | None]
    contract_basis: Mapped[int] = mapped_column(default=365)
    late_fee_clause: Mapped[str] = mapped_column(Text, default="")
    attorney_fee_clause: Mapped[str] = mapped_column(Text, default="")
    payment_terms: Mapped[str] = mapped_column(Text, default="")
    prior_contacts: Mapped[str] = mapped_column(Text, default="")
    dispute: Mapped[str] = mapped_column(Text, default="")
    arrangement: Mapped[str] = mapped_column(Text, default="")
