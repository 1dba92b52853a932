"""The audit trail cannot be changed, and signing in is counted and throttled."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casefile.audit.models import AuditEvent
from casefile.audit.services import Actor, verify_chain
from casefile.auth.models import User
from casefile.auth.services import (
    INVALID_LOGIN,
    LoginPolicy,
    LoginRefused,
    UserData,
    authenticate,
    change_password,
    create_user,
)
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.services import move_stage
from tests.conftest import using_postgres
from tests.factories import PASSWORD, TODAY

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
POLICY = LoginPolicy(
    "scrypt:1024:8:1", timedelta(minutes=15), max_per_account=3, max_per_address=10
)
FROM = Actor(None, "198.51.100.7", "anonymous")


@pytest.mark.parametrize("table", ["audit_events", "stage_events"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_the_database_refuses_to_change_history(make, table, statement):
    make.matter()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement.format(t=table)))
    db.session.rollback()
    assert db.session.scalar(text(f"SELECT count(*) FROM {table}")) > 0


def test_every_change_is_audited_with_before_and_after(make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    move_stage(matter, Stage.DEMAND, "sent", make.actor(attorney), TODAY)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "matter.stage_changed"))
    assert (event.actor_id, event.actor_role, event.matter_id) == (
        attorney.id,
        "attorney",
        matter.id,
    )
    assert '"stage": ["open", "demand"]' in event.changes
    assert event.address == "127.0.0.1"


def test_the_hash_chain_detects_a_tampered_event(make):
    for _ in range(3):
        make.matter()
    assert verify_chain().ok
    victim = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id).offset(2))
    if using_postgres():
        db.session.execute(
            text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        )
    else:
        db.session.execute(text("DROP TRIGGER audit_events_no_update"))
    db.session.execute(
        text("UPDATE audit_events SET summary = 'nothing happened' WHERE id = :id"), {"id": victim}
    )
    db.session.commit()
    report = verify_chain()
    assert not report.ok
    assert report.broken_at == victim


def test_sign_in_with_the_right_password(make):
    attorney = make.user(Role.ATTORNEY)
    user = authenticate(attorney.email.upper(), PASSWORD, FROM, POLICY, NOW)
    assert user.id == attorney.id
    assert user.last_login_at == NOW


def test_unknown_user_and_wrong_password_are_refused_alike(make):
    attorney = make.user(Role.ATTORNEY)
    messages = []
    for email, password in ((attorney.email, "wrong-password"), ("who@firm.test", PASSWORD)):
        with pytest.raises(LoginRefused) as refused:
            authenticate(email, password, FROM, POLICY, NOW)
        messages.append(refused.value.message)
    assert messages == [INVALID_LOGIN, INVALID_LOGIN]


def test_an_account_locks_after_failures_and_unlocks_after_the_window(make):
    attorney = make.user(Role.ATTORNEY)
    for minute in range(3):
        with pytest.raises(LoginRefused):
            authenticate(attorney.email, "wrong", FROM, POLICY, NOW + timedelta(minutes=minute))
    with pytest.raises(LoginRefused, match="Try again in 13 minutes"):
        authenticate(attorney.email, PASSWORD, FROM, POLICY, NOW + timedelta(minutes=2))
    later = NOW + timedelta(minutes=15, seconds=1)
    assert authenticate(attorney.email, PASSWORD, FROM, POLICY, later).id == attorney.id


def test_an_inactive_user_cannot_sign_in(make):
    attorney = make.user(Role.ATTORNEY)
    db.session.get(User, attorney.id).active = False
    db.session.commit()
    with pytest.raises(LoginRefused, match="Invalid"):
        authenticate(attorney.email, PASSWORD, FROM, POLICY, NOW)


def test_changing_the_password_ends_sessions_and_checks_the_old_one(make):
    attorney = make.user(Role.ATTORNEY)
    version = attorney.session_version
    with pytest.raises(CasefileError, match="current password"):
        change_password(
            attorney, "wrong", "another-long-passphrase", make.actor(attorney), POLICY.hash_method
        )
    change_password(
        attorney, PASSWORD, "another-long-passphrase", make.actor(attorney), POLICY.hash_method
    )
    assert attorney.session_version == version + 1


def test_a_client_user_needs_a_client_and_staff_must_not_have_one(make):
    with pytest.raises(CasefileError, match="must belong to a client") as refused:
        create_user(
            UserData("c@client.test", "C", Role.CLIENT, None),
            PASSWORD,
            make.actor(),
            POLICY.hash_method,
        )
    assert refused.value.field == "client_id"
    client = make.client()
    staff = create_user(
        UserData("p@firm.test", "P", Role.PARALEGAL, client.id),
        PASSWORD,
        make.actor(),
        POLICY.hash_method,
    )
    assert staff.client_id is None
