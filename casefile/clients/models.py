"""The referring businesses whose unpaid invoices the firm collects."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.extensions import db
from casefile.types import UTCDateTime, utcnow


class Client(db.Model):
    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint("fee_basis_points BETWEEN 0 AND 10000", name="fee_is_a_percentage"),
        CheckConstraint(
            "settlement_floor_basis_points BETWEEN 0 AND 10000", name="floor_is_a_percentage"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    # Contingency fee in hundredths of a percent (3333 = 33.33 %): exact, no float.
    fee_basis_points: Mapped[int] = mapped_column(default=2500)
    # Whether the agreement lets the firm take costs it advanced out of the collections.
    reimburse_costs: Mapped[bool] = mapped_column(default=True)
    # Settlement authority: the lowest share of the balance (basis points, 8000 = 80 %) the
    # firm may accept without asking; lower offers need the client's approval in the portal.
    # 10000 by default: no discount without asking until the client grants one.
    settlement_floor_basis_points: Mapped[int] = mapped_column(
        default=10000, server_default="10000"
    )
    active: Mapped[bool] = mapped_column(default=True)
    # A business that referred a matter through the public page and is not yet a client.
    prospective: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    users = relationship("User", back_populates="client")
    matters = relationship("Matter", back_populates="client")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Client {self.name}>"
