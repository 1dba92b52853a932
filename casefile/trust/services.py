"""Moving money through the trust account: receipts, returned items, deposits, refunds,
remittance runs and the monthly reconciliation.

Rules kept here, in one place: every movement is a new journal line under one client's
ledger; no client ledger ever goes below zero (checked while that client's ledger is locked);
each payment is remitted exactly once; every movement is audited with the balance before and
after.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.clients.models import Client
from casefile.database import lock_for_chain, transaction
from casefile.domain.balance import EntryKind
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_cents
from casefile.domain.remittance import NothingToRemit, RemittancePlan, plan_remittance
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.ledger.models import LedgerEntry
from casefile.matters.models import Matter
from casefile.trust import queries
from casefile.trust.models import (
    Reconciliation,
    Remittance,
    RemittanceItem,
    RemittanceLine,
    TrustEntry,
    TrustKind,
)


def follow_ledger_entry(row: LedgerEntry, matter: Matter, actor: Actor) -> TrustEntry | None:
    """Mirror a matter ledger entry in trust, inside the caller's transaction.

    A payment the firm received goes into the client's trust ledger; the reversal of one (a
    bounced check) comes out again, refused if the money has already been paid out.
    """
    if row.kind is EntryKind.PAYMENT and row.received_by == "firm":
        kind, amount, reference = TrustKind.RECEIPT, row.amount_cents, row.reference
    elif row.kind is EntryKind.REVERSAL and _reverses_firm_payment(row):
        kind, amount, reference = TrustKind.RETURNED_ITEM, -row.amount_cents, ""
    else:
        return None
    entry = TrustEntry(
        on=row.on,
        kind=kind,
        amount_cents=amount,
        client_id=matter.client_id,
        matter_id=matter.id,
        ledger_entry_id=row.id,
        counterparty=row.payer or _payer_of_reversed(row),
        reference=reference,
        memo=f"{matter.reference}: {row.memo}".strip(": ")[:1000],
        recorded_by_id=actor.user_id,
    )
    _post(entry, actor, f"trust.{kind.value}")
    return entry


@dataclass
class Movement:
    """A deposit into, or a refund out of, one client's trust ledger."""

    client_id: int
    on: date
    amount_cents: int
    counterparty: str
    memo: str
    matter_id: int | None = None
    reference: str = ""


def record_deposit(
    data: Movement, actor: Actor, today: date, idempotency_key: str | None = None
) -> TrustEntry:
    """Money received for a client other than a debtor's payment (e.g. to cover a bounce)."""
    return _manual(TrustKind.DEPOSIT, data, actor, today, idempotency_key)


def record_refund(
    data: Movement, actor: Actor, today: date, idempotency_key: str | None = None
) -> TrustEntry:
    """Money paid out of a client's trust ledger to someone, e.g. a debtor's overpayment."""
    return _manual(TrustKind.REFUND, data, actor, today, idempotency_key)


def _manual(
    kind: TrustKind, data: Movement, actor: Actor, today: date, idempotency_key: str | None
) -> TrustEntry:
    require(actor.user, Capability.MANAGE_TRUST)
    if idempotency_key and (
        done := db.session.scalar(
            db.select(TrustEntry).where(TrustEntry.idempotency_key == idempotency_key)
        )
    ):
        return done
    if db.session.get(Client, data.client_id) is None:
        raise CasefileError("Choose the client this money is held for.", field="client_id")
    if data.matter_id is not None:
        matter = db.session.get(Matter, data.matter_id)
        if matter is None or matter.client_id != data.client_id:
            raise CasefileError("That matter is not one of this client's.", field="matter")
    if data.on > today:
        raise CasefileError("The date cannot be in the future.", field="on")
    if data.amount_cents <= 0:
        raise CasefileError("Enter an amount greater than zero.", field="amount")
    if not data.counterparty.strip():
        raise CasefileError("Say who paid or was paid.", field="counterparty")
    if not data.memo.strip():
        raise CasefileError("Say what this movement is for.", field="memo")
    sign = 1 if kind.is_credit else -1
    entry = TrustEntry(
        on=data.on,
        kind=kind,
        amount_cents=sign * data.amount_cents,
        client_id=data.client_id,
        matter_id=data.matter_id,
        counterparty=data.counterparty.strip(),
        reference=data.reference.strip(),
        memo=data.memo.strip(),
        idempotency_key=idempotency_key,
        recorded_by_id=actor.user_id,
    )
    with transaction():
        _post(entry, actor, f"trust.{kind.value}")
    return entry


