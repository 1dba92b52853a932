"""Recording money on a matter: payments, costs, fees, adjustments, reversals, interest terms.

Every entry is a new row (the ledger is append-only), checked against the balance it produces,
audited with the balance before and after, and recorded once even if its form is sent twice.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.domain.balance import BalanceError, Component, Entry, EntryKind
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_basis_points, format_cents
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.ledger.models import PAYMENT_METHODS, InterestTerm, LedgerEntry
from casefile.ledger.queries import matter_balance
from casefile.matters.models import Matter
from casefile.trust.services import follow_ledger_entry


@dataclass
class PaymentData:
    on: date
    amount_cents: int
    method: str
    payer: str
    reference: str = ""
    received_by: str = "firm"  # "firm": into trust; "client": paid to the client directly
    memo: str = ""


def record_payment(
    matter: Matter, data: PaymentData, actor: Actor, today: date, idempotency_key: str | None = None
) -> LedgerEntry:
    """Record a payment from the debtor; the same reference is never recorded twice."""
    require(actor.user, Capability.RECORD_PAYMENTS)
    if (done := _already_recorded(idempotency_key, matter.id)) is not None:
        return done
    _check_date_and_amount(data.on, data.amount_cents, today)
    if data.method not in PAYMENT_METHODS:
        raise CasefileError("Choose how the payment was made.", field="method")
    if data.received_by not in ("firm", "client"):
        raise CasefileError("Say who received the payment.", field="received_by")
    reference = data.reference.strip()
    if reference:
        clash = db.session.scalar(
            select(LedgerEntry).where(
                LedgerEntry.matter_id == matter.id, LedgerEntry.reference == reference
            )
        )
        if clash is not None:
            raise CasefileError(
                f"A payment with reference “{reference}” is already recorded on this matter "
                f"({format_cents(clash.amount_cents)} on {clash.on.isoformat()}).",
                "reference",
            )
    row = LedgerEntry(
        matter_id=matter.id,
        on=data.on,
        kind=EntryKind.PAYMENT,
        amount_cents=data.amount_cents,
        method=data.method,
        payer=data.payer.strip(),
        reference=reference,
        received_by=data.received_by,
        memo=data.memo.strip(),
        idempotency_key=idempotency_key,
    )
    return _post(matter, row, actor, today, "ledger.payment_recorded")


def post_charge(
    matter: Matter,
    kind: EntryKind,
    on: date,
    amount_cents: int,
    memo: str,
    actor: Actor,
    today: date,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Post a cost advanced (court fee, service of process) or a fee (awarded, contractual)."""
    if kind not in (EntryKind.COST, EntryKind.FEE):
        raise CasefileError("Only costs and fees are charged this way.", field="kind")
    require(
        actor.user,
        Capability.RECORD_PAYMENTS if kind is EntryKind.COST else Capability.ADJUST_LEDGER,
    )
    if (done := _already_recorded(idempotency_key, matter.id)) is not None:
        return done
    _check_date_and_amount(on, amount_cents, today)
    _need_memo(memo)
    row = LedgerEntry(
        matter_id=matter.id,
        on=on,
        kind=kind,
        amount_cents=amount_cents,
        memo=memo.strip(),
        idempotency_key=idempotency_key,
    )
    return _post(matter, row, actor, today, f"ledger.{kind.value}_posted")


