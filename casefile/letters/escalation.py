"""The escalation ladder (reminder → follow-up → final demand → intent to sue), per client:
which letter comes next on a matter, and from which day.

A client without a ladder of its own follows the firm's (steps with no client), and a firm
without one follows `DEFAULT_LADDER`. A step is due `wait_days` after the previous step's letter
was sent (the first step at once).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.letters.library import template_by_key
from casefile.letters.models import EscalationStep, Letter, LetterStatus, LetterTemplate
from casefile.matters.models import Matter

DEFAULT_LADDER = (
    ("first_reminder", 0),
    ("follow_up", 14),
    ("final_demand", 14),
    ("intent_to_sue", 10),
)
MAX_STEPS = 8


@dataclass(frozen=True)
class Step:
    template: LetterTemplate
    wait_days: int


def ladder_for(client_id: int | None) -> list[Step]:
    """The client's ladder, else the firm's, else the default."""
    for owner in (client_id, None):
        rows = db.session.scalars(
            select(EscalationStep)
            .where(
                EscalationStep.client_id.is_(None)
                if owner is None
                else EscalationStep.client_id == owner
            )
            .order_by(EscalationStep.position)
        ).all()
        if rows:
            return [Step(row.template, row.wait_days) for row in rows]
    steps = [(template_by_key(key), wait) for key, wait in DEFAULT_LADDER]
    return [Step(template, wait) for template, wait in steps if template is not None]


def has_own_ladder(client_id: int) -> bool:
    return (
        db.session.scalar(
            select(EscalationStep.id).where(EscalationStep.client_id == client_id).limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class NextStep:
    step: Step | None
    due_on: date | None
    reason: str = ""  # why there is no next letter now

    @property
    def due(self) -> bool:
        return self.step is not None and self.reason == ""


def next_step(matter: Matter, ladder: list[Step], today: date) -> NextStep:
    """The next letter on the ladder for `matter`, and whether it is due today."""
    letters = db.session.execute(
        select(Letter.template_id, Letter.status, Letter.sent_on)
        .where(Letter.matter_id == matter.id)
        .order_by(Letter.id)
    ).all()
    sent = {tid: on for tid, status, on in letters if status is LetterStatus.SENT}
    pending = {tid: status for tid, status, _on in letters if status is not LetterStatus.SENT}
    reached = max((n for n, step in enumerate(ladder) if step.template.id in sent), default=-1)
    if reached + 1 >= len(ladder):
        return NextStep(None, None, "The escalation ladder is complete.")
    step = ladder[reached + 1]
    if step.template.id in pending and pending[step.template.id] is not LetterStatus.RETURNED:
        status = pending[step.template.id].label.lower()
        return NextStep(step, None, f"A {step.template.title} is already {status}.")
    due_on = (
        today if reached < 0 else sent[ladder[reached].template.id] + timedelta(days=step.wait_days)
    )
    if due_on > today:
        return NextStep(step, due_on, f"{step.template.title} is due on {due_on.isoformat()}.")
    return NextStep(step, due_on)


def set_ladder(client_id: int | None, steps: list[tuple[str, int]], actor: Actor) -> None:
    """Replace a client's ladder (or the firm's, for `client_id` None); audited."""
    require(actor.user, Capability.MANAGE_CLIENTS)
    if not steps or len(steps) > MAX_STEPS:
        raise CasefileError(f"A ladder has 1 to {MAX_STEPS} steps.", field="steps")
    rows = []
    for position, (key, wait) in enumerate(steps, start=1):
        template = template_by_key(key)
        if template is None or template.addressed_to != "debtor":
            raise CasefileError(f"Step {position}: choose a letter to the debtor.", "steps")
        if not 0 <= wait <= 365:
            raise CasefileError(f"Step {position}: wait 0 to 365 days.", field="steps")
        rows.append(EscalationStep(client_id=client_id, position=position,
                                   template_id=template.id, wait_days=wait))  # fmt: skip
    before = [(s.template.key, s.wait_days) for s in ladder_for(client_id)]
    with transaction():
        db.session.execute(
            delete(EscalationStep).where(
                EscalationStep.client_id.is_(None)
                if client_id is None
                else EscalationStep.client_id == client_id
            )
        )
        db.session.flush()
        db.session.add_all(rows)
        db.session.flush()
        record(
            actor,
            "letters.ladder_set",
            "client" if client_id else "firm",
            client_id or "",
            client_id=client_id,
            changes={"ladder": (str(before), str(steps))},
            summary=" → ".join(f"{key} (+{wait}d)" for key, wait in steps)[:500],
        )
