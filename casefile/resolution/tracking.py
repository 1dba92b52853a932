"""Use cases of an agreement in force: payments under it, closing it when paid (the discount
written off), detecting default after the grace days, and acting on a default.

The ledger keeps the full balance while an agreement runs, so after a default the balance less
payments is simply what the ledger shows: nothing has to be "restored".
"""

from datetime import date

from sqlalchemy import select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.database import transaction
from casefile.domain.balance import Component
from casefile.domain.compliance import Proposed
from casefile.domain.diary import Priority
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_cents
from casefile.domain.plans import PlanState, balance_after_default
from casefile.domain.roles import Capability
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.ledger.queries import matter_balance
from casefile.ledger.services import PaymentData, post_adjustment, record_payment
from casefile.matters.services import GUARDED_MOVES, move_stage
from casefile.resolution.diary import add_task
from casefile.resolution.models import Agreement, AgreementStatus
from casefile.resolution.queries import position
from casefile.resolution.services import DEFAULT_ACTIONS
from casefile.types import utcnow

# Write-off order when a settlement is paid: what the debtor was forgiven, least contested first.
WRITE_OFF_ORDER = (Component.INTEREST, Component.FEES, Component.COSTS, Component.PRINCIPAL)


def record_plan_payment(
    agreement: Agreement,
    data: PaymentData,
    actor: Actor,
    today: date,
    idempotency_key: str | None = None,
):
    """Record a payment under an agreement (into the matter's ledger, where the plan counts it)."""
    if agreement.status is not AgreementStatus.ACTIVE:
        raise CasefileError(f"This agreement is {agreement.status.label.lower()}.")
    return record_payment(agreement.matter, data, actor, today, idempotency_key)


def complete_agreement(agreement: Agreement, actor: Actor, today: date) -> Agreement:
    """Close a fully paid agreement: write off what the settlement forgave and close the matter
    as settled (or paid in full when nothing was forgiven)."""
    require(actor.user, Capability.ADJUST_LEDGER)
    if agreement.status is not AgreementStatus.ACTIVE:
        raise CasefileError(f"This agreement is {agreement.status.label.lower()}.")
    if position(agreement, today).state is not PlanState.PAID:
        raise CasefileError("The agreement is not paid in full yet.")
    matter = agreement.matter
    with transaction():
        owed = matter_balance(matter, today).owed
        forgiven = 0
        for component in WRITE_OFF_ORDER:
            if owed[component] > 0:
                forgiven += owed[component]
                post_adjustment(
                    matter,
                    component,
                    today,
                    -owed[component],
                    f"Settlement discount (agreement {agreement.id})",
                    actor,
                    today,
                )
        agreement.status, agreement.ended_at = AgreementStatus.PAID, utcnow()
        record(
            actor,
            "agreement.paid",
            "agreement",
            agreement.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"paid in full; {format_cents(forgiven)} written off",
        )
        outcome = Outcome.SETTLED if forgiven else Outcome.PAID_IN_FULL
        move_stage(
            matter, Stage.CLOSED, f"Agreement {agreement.id} paid", actor, today, outcome=outcome
        )
    return agreement


def detect_defaults(actor: Actor, today: date) -> list[Agreement]:
    """Mark every active agreement in default at the end of `today`, each with a diary task for
    the paralegal: send the default notice and decide what follows. Run daily (CLI)."""
    active = db.session.scalars(
        select(Agreement).where(Agreement.status == AgreementStatus.ACTIVE).order_by(Agreement.id)
    ).all()
    defaulted = []
    with transaction():
        for agreement in active:
            status = position(agreement, today)
            if status.state is not PlanState.IN_DEFAULT:
                continue
            agreement.status = AgreementStatus.DEFAULTED
            agreement.defaulted_on = status.defaulted_on
            matter = agreement.matter
            missed = status.defaulted_installment
            add_task(
                matter,
                "Plan in default: send the default notice and decide (renegotiate, or "
                f"{agreement.on_default} per the agreement)",
                today,
                Priority.HIGH,
                actor,
                notes=f"Installment {missed.number} of {format_cents(missed.amount_cents)} due "
                f"{missed.due_on.isoformat()} was not paid within {agreement.grace_days} days' "
                f"grace. Paid under the agreement: {format_cents(status.paid_cents)}.",
            )
            record(
                actor,
                "agreement.defaulted",
                "agreement",
                agreement.id,
                matter_id=matter.id,
                client_id=matter.client_id,
                summary=f"in default from {status.defaulted_on.isoformat()}: installment "
                f"{missed.number} due {missed.due_on.isoformat()} missed",
            )
            defaulted.append(agreement)
    return defaulted


def act_on_default(
    agreement: Agreement, target: Stage, reason: str, actor: Actor, today: date
) -> Agreement:
    """After a default: the full balance less payments stands (the ledger never wrote the
    discount off) and the matter moves to litigation or judgment, as the agreement provides."""
    require(actor.user, Capability.WORK_MATTERS)
    if agreement.status is not AgreementStatus.DEFAULTED or agreement.ended_at is not None:
        raise CasefileError("Only a defaulted agreement awaiting a decision can be acted on.")
    if target not in DEFAULT_ACTIONS:
        raise CasefileError("Choose litigation or judgment.", "target")
    if not reason.strip():
        raise CasefileError("Say why.", "reason")
    matter = agreement.matter
    status = position(agreement, today)
    owed = balance_after_default(agreement.balance_cents, status.paid_cents)
    if (guarded := GUARDED_MOVES.get(target)) is not None:
        # Asked before our transaction, so that a refusal's audit event is kept.
        ensure_allowed(matter, Proposed(guarded, utcnow()), actor)
    with transaction():
        agreement.ended_at = utcnow()
        record(
            actor,
            "agreement.default_acted_on",
            "agreement",
            agreement.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"full balance restored: {format_cents(agreement.balance_cents)} less "
            f"{format_cents(status.paid_cents)} paid = {format_cents(owed)} plus interest; "
            f"to {target.label}",
        )
        move_stage(matter, target, reason, actor, today)
    return agreement