def post_adjustment(
    matter: Matter,
    component: Component,
    on: date,
    amount_cents: int,
    memo: str,
    actor: Actor,
    today: date,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Add to (positive) or take from (negative) one component, e.g. waive interest."""
    require(actor.user, Capability.ADJUST_LEDGER)
    if (done := _already_recorded(idempotency_key, matter.id)) is not None:
        return done
    if amount_cents == 0:
        raise CasefileError("An adjustment of zero changes nothing.", field="amount")
    _check_date_and_amount(on, abs(amount_cents), today)
    _need_memo(memo)
    row = LedgerEntry(
        matter_id=matter.id,
        on=on,
        kind=EntryKind.ADJUSTMENT,
        amount_cents=amount_cents,
        component=component,
        memo=memo.strip(),
        idempotency_key=idempotency_key,
    )
    return _post(matter, row, actor, today, "ledger.adjustment_posted")


def reverse_entry(
    entry: LedgerEntry,
    on: date,
    reason: str,
    actor: Actor,
    today: date,
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Cancel a mistaken entry or a bounced payment with a reversal; the original stays."""
    require(actor.user, Capability.ADJUST_LEDGER)
    if (done := _already_recorded(idempotency_key, entry.matter_id)) is not None:
        return done
    if entry.kind is EntryKind.REVERSAL:
        raise CasefileError("A reversal cannot itself be reversed; post a new entry instead.")
    if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id)):
        raise CasefileError("This entry has already been reversed.")
    if on < entry.on or on > today:
        raise CasefileError(
            "The reversal date must fall between the entry's date and today.", field="on"
        )
    _need_memo(reason)
    row = LedgerEntry(
        matter_id=entry.matter_id,
        on=on,
        kind=EntryKind.REVERSAL,
        amount_cents=abs(entry.amount_cents),
        reverses_id=entry.id,
        memo=reason.strip(),
        idempotency_key=idempotency_key,
    )
    matter = db.session.get(Matter, entry.matter_id)
    return _post(matter, row, actor, today, "ledger.entry_reversed")


def add_interest_term(
    matter: Matter,
    rate_basis_points: int,
    basis: int,
    start_on: date,
    end_on: date | None,
    label: str,
    actor: Actor,
) -> InterestTerm:
    """Record the contract's interest rate for a period (replaces the statutory rate)."""
    require(actor.user, Capability.ADJUST_LEDGER)
    if not 0 <= rate_basis_points <= 10000:
        raise CasefileError("The rate must be between 0 % and 100 % a year.", field="rate")
    if basis not in (360, 365):
        raise CasefileError("Choose actual/365 or actual/360.", field="basis")
    if end_on is not None and end_on < start_on:
        raise CasefileError("The period cannot end before it starts.", field="end_on")
    with transaction():
        term = InterestTerm(
            matter_id=matter.id,
            rate_basis_points=rate_basis_points,
            basis=basis,
            start_on=start_on,
            end_on=end_on,
            label=label.strip() or "contract rate",
        )
        db.session.add(term)
        db.session.flush()
        record(
            actor,
            "ledger.interest_term_added",
            "interest_term",
            term.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{format_basis_points(rate_basis_points)} actual/{basis} from {start_on}"
            + (f" to {end_on}" if end_on else ""),
        )
    return term


def _post(matter: Matter, row: LedgerEntry, actor: Actor, today: date, action: str) -> LedgerEntry:
    """Check the entry against the balance it produces, then write it with its audit event."""
    before = matter_balance(matter, today)
    try:
        after = matter_balance(
            matter,
            today,
            [Entry(0, row.on, row.kind, row.amount_cents, row.component, row.reverses_id)],
        )
    except BalanceError as error:
        raise CasefileError(
            "This adjustment would take a part of the balance below zero.", field="amount"
        ) from error
    with transaction():
        row.recorded_by_id = actor.user_id
        db.session.add(row)
        db.session.flush()
        follow_ledger_entry(row, matter, actor)
        record(
            actor,
            action,
            "ledger_entry",
            row.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{row.kind.value} {format_cents(row.amount_cents)} on {row.on}"
            + (f": {row.memo}" if row.memo else ""),
            changes={
                "balance": (format_cents(before.total_cents), format_cents(after.total_cents))
            },
        )
    return row


def _already_recorded(idempotency_key: str | None, matter_id: int) -> LedgerEntry | None:
    """The entry this very form already recorded, if it was sent before."""
    if not idempotency_key:
        return None
    done = db.session.scalar(
        select(LedgerEntry).where(LedgerEntry.idempotency_key == idempotency_key)
    )
    if done is not None and done.matter_id != matter_id:
        raise CasefileError("This form was already used; reload the page and try again.")
    return done


def _check_date_and_amount(on: date, amount_cents: int, today: date) -> None:
    if on > today:
        raise CasefileError("The date cannot be in the future.", field="on")
    if amount_cents <= 0:
        raise CasefileError("Enter an amount greater than zero.", field="amount")


def _need_memo(memo: str) -> None:
    if not memo.strip():
        raise CasefileError("Say what this entry is for.", field="memo")
