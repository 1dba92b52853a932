"""Column types shared by the models: UTC timestamps, enums stored by value, integer cents."""

from datetime import UTC, datetime
from enum import Enum as PyEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Enum, TypeDecorator


def utcnow() -> datetime:
    """The current time in UTC, aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_of(enum_cls: type[PyEnum], name: str) -> Enum:
    """A VARCHAR column holding the enum's values, with a CHECK that only they are stored."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


Cents = BigInteger


def integer_cents_check(column: str) -> CheckConstraint:
    """SQLite stores whatever it is given; refuse anything but an integer in a money column.

    On PostgreSQL the BIGINT type already refuses fractions, so the check is SQLite-only.
    """
    return CheckConstraint(f"typeof({column}) = 'integer'", name=f"{column}_is_integer").ddl_if(
        dialect="sqlite"
    )
