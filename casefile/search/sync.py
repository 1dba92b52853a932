"""Keeping the index in step with the database.

1. A change that the index must reflect queues a `SearchOutbox` row in its own transaction
   (`after_flush` below, or `queue_matters` for bulk inserts that bypass the ORM).
2. After the commit, the process drains the outbox: it takes the writer lock without waiting,
   re-reads the queued matters and items, writes them, deletes exactly the rows it handled and
   looks again. A process that finds the lock taken leaves its rows to the holder, which looks
   again after releasing it: a row committed before the failed attempt is seen by that second
   look, so nothing is left behind and no user ever meets a lock error.
3. When the index is missing or unreadable, a rebuild writes a new one from the database and
   then drains the outbox, so changes made while it ran are not lost either.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from casefile.correspondence.models import Correspondence
from casefile.database import read_only, write_intent
from casefile.documents.models import Document
from casefile.extensions import db
from casefile.matters.models import Invoice, Matter, Party
from casefile.search.index import IndexUnavailable, SearchIndex
from casefile.search.models import SearchOutbox
from casefile.search.records import all_documents, documents_for

log = logging.getLogger("casefile.search")

# Matter columns that appear in index entries; other changes (a version bump) need no work.
MATTER_FIELDS = (
    "reference",
    "client_reference",
    "client_id",
    "stage",
    "debtor_name",
    "party_names",
    "attorney_id",
    "paralegal_id",
)
BATCH = 500


def search_index(app=None) -> SearchIndex:
    app = app or current_app
    index = app.extensions.get("casefile.search")
    if index is None:
        index = app.extensions["casefile.search"] = SearchIndex(app.config["SEARCH_INDEX_PATH"])
    return index


# 1. Queueing ---------------------------------------------------------------------------------


def queue_matters(matter_ids: list[int]) -> None:
    """Queue whole matters (for writers that insert rows without the ORM's unit of work)."""
    if matter_ids:
        db.session.execute(
            insert(SearchOutbox), [{"matter_id": m, "correspondence_id": None} for m in matter_ids]
        )
        db.session.info["search_queued"] = True


@event.listens_for(Session, "after_flush")
def _queue_flushed_changes(session: Session, _context) -> None:
    rows = _changes(session)
    if rows:
        session.connection().execute(
            insert(SearchOutbox.__table__),
            [{"matter_id": m, "correspondence_id": c} for m, c in sorted(rows, key=str)],
        )
        session.info["search_queued"] = True


def _changes(session: Session) -> set[tuple[int, int | None]]:
    rows: set[tuple[int, int | None]] = set()
    for obj in (*session.new, *session.dirty):
        new = obj in session.new
        if isinstance(obj, Correspondence):
            rows.add((obj.matter_id, obj.id))
        elif isinstance(obj, Document) and obj.correspondence_id and obj.matter_id:
            rows.add((obj.matter_id, obj.correspondence_id))
        elif isinstance(obj, Matter) and (new or _changed(obj, MATTER_FIELDS)):
            rows.add((obj.id, None))
        elif isinstance(obj, Party | Invoice) and (
            new or _changed(obj, ("name", "aliases", "number"))
        ):
            rows.add((obj.matter_id, None))
    return rows


def _changed(obj, names) -> bool:
    state = db.inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_commit")
def _index_after_commit(session: Session) -> None:
    if not session.info.pop("search_queued", False):
        return
    try:
        app = current_app._get_current_object()
    except RuntimeError:  # outside the app (a script): `flask search sync` catches up
        return
    if _deferred.get():
        return  # the rows stay queued; `indexing_deferred` indexes them once at its end
    mode = app.config["SEARCH_INDEXING"]
    # A command (`flask demo`, an import script) may exit before a background thread has run,
    # so outside a request the committing code indexes for itself.
    if mode == "inline" or (mode == "background" and not has_request_context()):
        drain(app)
    elif mode == "background":
        _worker(app).wake()


_deferred: ContextVar[bool] = ContextVar("search_indexing_deferred", default=False)


@contextmanager
def indexing_deferred(app) -> Iterator[None]:
    """Queue, but do not index, the commits made inside the block; index them all at its end.
    For loaders that commit many times in a row (the demo firm): one pass instead of one per
    commit."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
        if app.config["SEARCH_INDEXING"] != "off":
            drain(app, wait=True)


def catch_up() -> None:
    """Before a process's first request: index whatever an earlier process left queued (it
    stopped, or crashed, between its commit and its indexing)."""
    app = current_app._get_current_object()
    if app.config["SEARCH_INDEXING"] == "background" and not app.extensions.get(
        "casefile.search.caught_up"
    ):
        app.extensions["casefile.search.caught_up"] = True
        _worker(app).wake()


@event.listens_for(Session, "after_rollback")
def _forget_queue(session: Session) -> None:
    session.info.pop("search_queued", None)


# 2. Draining ---------------------------------------------------------------------------------


def drain(app, wait: bool = False) -> int:
    """Index what the outbox holds; returns how many rows were handled by this call.

    Never raises: a broken index leaves the rows queued and schedules a rebuild."""
    index = search_index(app)
    handled = 0
    try:
        while True:
            with Session(db.engine) as session:
                with read_only():
                    queued = _pending(session, 1)
                    session.rollback()
                if not queued:
                    return handled
                with index.exclusive(wait) as locked:
                    if not locked:
                        return handled  # the holder looks again after releasing the lock
                    if not index.exists():
                        with read_only():
                            _rebuild_locked(app, index, session)
                        continue
                    handled += _drain_locked(index, session)
    except IndexUnavailable as error:
        log.warning("search index unavailable (%s); rebuilding", error)
        start_rebuild(app)
    except Exception:
        log.exception("search indexing failed; the changes stay queued")
    return handled


def _pending(session: Session, limit: int) -> list[SearchOutbox]:
    return list(session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(limit)))


def _drain_locked(index: SearchIndex, session: Session) -> int:
    """Index the queued rows batch by batch. Reads run deferred and end before the index is
    written, so SQLite's write lock is held only for the short delete of the handled rows."""
    handled = 0
    while True:
        with read_only():
            rows = [(r.id, r.matter_id, r.correspondence_id) for r in _pending(session, BATCH)]
            whole = {m for _, m, c in rows if c is None}
            items = {c for _, _, c in rows if c is not None}
            documents, gone = documents_for(session, whole, items) if rows else ([], set())
            session.rollback()
        if not rows:
            return handled
        index.apply(documents, matters_to_clear=[str(m) for m in whole | gone])
        with write_intent():
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r[0] for r in rows])))
            session.commit()
        session.expunge_all()
        handled += len(rows)


