"""Diary tasks that resolution events create (a default, an answer deadline, a court date, a
renewal, an enforcement step), inside the caller's transaction."""

from datetime import date

from casefile.audit.services import Actor
from casefile.diary.models import Task
from casefile.domain.diary import Priority
from casefile.extensions import db


def add_task(
    matter,
    title: str,
    due_on: date,
    priority: Priority,
    actor: Actor,
    notes: str = "",
    prefer_attorney: bool = False,
) -> Task | None:
    """A task on `matter` for its paralegal (or, `prefer_attorney`, its attorney), whichever is
    assigned. Nobody assigned: no task (the plans page and the matter page still show it)."""
    people = (matter.attorney_id, matter.paralegal_id)
    owner = next((p for p in (people if prefer_attorney else people[::-1]) if p), None)
    if owner is None:
        return None
    task = Task(
        matter_id=matter.id,
        owner_id=owner,
        title=title[:200],
        notes=notes,
        due_on=due_on,
        priority=int(priority),
        created_by_id=actor.user_id,
    )
    db.session.add(task)
    return task
