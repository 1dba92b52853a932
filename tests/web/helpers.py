"""Helpers for tests that drive the app over HTTP with the test client."""

import re

from sqlalchemy import select, text

from casefile.extensions import db
from tests.factories import PASSWORD

# Tables whose rows a refused request may add: the refusal itself is audited.
AUDIT_TABLES = {"audit_events", "login_attempts"}


def login(client, user, password: str = PASSWORD):
    """Sign `user` in through the real login form; returns the response."""
    return client.post("/login", data={"email": user.email, "password": password})


def csrf_token(client, path: str) -> str:
    """The CSRF token embedded in the form at `path`."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token in {path}"
    return match[1]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table except the audit tables, in key order."""
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in AUDIT_TABLES:
            continue
        keys = list(table.primary_key.columns)
        rows[table.name] = [tuple(r) for r in db.session.execute(select(table).order_by(*keys))]
    db.session.rollback()
    return rows


def denied_events() -> int:
    count = db.session.scalar(
        text("SELECT count(*) FROM audit_events WHERE action = 'access.denied'")
    )
    db.session.rollback()
    return count
