"""Creating, completing, reassigning and snoozing diary tasks."""

from datetime import date, datetime

from casefile.audit.services import Actor, record
from casefile.auth.models import User
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.diary.models import Task
from casefile.domain.diary import Assignee, Priority, tasks_for_stage
from casefile.domain.errors import CasefileError, ensure_current
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db


def create_task(
    actor: Actor,
    owner_id: int,
    title: str,
    due_on: date,
    priority: Priority,
    matter=None,
    notes: str = "",
) -> Task:
    """Add a task to someone's diary, optionally on a matter."""
    require(actor.user, Capability.WORK_MATTERS)
    owner = _staff_owner(owner_id)
    if not title.strip():
        raise CasefileError("Say what has to be done.", field="title")
    with transaction():
        task = Task(
            matter_id=matter.id if matter else None,
            owner_id=owner.id,
            title=title.strip(),
            notes=notes.strip(),
            due_on=due_on,
            priority=int(priority),
            created_by_id=actor.user_id,
        )
        db.session.add(task)
        db.session.flush()
        record(
            actor,
            "task.created",
            "task",
            task.id,
            matter_id=task.matter_id,
            client_id=matter.client_id if matter else None,
            summary=f"{task.title} for {owner.name}, due {due_on.isoformat()}",
        )
    return task


def complete_task(actor: Actor, task: Task, now: datetime, expected_version: int | None) -> Task:
    """Mark a task done."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, task.version, "task")
    if task.done_at is not None:
        raise CasefileError("This task is already done.")
    with transaction():
        task.done_at, task.done_by_id = now, actor.user_id
        record(
            actor,
            "task.completed",
            "task",
            task.id,
            matter_id=task.matter_id,
            client_id=_client_of(task),
            summary=task.title,
        )
    return task


def reassign_task(actor: Actor, task: Task, owner_id: int, expected_version: int | None) -> Task:
    """Give an open task to another member of staff."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, task.version, "task")
    _must_be_open(task)
    owner = _staff_owner(owner_id)
    if owner.id == task.owner_id:
        raise CasefileError("The task already belongs to this person.", field="owner_id")
    with transaction():
        before = task.owner.name
        task.owner_id = owner.id
        record(
            actor,
            "task.reassigned",
            "task",
            task.id,
            matter_id=task.matter_id,
            client_id=_client_of(task),
            changes={"owner": (before, owner.name)},
        )
    return task


def snooze_task(
    actor: Actor, task: Task, until: date, reason: str, today: date, expected_version: int | None
) -> Task:
    """Move an open task's due date later, with a reason."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, task.version, "task")
    _must_be_open(task)
    if until <= max(today, task.due_on):
        raise CasefileError(
            "Snooze moves a task later: choose a date after today and after "
            f"its due date ({task.due_on.isoformat()}).",
            field="until",
        )
    if not reason.strip():
        raise CasefileError("Say why the task is put off.", field="reason")
    with transaction():
        before = task.due_on
        task.due_on = until
        record(
            actor,
            "task.snoozed",
            "task",
            task.id,
            matter_id=task.matter_id,
            client_id=_client_of(task),
            summary=reason.strip(),
            changes={"due_on": (before.isoformat(), until.isoformat())},
        )
    return task


def add_stage_tasks(matter, stage: Stage, today: date, actor: Actor) -> list[Task]:
    """Within the caller's transaction, add the tasks that entering `stage` implies."""
    tasks = []
    for planned in tasks_for_stage(stage, today):
        # A client's own placement has no one to own its review task: the intake queue is it.
        acting_staff = actor.user_id if actor.user is not None and actor.user.is_staff else None
        owner_id = _owner_for(matter, planned.assignee) or acting_staff
        if owner_id is None:
            continue
        task = Task(
            matter_id=matter.id,
            owner_id=owner_id,
            title=planned.title,
            due_on=planned.due_on,
            priority=int(planned.priority),
            created_by_id=actor.user_id,
            for_stage=stage,
        )
        db.session.add(task)
        tasks.append(task)
    return tasks


def retire_open_tasks(matter, actor: Actor, now: datetime, stage: Stage | None = None) -> int:
    """Within the caller's transaction, mark done the matter's open tasks that `stage` created
    (all open tasks when `stage` is None); returns how many."""
    query = db.select(Task).where(Task.matter_id == matter.id, Task.done_at.is_(None))
    if stage is not None:
        query = query.where(Task.for_stage == stage)
    tasks = db.session.scalars(query).all()
    for task in tasks:
        task.done_at, task.done_by_id = now, actor.user_id
    return len(tasks)


def _owner_for(matter, assignee: Assignee) -> int | None:
    if assignee is Assignee.ATTORNEY:
        return matter.attorney_id or matter.paralegal_id
    return matter.paralegal_id or matter.attorney_id


def _staff_owner(owner_id: int) -> User:
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.is_staff or not owner.active:
        raise CasefileError("Choose an active member of staff.", field="owner_id")
    return owner


def _must_be_open(task: Task) -> None:
    if task.done_at is not None:
        raise CasefileError("This task is already done.")


def _client_of(task: Task) -> int | None:
    return task.matter.client_id if task.matter is not None else None
