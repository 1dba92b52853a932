"""The `flask --app casefile ...` commands."""

import sqlite3

from sqlalchemy import func, select

from casefile.auth.models import User
from casefile.demo import DEMO_LOGINS
from casefile.diary.models import Task
from casefile.domain.parties import DebtType
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from tests.conftest import using_postgres


def test_create_admin_makes_the_first_account(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Firm.Example",
            "--name",
            "Pat Boss",
            "--password",
            "a-long-admin-passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role) == ("boss@firm.example", Role.ADMIN)


def test_create_admin_refuses_a_weak_password_and_creates_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "a@firm.example", "--name", "A", "--password", "short"]
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_loads_a_small_firm_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    for _role, email, password in DEMO_LOGINS:
        assert email in result.output
        assert password in result.output
    stages = set(db.session.scalars(select(Matter.stage)))
    assert stages == set(Stage)
    assert db.session.scalar(select(func.count(Matter.id))) >= 40
    assert set(db.session.scalars(select(Matter.debt_type))) == set(DebtType)
    assert db.session.scalar(select(func.count(Task.id))) > 0
    assert {u.role for u in db.session.scalars(select(User))} == set(Role)
    db.session.commit()
    verified = runner.invoke(args=["search", "verify"])  # indexed in one pass, nothing queued
    assert verified.exit_code == 0, verified.output
    assert "0 missing, 0 stale, 0 not in the database; 0 changes queued." in verified.output
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "already loaded" in again.output
    assert runner.invoke(args=["demo"]).exit_code != 0  # never into a non-empty database


def test_audit_verify_reports_an_intact_chain(app, make):
    make.matter()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "audit chain intact" in result.output


def test_backup_copies_a_consistent_database(app, make, tmp_path):
    make.matter()
    target = tmp_path / "copy.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    if using_postgres():
        assert result.exit_code != 0
        assert "pg_dump" in result.output
        return
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM matters").fetchone()[0] == 1
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
