"""`flask --app casefile search rebuild | verify | sync | optimize`."""

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile.database import read_only
from casefile.extensions import db
from casefile.search import sync
from casefile.search.index import IndexUnavailable
from casefile.search.models import SearchOutbox
from casefile.search.records import all_documents

search = AppGroup("search", help="The full-text search index.")


@search.command("rebuild")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=lambda: os.cpu_count() or 1,
    show_default="the number of CPUs",
    help="Worker processes that analyse and write the index.",
)
def rebuild_command(processes: int) -> None:
    """Rebuild the index from the database (search keeps answering from the old one)."""
    app = current_app._get_current_object()
    count = sync.rebuild(
        app,
        progress=lambda n: click.echo(f"  {n:,} entries indexed", err=True),
        processes=processes,
    )
    click.echo(f"Search index rebuilt: {count:,} entries.")


@search.command("optimize")
def optimize_command() -> None:
    """Merge the index into one segment (at a quiet hour: writes queue up until it is done)."""
    index = sync.search_index()
    with index.exclusive(wait=True):
        count = index.optimize()
    sync.drain(current_app._get_current_object(), wait=True)
    click.echo(f"Search index merged: {count:,} entries in one segment.")


@search.command("sync")
def sync_command() -> None:
    """Index what is waiting in the queue (after a crash, or writes made by scripts)."""
    handled = sync.drain(current_app._get_current_object(), wait=True)
    click.echo(f"{handled:,} queued changes indexed.")


@search.command("verify")
def verify_command() -> None:
    """Compare the index with the database; exit 1 when entries are missing, stale or extra."""
    index = sync.search_index()
    try:
        with index.searcher() as searcher:
            indexed = {fields["key"]: fields["digest"] for fields in searcher.all_stored_fields()}
    except IndexUnavailable as error:
        click.echo(f"Search index unavailable: {error}")
        sys.exit(1)
    with Session(db.engine) as session, read_only():
        expected = {d["key"]: d["digest"] for d in all_documents(session)}
        queued = session.scalar(select(func.count(SearchOutbox.id)))
    missing = sorted(expected.keys() - indexed.keys())
    extra = sorted(indexed.keys() - expected.keys())
    stale = sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k])
    click.echo(
        f"{len(expected):,} entries expected, {len(indexed):,} indexed: {len(missing)} missing, "
        f"{len(stale)} stale, {len(extra)} not in the database; {queued} changes queued."
    )
    for label, keys in (("missing", missing), ("stale", stale), ("extra", extra)):
        if keys:
            click.echo(f"  {label}: {', '.join(keys[:20])}{' …' if len(keys) > 20 else ''}")
    if missing or stale or extra:
        click.echo("Run `flask --app casefile search rebuild` to repair it.")
        sys.exit(1)