@dataclass
class RunResult:
    remittances: list[Remittance]
    skipped: dict[str, str]  # client name -> why nothing was remitted


def preview_remittances(through: date) -> list[tuple[Client, RemittancePlan | str]]:
    """What a run through `through` would remit to each client, or why it would not."""
    return [(client, _plan_or_reason(client, through)) for client in _candidates(through)]


def run_remittances(
    through: date, actor: Actor, today: date, client_ids: list[int] | None = None
) -> RunResult:
    """Remit to each client what was collected through `through`, in one transaction."""
    require(actor.user, Capability.MANAGE_TRUST)
    if through > today:
        raise CasefileError("A remittance run cannot include days still to come.", field="through")
    result = RunResult([], {})
    with transaction():
        for client in _candidates(through):
            if client_ids is not None and client.id not in client_ids:
                continue
            lock_for_chain(f"trust:{client.id}")
            plan = _plan_or_reason(client, through)
            if isinstance(plan, str):
                result.skipped[client.name] = plan
                continue
            result.remittances.append(_remit(client, plan, through, actor, today))
    return result


def _candidates(through: date) -> list[Client]:
    return queries.clients_with_pending_items(through)


def _plan_or_reason(client: Client, through: date) -> RemittancePlan | str:
    items = queries.pending_items(client.id, through)
    matter_ids = sorted({item.matter_id for item in items})
    try:
        plan = plan_remittance(
            items,
            client.fee_basis_points,
            queries.outstanding_costs(matter_ids),
            client.reimburse_costs,
        )
    except NothingToRemit as reason:
        return str(reason)
    held = queries.client_balance(client.id)
    if plan.collected_trust_cents > held:
        return (
            f"Trust holds {format_cents(held)} for this client, less than the "
            f"{format_cents(plan.collected_trust_cents)} collected: a refund or returned payment "
            "has used part of it. Reconcile the client's ledger before remitting."
        )
    return plan


def _remit(
    client: Client, plan: RemittancePlan, through: date, actor: Actor, today: date
) -> Remittance:
    remittance = Remittance(
        client_id=client.id,
        on=today,
        first_payment_on=plan.first_payment_on,
        through=through,
        fee_basis_points=plan.fee_basis_points,
        reimburse_costs=client.reimburse_costs,
        collected_trust_cents=plan.collected_trust_cents,
        collected_direct_cents=plan.collected_direct_cents,
        fee_cents=plan.fee_cents,
        direct_fee_cents=plan.direct_fee_cents,
        costs_reimbursed_cents=plan.costs_reimbursed_cents,
        net_cents=plan.net_cents,
        created_by_id=actor.user_id,
    )
    db.session.add(remittance)
    db.session.flush()
    # Bulk inserts: a run after a busy month writes tens of thousands of these rows.
    db.session.execute(
        insert(RemittanceLine),
        [
            {
                "remittance_id": remittance.id,
                "matter_id": line.matter_id,
                "collected_trust_cents": line.collected_trust_cents,
                "collected_direct_cents": line.collected_direct_cents,
                "fee_cents": line.fee_cents,
                "direct_fee_cents": line.direct_fee_cents,
                "costs_reimbursed_cents": line.costs_reimbursed_cents,
                "net_cents": line.net_cents,
            }
            for line in plan.lines
        ],
    )
    db.session.execute(
        insert(RemittanceItem),
        [
            {
                "remittance_id": remittance.id,
                "matter_id": item.matter_id,
                "ledger_entry_id": item.ledger_entry_id,
                "amount_cents": item.amount_cents,
                "into_trust": item.into_trust,
            }
            for item in plan.items
        ],
    )
    payouts = (
        (TrustKind.FEE_TO_OPERATING, plan.fee_cents, "Firm operating account", "Contingency fee"),
        (
            TrustKind.COSTS_TO_OPERATING,
            plan.costs_reimbursed_cents,
            "Firm operating account",
            "Costs advanced, reimbursed",
        ),
        (TrustKind.TO_CLIENT, plan.net_cents, client.name, "Net remitted to client"),
    )
    for kind, cents, payee, memo in payouts:
        if cents > 0:
            _post(
                TrustEntry(
                    on=today,
                    kind=kind,
                    amount_cents=-cents,
                    client_id=client.id,
                    remittance_id=remittance.id,
                    counterparty=payee,
                    reference=remittance.reference,
                    memo=memo,
                    recorded_by_id=actor.user_id,
                ),
                actor,
                f"trust.{kind.value}",
            )
    record(
        actor,
        "trust.remittance_created",
        "remittance",
        remittance.id,
        client_id=client.id,
        summary=(
            f"{remittance.reference}: collected {format_cents(plan.collected_trust_cents)}, "
            f"fee {format_cents(plan.fee_cents)}, costs "
            f"{format_cents(plan.costs_reimbursed_cents)}, net {format_cents(plan.net_cents)}; "
            f"fee invoiced on direct payments {format_cents(plan.direct_fee_cents)}"
        ),
    )
    return remittance


