"""Database set-up that SQLAlchemy does not do for us, and the one transaction helper services use.

SQLite: WAL, foreign keys, a busy timeout, synchronous=FULL, and write transactions that begin
IMMEDIATE so that a read-then-write can never lose a concurrent update (SECURITY.md). Requests
that cannot change state (GET, HEAD, OPTIONS) begin deferred so readers never queue behind writers.
PostgreSQL needs none of this: its default isolation plus version columns and atomic SQL suffice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError

from casefile.domain.errors import StaleEditError
from casefile.extensions import db

_begin_immediate: ContextVar[bool] = ContextVar("begin_immediate", default=True)


def set_read_only(read_only: bool):
    """Set the begin mode for the current context; returns a token for `reset_mode`."""
    return _begin_immediate.set(not read_only)


def reset_mode(token) -> None:
    _begin_immediate.reset(token)


@contextmanager
def write_intent() -> Iterator[None]:
    """Within this block SQLite transactions begin IMMEDIATE, whatever the request method."""
    token = _begin_immediate.set(True)
    try:
        yield
    finally:
        _begin_immediate.reset(token)


@contextmanager
def read_only() -> Iterator[None]:
    """Within this block SQLite transactions begin deferred: reads that must not hold the
    write lock (a long rebuild, the search indexer) while other work goes on."""
    token = _begin_immediate.set(False)
    try:
        yield
    finally:
        _begin_immediate.reset(token)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the SQLite connection pragmas and begin mode; a no-op on other databases."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from the sqlite3 module (it issues BEGIN only before
        # DML, which is what loses updates) and issue BEGIN ourselves below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediate.get() else "BEGIN")


_in_transaction: ContextVar[bool] = ContextVar("in_transaction", default=False)


@contextmanager
def transaction() -> Iterator[None]:
    """Run a service's writes as one transaction: commit at the end, roll back on any error.

    Blocks nest: a service that calls another inside its own block (accepting a placement
    assigns it, then moves its stage) commits once, at the end of the outermost block.
    """
    if _in_transaction.get():
        yield
        return
    token = _in_transaction.set(True)
    try:
        yield
        db.session.commit()
    except StaleDataError as error:
        # Another transaction saved the same row after we read it (its version moved on).
        db.session.rollback()
        raise StaleEditError(
            "This record was changed by someone else while you were saving. "
            "Reload the page to see their changes, then make yours again."
        ) from error
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _in_transaction.reset(token)


def lock_for_chain(name: str) -> None:
    """Serialise writers of an append-only hash chain inside the current transaction.

    SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL takes a transaction-scoped
    advisory lock so two transactions cannot both read the same chain head.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
