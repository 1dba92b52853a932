"""Users of the firm and its clients, and the login attempts that throttle guessing."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.roles import Capability, Role, can
from casefile.extensions import db
from casefile.types import UTCDateTime, enum_of, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # A client user belongs to exactly one client; staff belong to none.
        CheckConstraint(
            "(role = 'client' AND client_id IS NOT NULL) "
            "OR (role <> 'client' AND client_id IS NULL)",
            name="client_users_have_a_client",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_of(Role, "user_role"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped by logout, password change and deactivation: every older session stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client = relationship("Client", back_populates="users")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    def can(self, capability: Capability) -> bool:
        return can(self.role, capability)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginAttempt(db.Model):
    """One login attempt; failures in a window lock the account name or the address for a while."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    succeeded: Mapped[bool]
