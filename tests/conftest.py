"""Fixtures: a real database built by the real migrations, the real app factory, and factories.

The suite runs on SQLite by default. Set CASEFILE_TEST_DATABASE_URL to a PostgreSQL URL to run
the same tests there (each run works in a schema of its own, dropped at the end).
"""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, text

from casefile import create_app
from casefile.audit.services import SYSTEM, Actor
from casefile.extensions import db
from casefile.search.sync import search_index
from tests.factories import Factory

PG_URL = os.environ.get("CASEFILE_TEST_DATABASE_URL", "")

# Property tests check properties, not speed (benchmarks live in bench/): no per-example
# deadline, so a busy CI machine cannot turn a slow example into a failure.
settings.register_profile("casefile", deadline=None)
settings.load_profile("casefile")

# Tests hash passwords with a cheap scrypt cost so the suite stays quick; the production
# default (N=2^17) is asserted in tests/auth/test_passwords.py.
TEST_CONFIG = {
    "TESTING": True,
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    "WTF_CSRF_ENABLED": False,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # Index in the committing request, so a test can search right after a write.
    "SEARCH_INDEXING": "inline",
}


def using_postgres() -> bool:
    return PG_URL.startswith("postgresql")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate an empty database once per run; each test gets a fresh copy or a truncation."""
    if using_postgres():
        schema = f"cf_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
        _migrate(url, tmp_path_factory.mktemp("pg-instance"))
        yield {"url": url}
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    else:
        folder = tmp_path_factory.mktemp("template")
        path = folder / "casefile.db"
        _migrate(f"sqlite:///{path}", folder)
        yield {"path": path}


def _migrate(url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url}, instance_path=instance)
    with app.app_context():
        upgrade()
        db.engine.dispose()


def database_url(database_template, instance: Path) -> str:
    """A clean database for one test: a copy of the template file, or truncated tables."""
    if "path" in database_template:
        target = instance / "casefile.db"
        shutil.copyfile(database_template["path"], target)
        return f"sqlite:///{target}"
    url = database_template["url"]
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = (
            conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


class ReleasingClient(FlaskClient):
    """A test client whose every request runs as in production: in an app context of its own.

    Without this, requests would reuse the test's pushed app context, and with it the test's
    database session and Flask-Login's cached user in `g`. It also ends the test body's own
    transaction first: on SQLite an open one would hold the lock a request may need.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def make_app(database_template, tmp_path):
    """Build apps on one clean database, with extra settings per app (e.g. CSRF on)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    url = database_url(database_template, instance)
    apps = []

    def build(**overrides):
        config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **overrides}
        built = create_app(config, instance_path=instance)
        built.test_client_class = ReleasingClient
        apps.append(built)
        return built

    yield build
    for built in apps:
        with built.app_context():
            db.session.remove()
            db.engine.dispose()
            search_index(built).close()


@pytest.fixture
def app(make_app):
    built = make_app()
    with built.app_context():
        yield built


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app):
    """Factories for clients, users and matters, written through the real services."""
    return Factory(app)


@pytest.fixture
def system():
    return SYSTEM


def actor_for(user) -> Actor:
    return Actor(user, "127.0.0.1")
