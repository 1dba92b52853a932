"""What the diary should hold: tasks a stage implies, and how open tasks are bucketed."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from casefile.domain.calendar import add_business_days, week_end
from casefile.domain.stages import Stage


class Priority(IntEnum):
    LOW = 1
    NORMAL = 2
    HIGH = 3
    URGENT = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class Assignee(StrEnum):
    ATTORNEY = "attorney"
    PARALEGAL = "paralegal"


@dataclass(frozen=True)
class TaskTemplate:
    """A task that entering a stage creates: title, who does it, and when it falls due."""

    title: str
    assignee: Assignee
    business_days: int
    priority: Priority = Priority.NORMAL


STAGE_TASKS: dict[Stage, tuple[TaskTemplate, ...]] = {
    Stage.INTAKE: (
        TaskTemplate("Review placement: conflict and duplicate check", Assignee.ATTORNEY, 2),
    ),
    Stage.OPEN: (TaskTemplate("Prepare and send the first demand", Assignee.PARALEGAL, 3),),
    Stage.DEMAND: (
        TaskTemplate("Follow up on the demand letter", Assignee.PARALEGAL, 10),
        TaskTemplate("Decide on final demand or suit", Assignee.ATTORNEY, 20, Priority.LOW),
    ),
    Stage.NEGOTIATION: (
        TaskTemplate("Follow up on the debtor's offer", Assignee.PARALEGAL, 5, Priority.HIGH),
    ),
    Stage.SETTLEMENT: (
        TaskTemplate(
            "Confirm the settlement terms in writing", Assignee.ATTORNEY, 2, Priority.HIGH
        ),
    ),
    Stage.LITIGATION: (
        TaskTemplate("Confirm service of process", Assignee.PARALEGAL, 15, Priority.HIGH),
    ),
    Stage.JUDGMENT: (TaskTemplate("Choose enforcement remedies", Assignee.ATTORNEY, 10),),
    Stage.ENFORCEMENT: (TaskTemplate("Check enforcement returns", Assignee.PARALEGAL, 20),),
    Stage.CLOSED: (),
}


@dataclass(frozen=True)
class PlannedTask:
    title: str
    assignee: Assignee
    due_on: date
    priority: Priority


def tasks_for_stage(
    stage: Stage, entered_on: date, holidays: Collection[date] = ()
) -> list[PlannedTask]:
    """The diary tasks that entering `stage` on `entered_on` creates, due in business days."""
    return [
        PlannedTask(
            t.title,
            t.assignee,
            add_business_days(entered_on, t.business_days, holidays),
            t.priority,
        )
        for t in STAGE_TASKS[stage]
    ]


class Bucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"


def bucket_for(due_on: date, today: date) -> Bucket:
    """Where an open task due on `due_on` appears in the diary seen on `today`."""
    if due_on < today:
        return Bucket.OVERDUE
    if due_on == today:
        return Bucket.TODAY
    if due_on <= week_end(today):
        return Bucket.THIS_WEEK
    return Bucket.LATER
