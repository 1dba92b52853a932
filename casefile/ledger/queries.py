"""Read-only: a matter's ledger and its balance, computed by the domain from loaded rows."""

from datetime import date
from decimal import Decimal
from functools import partial

from flask import current_app
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import joinedload

from casefile.domain.balance import (
    Balance,
    Component,
    Entry,
    EntryKind,
    InvoiceDebt,
    balance,
    payoff_quote,
)
from casefile.domain.interest import RatePeriod
from casefile.domain.jurisdictions import statutory_periods
from casefile.extensions import db
from casefile.ledger.models import InterestTerm, LedgerEntry
from casefile.ledger.rules import jurisdiction
from casefile.matters.models import Invoice, Matter


def ledger_rows(matter_id: int) -> list[LedgerEntry]:
    return db.session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.matter_id == matter_id)
        .options(joinedload(LedgerEntry.recorded_by))
        .order_by(LedgerEntry.on, LedgerEntry.id)
    ).all()


def interest_terms(matter_id: int) -> list[InterestTerm]:
    return db.session.scalars(
        select(InterestTerm)
        .where(InterestTerm.matter_id == matter_id)
        .order_by(InterestTerm.start_on, InterestTerm.id)
    ).all()


def rate_periods(matter: Matter, terms: list[InterestTerm]) -> tuple[RatePeriod, ...]:
    """The contract's rate periods when it has any, else the jurisdiction's statutory rate."""
    if terms:
        return rate_periods_from(terms)
    return statutory_periods(jurisdiction(matter.jurisdiction))


def rate_periods_from(terms: list[InterestTerm]) -> tuple[RatePeriod, ...]:
    return tuple(
        RatePeriod(t.start_on, t.end_on, Decimal(t.rate_basis_points) / 10000, t.basis, t.label)
        for t in terms
    )


def _inputs(matter: Matter):
    invoices = db.session.scalars(select(Invoice).where(Invoice.matter_id == matter.id)).all()
    debts = [InvoiceDebt(i.number, i.amount_cents, i.due_on) for i in invoices]
    entries = [as_entry(row) for row in ledger_rows(matter.id)]
    return debts, rate_periods(matter, interest_terms(matter.id)), entries


def as_entry(row: LedgerEntry) -> Entry:
    return Entry(
        row.id, row.on, row.kind, row.amount_cents, row.component, row.reverses_id, row.memo
    )


def application_order() -> tuple[Component, ...]:
    """The firm's payment application order (PAYMENT_APPLICATION_ORDER)."""
    return current_app.config["PAYMENT_APPLICATION_ORDER"]


def matter_balance(matter: Matter, as_of: date, extra: list[Entry] = ()) -> Balance:
    """The matter's balance at the end of `as_of` (optionally with entries not yet saved)."""
    debts, periods, entries = _inputs(matter)
    return balance(debts, periods, [*entries, *extra], as_of, order=application_order())


def matter_payoff(matter: Matter, good_through: date):
    debts, periods, entries = _inputs(matter)
    return payoff_quote(debts, periods, entries, good_through, order=application_order())


def portfolio_balances(as_of: date, matter_ids: list[int] | None = None):
    """(matter id, Balance) for every matter (or those given), loaded in four queries.

    For portfolio reports: rows are read in bulk and each balance is computed by the same
    domain function as the Money tab."""
    # Dates and enums come back as the driver gives them (type_coerce to String skips
    # SQLAlchemy's per-row conversion, 40 % of the load time) and are converted once per
    # distinct value below.
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
    order = application_order()
    for matter_id, code in run(matters.order_by(Matter.id)).all():
        if matter_id in contract:
            periods = rate_periods_from(contract[matter_id])
        else:
            if code not in statutory:
                statutory[code] = statutory_periods(jurisdiction(code))
            periods = statutory[code]
        yield (
            matter_id,
            balance(debts.get(matter_id, []), periods, posted.get(matter_id, []), as_of, order),
        )


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
