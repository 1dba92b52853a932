"""The `flask --app casefile ...` commands: thin wrappers over services."""

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from casefile.audit.services import SYSTEM, verify_chain
from casefile.auth.models import User
from casefile.auth.services import UserData, create_user
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.search.cli import search


def register(app) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(demo)
    app.cli.add_command(audit)
    app.cli.add_command(backup)
    app.cli.add_command(search)


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option("--password", help="Prompted for (hidden, twice) when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a firm administrator account (there are no default accounts)."""
    system = SYSTEM
    try:
        user = create_user(
            UserData(email=email, name=name, role=Role.ADMIN, client_id=None),
            password,
            system,
            current_app.config["PASSWORD_HASH_METHOD"],
        )
    except CasefileError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Administrator {user.email} created. Sign in at /login.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
def demo(if_empty: bool) -> None:
    """Load a demo firm: clients, 48 matters over every stage, diary, one user per role."""
    from casefile.demo import DEMO_LOGINS, load_demo

    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException(
            "Demo data has known passwords; it is never loaded in production."
        )
    if db.session.scalar(select(func.count(User.id))):
        if not if_empty:
            raise click.ClickException(
                "The database is not empty; demo data loads only into an empty database."
            )
        demo_admin = db.session.scalar(select(User.id).where(User.email == DEMO_LOGINS[0][1]))
        if demo_admin is None:
            click.echo("The database already has users; demo data not loaded.")
            return
        click.echo("Demo firm already loaded. Demo sign-ins:")
    else:
        click.echo(load_demo())
    for role, email, password in DEMO_LOGINS:
        click.echo(f"  {role:<10} {email:<32} password: {password}")


@click.group("audit")
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 if any event was altered or removed."""
    report = verify_chain()
    if report.ok:
        click.echo(f"audit chain intact: {report.checked} events")
        return
    click.echo(
        f"audit chain BROKEN at event {report.broken_at} "
        f"({report.checked} events before it verified)",
        err=True,
    )
    sys.exit(1)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Copy the SQLite database to TARGET while the app keeps running, then check the copy."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException("On PostgreSQL use pg_dump (see the README, Backups).")
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name.")
    source = sqlite3.connect(url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup API: a consistent snapshot under writers
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if result != "ok":
        raise click.ClickException(f"the copy failed its integrity check: {result}")
    click.echo(f"Backed up to {target} ({target.stat().st_size:,} bytes); integrity check ok.")
