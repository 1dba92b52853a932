"""Read-only selects for the matter pages."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, literal_column, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from casefile.audit.models import AuditEvent
from casefile.auth.models import User
from casefile.clients.models import Client
from casefile.diary.models import Task
from casefile.domain.paging import Page
from casefile.domain.parties import HoldKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.matters.models import Hold, Invoice, Matter, Party, StageEvent


@dataclass(frozen=True)
class MatterFilter:
    q: str = ""
    stage: Stage | None = None
    client_id: int | None = None
    attorney_id: int | None = None
    paralegal_id: int | None = None
    hold: str = ""  # "", "any", "none" or a HoldKind value
    sort: str = "placed"
    descending: bool = True


_SORTS = {
    "placed": (Matter.placed_on, Matter.id),
    "reference": (Matter.reference,),
    "debtor": (Matter.debtor_name, Matter.id),
    "stage": (Matter.stage, Matter.placed_on, Matter.id),
}


def matter_page(filters: MatterFilter, number: int, size: int) -> Page:
    """One page of matters matching `filters`, with the columns the list shows loaded."""
    query = _filtered(select(Matter.id), filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    columns = _SORTS[filters.sort]
    if filters.q.strip():
        columns = [_sort_after_filtering(c) for c in columns]
    order = [c.desc() if filters.descending else c.asc() for c in columns]
    ids = db.session.scalars(query.order_by(*order).limit(size).offset((number - 1) * size)).all()
    matters = (
        db.session.scalars(
            select(Matter)
            .where(Matter.id.in_(ids))
            .options(
                joinedload(Matter.client), joinedload(Matter.attorney), joinedload(Matter.paralegal)
            )
        )
        .unique()
        .all()
    )
    by_id = {m.id: m for m in matters}
    return Page([by_id[i] for i in ids], number, size, total)


def _sort_after_filtering(column):
    """On SQLite, `+column` keeps the planner from walking the sort index row by row while it
    tests a text filter: a miss would visit every matter in index order (145 ms at 100,000
    matters); one scan and a sort of the hits takes 18 ms whatever the text."""
    if db.session.get_bind().dialect.name != "sqlite":
        return column
    return literal_column(f"+{column.table.name}.{column.name}")


def active_holds(matter_ids: list[int]) -> dict[int, list[HoldKind]]:
    """The kinds of active holds on each of `matter_ids`."""
    found: dict[int, list[HoldKind]] = {}
    if not matter_ids:
        return found
    rows = db.session.execute(
        select(Hold.matter_id, Hold.kind)
        .where(Hold.matter_id.in_(matter_ids), Hold.lifted_at.is_(None))
        .order_by(Hold.id)
    )
    for matter_id, kind in rows:
        found.setdefault(matter_id, []).append(kind)
    return found


def invoice_totals(matter_ids: list[int]) -> dict[int, int]:
    """Sum of invoice amounts in cents per matter (placed principal)."""
    if not matter_ids:
        return {}
    rows = db.session.execute(
        select(Invoice.matter_id, func.sum(Invoice.amount_cents))
        .where(Invoice.matter_id.in_(matter_ids))
        .group_by(Invoice.matter_id)
    )
    return {matter_id: int(total) for matter_id, total in rows}


def _filtered(query: Select, f: MatterFilter) -> Select:
    conditions = []
    if f.stage is not None:
        conditions.append(Matter.stage == f.stage)
    if f.client_id is not None:
        conditions.append(Matter.client_id == f.client_id)
    if f.attorney_id is not None:
        conditions.append(Matter.attorney_id == f.attorney_id)
    if f.paralegal_id is not None:
        conditions.append(Matter.paralegal_id == f.paralegal_id)
    if f.hold:
        active = select(Hold.id).where(Hold.matter_id == Matter.id, Hold.lifted_at.is_(None))
        if f.hold == "none":
            conditions.append(~exists(active))
        elif f.hold == "any":
            conditions.append(exists(active))
        else:
            conditions.append(exists(active.where(Hold.kind == HoldKind(f.hold))))
    if f.q.strip():
        conditions.append(_text_condition(f.q.strip()))
    return query.where(and_(*conditions)) if conditions else query


def _text_condition(text: str):
    """A reference (prefix), a party's name or alias (anywhere, any case), or an exact invoice
    number. A query shaped like a reference searches references only: that one is indexed."""
    upper = text.upper()
    by_reference = and_(Matter.reference >= upper, Matter.reference < upper + "\uffff")
    if upper.startswith("CF-"):
        return by_reference
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # A union of ids rather than an OR: each part uses its own index (on SQLite the names
    # are scanned in ix_matters_party_names, not in the wide matters table).
    return Matter.id.in_(
        union_all(
            select(Matter.id).where(by_reference),
            select(Matter.id).where(_contains(Matter.party_names, f"%{escaped}%")),
            select(Invoice.matter_id).where(Invoice.number == text),
        )
    )


def _contains(column, pattern: str):
    """Case-insensitive LIKE: SQLite's LIKE already ignores ASCII case (and `lower()` would
    double the scan time); PostgreSQL needs ILIKE."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column.ilike(pattern, escape="\\")
    return column.like(pattern, escape="\\")


def matter_detail(matter_id: int) -> Matter | None:
    """A matter with everything its page shows."""
    return db.session.scalar(
        select(Matter)
        .where(Matter.id == matter_id)
        .options(
            joinedload(Matter.client),
            joinedload(Matter.attorney),
            joinedload(Matter.paralegal),
            selectinload(Matter.parties).selectinload(Party.addresses),
            selectinload(Matter.parties).selectinload(Party.contacts),
            selectinload(Matter.invoices),
            selectinload(Matter.holds).joinedload(Hold.placed_by),
            selectinload(Matter.stage_events),
        )
    )


def matter_tasks(matter_id: int) -> list[Task]:
    return db.session.scalars(
        select(Task)
        .where(Task.matter_id == matter_id)
        .options(joinedload(Task.owner))
        .order_by(Task.done_at.is_not(None), Task.due_on, Task.id)
    ).all()


def matter_audit(matter_id: int, limit: int = 200) -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.matter_id == matter_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    ).all()


def staff(role: Role | None = None, active_only: bool = True) -> list[User]:
    query = select(User).where(User.role != Role.CLIENT)
    if role is not None:
        query = query.where(User.role == role)
    if active_only:
        query = query.where(User.active.is_(True))
    return db.session.scalars(query.order_by(User.name)).all()


def clients(active_only: bool = True) -> list[Client]:
    query = select(Client)
    if active_only:
        query = query.where(Client.active.is_(True))
    return db.session.scalars(query.order_by(Client.name)).all()


def last_activity(matter_ids: list[int]) -> dict[int, datetime]:
    """When each matter last moved: its latest stage change or money entry."""
    if not matter_ids:
        return {}
    latest: dict[int, datetime] = {}
    for matter_id, at in db.session.execute(
        select(StageEvent.matter_id, func.max(StageEvent.at))
        .where(StageEvent.matter_id.in_(matter_ids))
        .group_by(StageEvent.matter_id)
    ):
        latest[matter_id] = at
    for matter_id, at in db.session.execute(
        select(LedgerEntry.matter_id, func.max(LedgerEntry.recorded_at))
        .where(LedgerEntry.matter_id.in_(matter_ids))
        .group_by(LedgerEntry.matter_id)
    ):
        latest[matter_id] = max(latest.get(matter_id, at), at)
    return latest
