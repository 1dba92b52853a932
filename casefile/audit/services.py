"""Writing audit events into the hash chain, and verifying the chain."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from casefile.audit.models import AuditEvent
from casefile.database import lock_for_chain
from casefile.extensions import db
from casefile.types import utcnow

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where; services take it explicitly instead of reading the request."""

    user: Any = None  # a User, or None for the system and anonymous visitors
    address: str = ""
    label: str = field(default="")

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.email
        return self.label or "system"


SYSTEM = Actor(label="system")


def record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    *,
    summary: str = "",
    changes: dict[str, tuple[Any, Any]] | None = None,
    matter_id: int | None = None,
    client_id: int | None = None,
    result: str = "ok",
    at: datetime | None = None,
) -> AuditEvent:
    """Append one audit event to the chain inside the caller's transaction (no commit here)."""
    entry = AuditEntry(
        action, object_type, object_id, summary, changes, matter_id, client_id, result, at
    )
    event = _chained(actor, entry, _chain_head())
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class AuditEntry:
    """What `record_many` appends for each event (the arguments of `record`)."""

    action: str
    object_type: str
    object_id: Any = ""
    summary: str = ""
    changes: dict[str, tuple[Any, Any]] | None = None
    matter_id: int | None = None
    client_id: int | None = None
    result: str = "ok"
    at: datetime | None = None


def record_many(actor: Actor, entries: list[AuditEntry]) -> None:
    """Append many events by one actor to the chain in one insert (bulk placements)."""
    prev, rows = _chain_head(), []
    for entry in entries:
        event = _chained(actor, entry, prev)
        prev = event.hash
        rows.append({column.key: getattr(event, column.key) for column in _COLUMNS})
    if rows:
        db.session.execute(insert(AuditEvent), rows)


def _chain_head() -> str:
    lock_for_chain("audit_events")
    prev = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return prev or GENESIS


def _chained(actor: Actor, entry: AuditEntry, prev: str) -> AuditEvent:
    user = actor.user
    event = AuditEvent(
        at=entry.at or utcnow(),
        actor_id=actor.user_id,
        actor_label=actor.name,
        actor_role=str(user.role) if user is not None else "",
        client_id=entry.client_id
        if entry.client_id is not None
        else getattr(user, "client_id", None),
        matter_id=entry.matter_id,
        object_type=entry.object_type,
        object_id=str(entry.object_id if entry.object_id is not None else ""),
        action=entry.action,
        result=entry.result,
        summary=entry.summary,
        changes=_encode_changes(entry.changes),
        address=actor.address,
        prev_hash=prev,
    )
    event.hash = event_hash(event)
    return event


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every recorded field of `event`."""
    payload = [
        event.prev_hash,
        event.at.isoformat(timespec="microseconds"),
        event.actor_id,
        event.actor_label,
        event.actor_role,
        event.client_id,
        event.matter_id,
        event.object_type,
        event.object_id,
        event.action,
        event.result,
        event.summary,
        event.changes,
        event.address,
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose hash or link does not match

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(batch: int = 5000) -> ChainReport:
    """Recompute every event's hash in order; report the first event that does not match."""
    prev, checked, last_id = GENESIS, 0, 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return ChainReport(checked, None)
        for event in rows:
            if event.prev_hash != prev or event_hash(event) != event.hash:
                return ChainReport(checked, event.id)
            prev, last_id, checked = event.hash, event.id, checked + 1
        db.session.expunge_all()


_COLUMNS = [c for c in AuditEvent.__table__.columns if c.key != "id"]


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs between two snapshots, as {field: (before, after)}."""
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}


def _encode_changes(changes: dict[str, tuple[Any, Any]] | None) -> str:
    if not changes:
        return ""
    return json.dumps(
        {k: [_plain(b), _plain(a)] for k, (b, a) in changes.items()},
        ensure_ascii=False,
        sort_keys=True,
    )


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