# 3. Rebuilding -------------------------------------------------------------------------------


def rebuild(app, progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    """Build the whole index from the database (waits for the lock); returns the entries.
    `processes` > 1 (the command line's choice) analyses in that many worker processes; a
    server rebuilding in a thread keeps to one, as forking a threaded server is unsafe."""
    index = search_index(app)
    with Session(db.engine) as session, index.exclusive(wait=True):
        with read_only():
            count = _rebuild_locked(app, index, session, progress, processes)
        _drain_locked(index, session)
    return count


def _rebuild_locked(
    app, index: SearchIndex, session: Session, progress=None, processes: int = 1
) -> int:
    memory = app.config["SEARCH_INDEX_MEMORY_MB"]
    count = index.build(all_documents(session), progress, memory, processes)
    session.rollback()  # end the long read so the outbox is read afresh
    log.info("search index rebuilt: %d entries", count)
    return count


_rebuilding = threading.Lock()


def start_rebuild(app) -> bool:
    """Rebuild in a background thread unless this process is already rebuilding."""
    if not _rebuilding.acquire(blocking=False):
        return False

    def run():
        try:
            with app.app_context():
                rebuild(app)
        except Exception:
            log.exception("search index rebuild failed")
        finally:
            _rebuilding.release()

    threading.Thread(target=run, name="search-rebuild", daemon=True).start()
    return True


def rebuilding() -> bool:
    return _rebuilding.locked()


# Background indexing -------------------------------------------------------------------------


class _Worker:
    """One thread per process that drains after each commit, so a write request does not wait
    for the index (a bulk import queues thousands of matters)."""

    def __init__(self, app):
        self.app = app
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        threading.Thread(target=self._run, name="search-indexer", daemon=True).start()

    def wake(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            with self.app.app_context():
                drain(self.app, wait=True)
            if not self.wanted.is_set():
                self.idle.set()


_workers: dict[int, _Worker] = {}
_workers_lock = threading.Lock()


def _worker(app) -> _Worker:
    with _workers_lock:
        if id(app) not in _workers:
            _workers[id(app)] = _Worker(app)
        return _workers[id(app)]


def wait_until_indexed(app, timeout: float = 30.0) -> bool:
    """For tests and commands: wait for this process's background indexer to finish."""
    worker = _workers.get(id(app))
    return worker is None or worker.idle.wait(timeout)
