"""Balances of every matter at once, for portfolio reports.

Rows are read in four bulk queries and each balance is computed by the same domain function as
the Money tab. A report over a whole firm (100,000 matters) can spread the computation over
several processes (`workers`); the database is read once, by the calling process, before
the workers are forked, and they only compute.
"""

import gc
import multiprocessing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from sqlalchemy import String, select, type_coerce

from casefile.domain.balance import Component, Entry, EntryKind, InvoiceDebt, balance
from casefile.domain.interest import RatePeriod
from casefile.domain.jurisdictions import statutory_periods
from casefile.extensions import db
from casefile.ledger.models import InterestTerm, LedgerEntry
from casefile.ledger.queries import application_order, rate_periods_from
from casefile.ledger.rules import jurisdiction
from casefile.matters.models import Invoice, Matter

# Below this many matters a second process costs more than it saves.
PARALLEL_FROM = 20_000


class Owed(NamedTuple):
    """A matter's balance without its explanation: what a report needs."""

    owed: dict[Component, int]
    credit_cents: int
    per_diem: Decimal

    @property
    def total_cents(self) -> int:
        return sum(self.owed.values()) - self.credit_cents


class _Inputs(NamedTuple):
    matter_id: int
    invoices: list[InvoiceDebt]
    rates: tuple[RatePeriod, ...]
    entries: list[Entry]


def portfolio_balances(
    as_of: date, matter_ids: list[int] | None = None, workers: int = 1
) -> Iterator[tuple[int, Owed]]:
    """(matter id, Owed) for every matter (or those given), in matter id order."""
    inputs = _load(matter_ids)
    order = application_order()
    if workers <= 1 or len(inputs) < PARALLEL_FROM or not _can_fork():
        yield from _owed(inputs, as_of, order, range(len(inputs)))
        return
    yield from _in_processes(inputs, as_of, order, workers)


def _owed(inputs, as_of, order, indices) -> Iterator[tuple[int, Owed]]:
    for i in indices:
        matter_id, invoices, rates, entries = inputs[i]
        found = balance(invoices, rates, entries, as_of, order)
        yield matter_id, Owed(found.owed, found.credit_cents, found.per_diem)


_FORKED: tuple | None = None  # the inputs, set just before forking; workers read their copy


def _in_processes(inputs, as_of, order, workers: int) -> Iterator[tuple[int, Owed]]:
    global _FORKED
    size = -(-len(inputs) // workers)
    chunks = [range(start, min(start + size, len(inputs))) for start in range(0, len(inputs), size)]
    _FORKED = (inputs, as_of, order)
    gc.freeze()  # the inherited objects stay shared: no collection touches (and copies) them
    try:
        with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
            others = pool.map_async(_owed_in_worker, chunks[1:])
            yield from _owed(inputs, as_of, order, chunks[0])  # this process takes the first
            for part in others.get():
                for matter_id, *parts, credit, per_diem in part:
                    owed = dict(zip(Component, parts, strict=True))
                    yield matter_id, Owed(owed, credit, Decimal(per_diem))
    finally:
        gc.unfreeze()
        _FORKED = None


def _owed_in_worker(indices: range) -> list[tuple]:
    """Plain ints and strings travel back between processes 10x faster than Owed tuples."""
    inputs, as_of, order = _FORKED
    return [
        (matter_id, *(owed.owed[c] for c in Component), owed.credit_cents, str(owed.per_diem))
        for matter_id, owed in _owed(inputs, as_of, order, indices)
    ]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _load(matter_ids: list[int] | None) -> list[_Inputs]:
    # Dates and enums come back as the driver gives them (type_coerce to String skips
    # SQLAlchemy's per-row conversion, 40 % of the load time) and are converted once per
    # distinct value.
    raw = partial(type_coerce, type_=String)
    matters = select(Matter.id, Matter.jurisdiction)
    invoices = select(Invoice.matter_id, Invoice.number, Invoice.amount_cents, raw(Invoice.due_on))
    entries = select(
        LedgerEntry.matter_id,
        LedgerEntry.id,
        raw(LedgerEntry.on),
        raw(LedgerEntry.kind),
        LedgerEntry.amount_cents,
        raw(LedgerEntry.component),
        LedgerEntry.reverses_id,
    )
    terms = select(InterestTerm)
    if matter_ids is not None:
        matters = matters.where(Matter.id.in_(matter_ids))
        invoices = invoices.where(Invoice.matter_id.in_(matter_ids))
        entries = entries.where(LedgerEntry.matter_id.in_(matter_ids))
        terms = terms.where(InterestTerm.matter_id.in_(matter_ids))
    day, kind, component = _Converted(_as_date), _Converted(EntryKind), _Converted(Component)
    run = db.session.connection().execute  # Core rows: the ORM's row machinery is not needed
    debts: dict[int, list[InvoiceDebt]] = {}
    for matter_id, number, amount, due in run(invoices):
        debts.setdefault(matter_id, []).append(InvoiceDebt(number, amount, day(due)))
    posted: dict[int, list[Entry]] = {}
    for matter_id, entry_id, on, what, amount, part, reverses in run(
        entries.order_by(LedgerEntry.id)
    ):
        posted.setdefault(matter_id, []).append(
            Entry(entry_id, day(on), kind(what), amount, part and component(part), reverses)
        )
    contract: dict[int, list[InterestTerm]] = {}
    for term in db.session.scalars(terms.order_by(InterestTerm.start_on)):
        contract.setdefault(term.matter_id, []).append(term)
    statutory: dict[str, tuple[RatePeriod, ...]] = {}
    loaded = []
    for matter_id, code in run(matters.order_by(Matter.id)).all():
        if matter_id in contract:
            rates = rate_periods_from(contract[matter_id])
        else:
            if code not in statutory:
                statutory[code] = statutory_periods(jurisdiction(code))
            rates = statutory[code]
        loaded.append(
            _Inputs(matter_id, debts.get(matter_id, []), rates, posted.get(matter_id, []))
        )
    return loaded


class _Converted(dict):
    """Converts each distinct raw value once: `convert(raw)`, remembered for the next row."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        self[value] = converted = self.convert(value)
        return converted

    __call__ = dict.__getitem__


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