def record_reconciliation(
    month_end: date,
    statement_balance_cents: int,
    deposits_in_transit_cents: int,
    outstanding_checks_cents: int,
    note: str,
    actor: Actor,
    today: date,
) -> Reconciliation:
    """Enter the bank statement for a month and keep the three balances as they stood."""
    require(actor.user, Capability.RECONCILE_TRUST)
    if month_end > today:
        raise CasefileError("That month has not ended yet.", field="month")
    if deposits_in_transit_cents < 0 or outstanding_checks_cents < 0:
        raise CasefileError("Items in transit are amounts of zero or more.")
    with transaction():
        ledgers = sum(cents for _client, cents in queries.client_balances(month_end))
        reconciliation = Reconciliation(
            month_end=month_end,
            statement_balance_cents=statement_balance_cents,
            deposits_in_transit_cents=deposits_in_transit_cents,
            outstanding_checks_cents=outstanding_checks_cents,
            journal_balance_cents=queries.journal_balance(month_end),
            client_ledgers_cents=ledgers,
            note=note.strip(),
            entered_by_id=actor.user_id,
        )
        db.session.add(reconciliation)
        db.session.flush()
        record(
            actor,
            "trust.reconciled",
            "reconciliation",
            reconciliation.id,
            summary=(
                f"{month_end:%B %Y}: bank {format_cents(reconciliation.adjusted_bank_cents)}, "
                f"journal {format_cents(reconciliation.journal_balance_cents)}, "
                f"client ledgers {format_cents(ledgers)}"
                + ("" if reconciliation.balanced else " — DIFFERENCE")
            ),
        )
    return reconciliation


def _post(entry: TrustEntry, actor: Actor, action: str) -> None:
    """Write one journal line, refusing any that would take the client's ledger below zero."""
    lock_for_chain(f"trust:{entry.client_id}")
    before = queries.client_balance(entry.client_id)
    after = before + entry.amount_cents
    if after < 0:
        raise CasefileError(
            f"Trust holds {format_cents(before)} for this client; paying out "
            f"{format_cents(-entry.amount_cents)} would take its ledger below zero. "
            + (
                "The payment has already been remitted: record a deposit from the client "
                "first, then reverse the payment."
                if entry.kind is TrustKind.RETURNED_ITEM
                else "Nothing was paid out."
            ),
            field="amount",
        )
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        action,
        "trust_entry",
        entry.id,
        matter_id=entry.matter_id,
        client_id=entry.client_id,
        summary=f"{entry.kind.label} {format_cents(entry.amount_cents)} on {entry.on}",
        changes={"client trust balance": (format_cents(before), format_cents(after))},
    )


def _reverses_firm_payment(row: LedgerEntry) -> bool:
    original = db.session.get(LedgerEntry, row.reverses_id)
    return original.kind is EntryKind.PAYMENT and original.received_by == "firm"


def _payer_of_reversed(row: LedgerEntry) -> str:
    if row.reverses_id is None:
        return ""
    return db.session.get(LedgerEntry, row.reverses_id).payer
