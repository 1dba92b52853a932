"""Use cases of enforcement: start an action (a guarded action), move it along its status flow,
and post what it recovers as a payment. Each next step lands in the attorney's diary."""

from dataclasses import dataclass
from datetime import date

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.compliance.services import ensure_allowed
from casefile.database import transaction
from casefile.domain.compliance import Action, Proposed
from casefile.domain.diary import Priority
from casefile.domain.enforcement import EnforcementKind, EnforcementStatus, check_status_change
from casefile.domain.errors import CasefileError
from casefile.domain.money import format_cents
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.ledger.services import PaymentData, record_payment
from casefile.matters.models import Matter
from casefile.matters.services import move_stage
from casefile.resolution.diary import add_task
from casefile.resolution.models import EnforcementAction, EnforcementRecovery
from casefile.types import utcnow


@dataclass
class NextStep:
    what: str = ""
    on: date | None = None

    def check(self) -> None:
        if bool(self.what.strip()) != (self.on is not None):
            raise CasefileError("Give the next step and its date together.", "next_step")


def start_enforcement(
    matter: Matter,
    kind: EnforcementKind,
    third_party: str,
    started_on: date,
    next_step: NextStep,
    actor: Actor,
    today: date,
) -> EnforcementAction:
    """Start an enforcement action on a judgment; the first one moves the matter to
    enforcement. The compliance guard is asked first."""
    require(actor.user, Capability.WORK_MATTERS)
    if matter.stage not in (Stage.JUDGMENT, Stage.ENFORCEMENT):
        raise CasefileError("Enforcement follows a judgment: record the judgment first.")
    if not third_party.strip():
        raise CasefileError(f"Name the {kind.third_party}.", "third_party")
    if started_on > today:
        raise CasefileError("The start date cannot be in the future.", "started_on")
    next_step.check()
    ensure_allowed(matter, Proposed(Action.ENFORCEMENT, utcnow()), actor)
    with transaction():
        action = EnforcementAction(
            matter_id=matter.id,
            kind=kind,
            third_party=third_party.strip(),
            started_on=started_on,
            status_on=started_on,
            next_step=next_step.what.strip(),
            next_step_on=next_step.on,
            created_by_id=actor.user_id,
        )
        db.session.add(action)
        db.session.flush()
        _diarise(matter, action, next_step, actor)
        record(
            actor,
            "enforcement.started",
            "enforcement_action",
            action.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{kind.label} against {kind.third_party} {action.third_party}",
        )
        if matter.stage is not Stage.ENFORCEMENT:
            move_stage(matter, Stage.ENFORCEMENT, f"{kind.label} started", actor, today)
    return action


def change_status(
    action: EnforcementAction,
    status: EnforcementStatus,
    on: date,
    note: str,
    next_step: NextStep,
    actor: Actor,
    today: date,
) -> EnforcementAction:
    """Move an action along its flow (issued, served, active, satisfied, ...)."""
    require(actor.user, Capability.WORK_MATTERS)
    check_status_change(action.status, status)
    if on > today or on < action.status_on:
        raise CasefileError("The date must be between the last change and today.", "on")
    next_step.check()
    matter = db.session.get(Matter, action.matter_id)
    before = action.status
    with transaction():
        action.status, action.status_on = status, on
        action.next_step, action.next_step_on = next_step.what.strip(), next_step.on
        if note.strip():
            action.notes = (action.notes + f"\n{on.isoformat()}: {note.strip()}").strip()
        _diarise(matter, action, next_step, actor)
        record(
            actor,
            "enforcement.status_changed",
            "enforcement_action",
            action.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=note.strip()[:500],
            changes={"status": (before.value, status.value)},
        )
    return action


def record_recovery(
    action: EnforcementAction,
    data: PaymentData,
    actor: Actor,
    today: date,
    idempotency_key: str | None = None,
) -> EnforcementRecovery:
    """Post an amount recovered by the action (from the employer, the bank, ...) as a payment."""
    require(actor.user, Capability.RECORD_PAYMENTS)
    if action.status not in (EnforcementStatus.SERVED, EnforcementStatus.ACTIVE):
        raise CasefileError("Money is recovered once the action is served or active.")
    matter = db.session.get(Matter, action.matter_id)
    data.memo = (data.memo + f" (recovered by {action.kind.label.lower()} {action.id})").strip()
    with transaction():
        entry = record_payment(matter, data, actor, today, idempotency_key)
        existing = db.session.scalar(
            db.select(EnforcementRecovery).where(EnforcementRecovery.ledger_entry_id == entry.id)
        )
        if existing is not None:  # the same form sent twice: recorded once
            return existing
        link = EnforcementRecovery(action_id=action.id, ledger_entry_id=entry.id)
        db.session.add(link)
        db.session.flush()
        record(
            actor,
            "enforcement.recovered",
            "enforcement_action",
            action.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{format_cents(entry.amount_cents)} from {data.payer}",
        )
    return link


def _diarise(matter, action, next_step: NextStep, actor) -> None:
    if next_step.on is not None:
        add_task(
            matter,
            f"{action.kind.label}: {next_step.what.strip()}",
            next_step.on,
            Priority.NORMAL,
            actor,
            notes=f"{action.kind.third_party.capitalize()}: {action.third_party}",
            prefer_attorney=True,
        )
