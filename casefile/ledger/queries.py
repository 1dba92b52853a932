"""Read-only: a matter's ledger and its balance, computed by the domain from loaded rows."""

from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from casefile.domain.balance import (
    Balance,
    Component,
    Entry,
    InvoiceDebt,
    Judgment,
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


def matter_judgment(matter: Matter) -> Judgment | None:
    """The judgment recorded on the matter, for the balance: from its date the balance is the
    judgment amount earning post-judgment interest at its rate."""
    from casefile.resolution.models import JudgmentRecord  # resolution builds on the ledger

    row = db.session.scalar(select(JudgmentRecord).where(JudgmentRecord.matter_id == matter.id))
    if row is None:
        return None
    return Judgment(row.entered_on, row.amount_cents, Decimal(row.rate_basis_points) / 10000)


def balance_inputs(matter: Matter):
    """The invoices, rate periods and ledger entries the balance is computed from, loaded once
    for a caller that computes several balances of one matter (a letter: today, the
    itemisation date, the payoff date)."""
    return _inputs(matter)


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
    judgment = matter_judgment(matter)
    return balance(
        debts, periods, [*entries, *extra], as_of, order=application_order(), judgment=judgment
    )


def matter_payoff(matter: Matter, good_through: date):
    debts, periods, entries = _inputs(matter)
    judgment = matter_judgment(matter)
    return payoff_quote(
        debts, periods, entries, good_through, order=application_order(), judgment=judgment
    )
