"""The database is set up as SECURITY.md requires, on whichever engine the suite runs."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from casefile.extensions import db
from tests.conftest import using_postgres


def test_connections_are_configured_for_the_engine(app):
    """SQLite: WAL, foreign keys, busy timeout, full sync. PostgreSQL: psycopg 3 driver."""
    if using_postgres():
        assert db.engine.dialect.driver == "psycopg"
        assert db.session.execute(text("SHOW server_encoding")).scalar() == "UTF8"
        return
    pragma = {
        name: db.session.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
    }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"],
        "synchronous": 2,
    }


def test_foreign_keys_are_enforced(app):
    orphan = text(
        "INSERT INTO invoices (matter_id, number, issued_on, due_on, amount_cents, currency) "
        "VALUES (424242, 'X-1', '2026-01-01', '2026-02-01', 100, 'USD')"
    )
    with pytest.raises(IntegrityError):
        db.session.execute(orphan)
    db.session.rollback()


def test_a_closed_matter_without_an_outcome_is_refused_by_the_database(app, make):
    matter = make.matter()
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE matters SET stage = 'closed' WHERE id = :id"), {"id": matter.id}
        )
    db.session.rollback()


def test_the_migrations_build_exactly_the_schema_the_models_describe(app):
    """A model changed without a migration (or the reverse) fails here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from casefile.migrations.ddl import belongs_on

    with db.engine.connect() as connection:
        include = belongs_on(connection.dialect.name)
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
