"""Reading the trust books: balances, the journal, client ledgers and what awaits remittance."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from casefile.clients.models import Client
from casefile.domain.balance import EntryKind
from casefile.domain.remittance import Collected
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.matters.models import Matter
from casefile.trust.models import Remittance, RemittanceItem, RemittanceLine, TrustEntry


def client_balance(client_id: int, through: date | None = None) -> int:
    """What the trust account holds for one client (on `through`, or now)."""
    query = select(func.coalesce(func.sum(TrustEntry.amount_cents), 0)).where(
        TrustEntry.client_id == client_id
    )
    if through is not None:
        query = query.where(TrustEntry.on <= through)
    return int(db.session.scalar(query))


def journal_balance(through: date | None = None) -> int:
    """The trust journal's balance: every entry, whoever it belongs to."""
    query = select(func.coalesce(func.sum(TrustEntry.amount_cents), 0))
    if through is not None:
        query = query.where(TrustEntry.on <= through)
    return int(db.session.scalar(query))


def client_balances(through: date | None = None) -> list[tuple[Client, int]]:
    """Every client that has a trust ledger, with its balance, by name."""
    sums = select(TrustEntry.client_id, func.sum(TrustEntry.amount_cents).label("cents"))
    if through is not None:
        sums = sums.where(TrustEntry.on <= through)
    sums = sums.group_by(TrustEntry.client_id).subquery()
    rows = db.session.execute(
        select(Client, sums.c.cents).join(sums, sums.c.client_id == Client.id).order_by(Client.name)
    )
    return [(client, int(cents)) for client, cents in rows]


@dataclass(frozen=True)
class LedgerLine:
    entry: TrustEntry
    running_cents: int


def client_ledger(client_id: int, limit: int, offset: int) -> tuple[list[LedgerLine], int]:
    """One page of a client's trust ledger, newest first, with the balance after each line.

    The balance after the page's newest line is the client's balance less every newer line, so
    any page costs two sums and one indexed read, however long the ledger.
    """
    mine = TrustEntry.client_id == client_id
    newest_first = (TrustEntry.on.desc(), TrustEntry.id.desc())
    count = db.session.scalar(select(func.count(TrustEntry.id)).where(mine))
    newer = (
        select(TrustEntry.amount_cents).where(mine).order_by(*newest_first).limit(offset)
    ).subquery()
    running = client_balance(client_id) - int(
        db.session.scalar(select(func.coalesce(func.sum(newer.c.amount_cents), 0)))
    )
    entries = db.session.scalars(
        select(TrustEntry).where(mine).order_by(*newest_first).limit(limit).offset(offset)
    ).all()
    lines = []
    for entry in entries:
        lines.append(LedgerLine(entry, running))
        running -= entry.amount_cents
    return lines, count


def journal_page(limit: int, offset: int) -> tuple[list[TrustEntry], int]:
    """The newest journal lines first, and how many there are in all."""
    total = db.session.scalar(select(func.count(TrustEntry.id)))
    rows = db.session.scalars(
        select(TrustEntry)
        .order_by(TrustEntry.on.desc(), TrustEntry.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


_ORIGINAL = aliased(LedgerEntry)  # the entry a reversal reverses


def _awaiting_remittance(through: date, *columns):
    """`columns` of the payments and returned payments on or before `through` that no
    remittance has included yet (the one definition both queries below use)."""
    is_payment = LedgerEntry.kind == EntryKind.PAYMENT
    is_payment_reversal = (LedgerEntry.kind == EntryKind.REVERSAL) & (
        _ORIGINAL.kind == EntryKind.PAYMENT
    )
    return (
        select(*columns)
        .select_from(LedgerEntry)
        .join(Matter, Matter.id == LedgerEntry.matter_id)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == LedgerEntry.reverses_id)
        .outerjoin(RemittanceItem, RemittanceItem.ledger_entry_id == LedgerEntry.id)
        .where(
            LedgerEntry.on <= through,
            is_payment | is_payment_reversal,
            RemittanceItem.id.is_(None),
        )
    )


def pending_items(client_id: int, through: date) -> list[Collected]:
    """Payments and returned payments on the client's matters not yet in any remittance."""
    rows = db.session.execute(
        _awaiting_remittance(
            through,
            LedgerEntry.matter_id,
            LedgerEntry.id,
            LedgerEntry.amount_cents,
            LedgerEntry.kind,
            # a returned payment was received by whoever received the payment it reverses
            func.coalesce(_ORIGINAL.received_by, LedgerEntry.received_by),
            LedgerEntry.on,
        )
        .where(Matter.client_id == client_id)
        .order_by(LedgerEntry.matter_id, LedgerEntry.on, LedgerEntry.id)
    )
    return [
        Collected(
            matter_id,
            entry_id,
            -amount if kind is EntryKind.REVERSAL else amount,
            received_by == "firm",
            on,
        )
        for matter_id, entry_id, amount, kind, received_by, on in rows
    ]


def clients_with_pending_items(through: date) -> list[Client]:
    """Clients with at least one payment on or before `through` that awaits remittance."""
    pending = _awaiting_remittance(through, Matter.client_id)
    return list(
        db.session.scalars(select(Client).where(Client.id.in_(pending)).order_by(Client.name))
    )


def outstanding_costs(matter_ids: list[int]) -> dict[int, int]:
    """Costs the firm advanced on each matter (net of reversed costs) not yet reimbursed."""
    if not matter_ids:
        return {}
    owed: dict[int, int] = defaultdict(int)
    original = aliased(LedgerEntry)
    advanced = db.session.execute(
        select(LedgerEntry.matter_id, LedgerEntry.kind, LedgerEntry.amount_cents)
        .outerjoin(original, original.id == LedgerEntry.reverses_id)
        .where(
            LedgerEntry.matter_id.in_(matter_ids),
            (LedgerEntry.kind == EntryKind.COST)
            | ((LedgerEntry.kind == EntryKind.REVERSAL) & (original.kind == EntryKind.COST)),
        )
    )
    for matter_id, kind, amount in advanced:
        owed[matter_id] += -amount if kind is EntryKind.REVERSAL else amount
    reimbursed = db.session.execute(
        select(RemittanceLine.matter_id, func.sum(RemittanceLine.costs_reimbursed_cents))
        .where(RemittanceLine.matter_id.in_(matter_ids))
        .group_by(RemittanceLine.matter_id)
    )
    for matter_id, total in reimbursed:
        owed[matter_id] -= int(total)
    return {matter_id: max(0, cents) for matter_id, cents in owed.items()}


def remittance(remittance_id: int, client_id: int | None = None) -> Remittance | None:
    """A remittance with its lines, matters and items; only the client's own when given."""
    query = (
        select(Remittance)
        .where(Remittance.id == remittance_id)
        .options(
            selectinload(Remittance.lines).selectinload(RemittanceLine.matter),
            selectinload(Remittance.items).selectinload(RemittanceItem.ledger_entry),
            selectinload(Remittance.client),
        )
    )
    if client_id is not None:
        query = query.where(Remittance.client_id == client_id)
    return db.session.scalar(query)


def remittances_of(client_id: int) -> list[Remittance]:
    return list(
        db.session.scalars(
            select(Remittance)
            .where(Remittance.client_id == client_id)
            .order_by(Remittance.id.desc())
        )
    )
