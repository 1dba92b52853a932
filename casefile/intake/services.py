"""The firm's decision on a placement: accept it (assigned, open, first tasks) or reject it."""

from datetime import date

from casefile.audit.services import Actor, record
from casefile.auth.models import User
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.domain.errors import CasefileError, ensure_current
from casefile.domain.roles import Capability, Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.matters.services import move_stage


def accept_placement(
    matter: Matter,
    attorney_id: int,
    paralegal_id: int | None,
    note: str,
    actor: Actor,
    today: date,
    expected_version: int | None = None,
) -> Matter:
    """Assign the placement and open it; the open stage's first diary tasks are created."""
    _may_review(matter, expected_version, actor)
    attorney = _staff(attorney_id, (Role.ATTORNEY,), "attorney_id", "an attorney")
    paralegal = (
        _staff(paralegal_id, (Role.PARALEGAL,), "paralegal_id", "a paralegal")
        if paralegal_id
        else None
    )
    with transaction():
        before = (matter.attorney_id, matter.paralegal_id)
        matter.attorney_id, matter.paralegal_id = attorney.id, paralegal.id if paralegal else None
        record(
            actor,
            "intake.accepted",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"Accepted; attorney {attorney.name}"
            + (f", paralegal {paralegal.name}" if paralegal else ""),
            changes={"attorney, paralegal": (before, (matter.attorney_id, matter.paralegal_id))},
        )
        reason = "Accepted at intake" + (f": {note.strip()}" if note.strip() else "")
        move_stage(matter, Stage.OPEN, reason, actor, today)
        if matter.client.prospective:
            _take_on(matter.client, actor)
    return matter


def reject_placement(
    matter: Matter,
    reason: str,
    actor: Actor,
    today: date,
    expected_version: int | None = None,
) -> Matter:
    """Turn the placement down; the matter closes as rejected and the client sees the reason."""
    _may_review(matter, expected_version, actor)
    if not reason.strip():
        raise CasefileError("Tell the client why the placement is rejected.", field="reason")
    with transaction():
        record(
            actor,
            "intake.rejected",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=reason.strip()[:500],
        )
        move_stage(matter, Stage.CLOSED, reason.strip(), actor, today, outcome=Outcome.REJECTED)
    return matter


def _take_on(client, actor: Actor) -> None:
    """Accepting a referral makes the referring business a client of the firm."""
    client.prospective, client.active = False, True
    record(
        actor,
        "client.taken_on",
        "client",
        client.id,
        client_id=client.id,
        summary=f"{client.name}: became a client when its referral was accepted",
        changes={"prospective": (True, False), "active": (False, True)},
    )


def _may_review(matter: Matter, expected_version: int | None, actor: Actor) -> None:
    """An attorney decides, on the placement as they saw it, while it still awaits review."""
    require(actor.user, Capability.REVIEW_INTAKE)
    ensure_current(expected_version, matter.version, "matter")
    if matter.stage is not Stage.INTAKE:
        raise CasefileError(f"{matter.reference} has already been reviewed ({matter.stage.label}).")


def _staff(user_id: int | None, roles, field: str, what: str) -> User:
    user = db.session.get(User, user_id) if user_id else None
    if user is None or user.role not in roles or not user.active:
        raise CasefileError(f"Choose {what}.", field=field)
    return user
