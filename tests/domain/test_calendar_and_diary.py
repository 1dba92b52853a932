"""Business days and what the diary shows when."""

from datetime import date

import pytest

from casefile.domain.calendar import add_business_days, is_business_day, week_end
from casefile.domain.diary import STAGE_TASKS, Bucket, bucket_for, tasks_for_stage
from casefile.domain.stages import Stage

FRIDAY = date(2026, 11, 20)
THANKSGIVING = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRIDAY, 1, date(2026, 11, 23)),  # over the weekend
        (FRIDAY, 5, date(2026, 11, 27)),
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # from a Saturday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 11, 23), -1, FRIDAY),
    ],
)
def test_business_days_skip_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


def test_business_days_skip_the_holidays_given():
    assert add_business_days(date(2026, 11, 25), 1, holidays={THANKSGIVING}) == date(2026, 11, 27)
    assert not is_business_day(THANKSGIVING, {THANKSGIVING})
    assert is_business_day(THANKSGIVING)


def test_week_ends_on_sunday():
    assert week_end(date(2026, 11, 24)) == date(2026, 11, 29)
    assert week_end(date(2026, 11, 29)) == date(2026, 11, 29)


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 11, 23), Bucket.OVERDUE),
        (date(2026, 11, 24), Bucket.TODAY),
        (date(2026, 11, 25), Bucket.THIS_WEEK),
        (date(2026, 11, 29), Bucket.THIS_WEEK),  # Sunday still belongs to this week
        (date(2026, 11, 30), Bucket.LATER),
    ],
)
def test_open_tasks_fall_into_diary_buckets(due, bucket):
    assert bucket_for(due, today=date(2026, 11, 24)) is bucket


def test_on_sunday_tomorrow_is_already_later():
    assert bucket_for(date(2026, 11, 30), today=date(2026, 11, 29)) is Bucket.LATER


def test_entering_demand_plans_follow_up_in_business_days():
    planned = tasks_for_stage(Stage.DEMAND, FRIDAY)
    follow_up = next(t for t in planned if "Follow up" in t.title)
    assert follow_up.due_on == add_business_days(FRIDAY, 10) == date(2026, 12, 4)


def test_every_working_stage_plans_at_least_one_task_and_closed_none():
    for stage in Stage:
        assert bool(STAGE_TASKS[stage]) is (stage is not Stage.CLOSED)
