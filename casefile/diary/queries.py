"""Read-only selects for the diary pages."""

from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from casefile.diary.models import Task
from casefile.domain.calendar import week_end
from casefile.domain.diary import Bucket
from casefile.domain.paging import Page
from casefile.extensions import db
from casefile.matters.models import Matter

LATER_DAYS = 28


def _ranges(today: date) -> dict[Bucket, object]:
    """The due-date condition of each diary bucket seen on `today`."""
    end = week_end(today)
    horizon = max(end, today + timedelta(days=LATER_DAYS))
    return {
        Bucket.OVERDUE: Task.due_on < today,
        Bucket.TODAY: Task.due_on == today,
        Bucket.THIS_WEEK: and_(Task.due_on > today, Task.due_on <= end),
        Bucket.LATER: and_(Task.due_on > end, Task.due_on <= horizon),
    }


def _open_for(owner_id: int):
    return select(Task).where(Task.owner_id == owner_id, Task.done_at.is_(None))


def bucket_counts(owner_id: int, today: date) -> dict[Bucket, int]:
    """How many open tasks `owner_id` has in each bucket."""
    return {
        bucket: db.session.scalar(
            select(func.count(Task.id)).where(
                Task.owner_id == owner_id, Task.done_at.is_(None), condition
            )
        )
        for bucket, condition in _ranges(today).items()
    }


def bucket_page(
    owner_id: int, today: date, bucket: Bucket, number: int, size: int, total: int
) -> Page:
    """One page of a bucket's open tasks: earliest due first, then the most urgent."""
    tasks = db.session.scalars(
        _open_for(owner_id)
        .where(_ranges(today)[bucket])
        .options(joinedload(Task.matter).load_only(Matter.id, Matter.reference, Matter.debtor_name))
        .order_by(Task.due_on, Task.priority.desc(), Task.id)
        .limit(size)
        .offset((number - 1) * size)
    ).all()
    return Page(tasks, number, size, total)


def recently_done(owner_id: int, limit: int = 10) -> list[Task]:
    return db.session.scalars(
        select(Task)
        .where(Task.owner_id == owner_id, Task.done_at.is_not(None))
        .options(joinedload(Task.matter).load_only(Matter.id, Matter.reference))
        .order_by(Task.done_at.desc())
        .limit(limit)
    ).all()
