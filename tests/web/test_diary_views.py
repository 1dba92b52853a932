"""My diary: what is due when, and the actions on a task."""

from datetime import timedelta

from sqlalchemy import select

from casefile.diary.models import Task
from casefile.diary.services import create_task
from casefile.domain.diary import Priority
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.web.helpers import today
from tests.web.helpers import login


def _task(make, owner, title, days, matter=None):
    return create_task(
        make.actor(owner),
        owner.id,
        title,
        today() + timedelta(days=days),
        Priority.NORMAL,
        matter=matter,
    )


def _section(page: str, bucket: str) -> str:
    start = page.index(f'id="{bucket}"')
    return page[start : page.index("</section>", start)]


def test_my_diary_groups_tasks_by_when_they_are_due(client, make):
    paralegal = make.user(Role.PARALEGAL)
    _task(make, paralegal, "Chase the returned letter", -2)
    _task(make, paralegal, "Call the debtor back", 0)
    _task(make, paralegal, "File the affidavit", 20)
    other = make.user(Role.PARALEGAL)
    _task(make, other, "Someone else's work", 0)
    login(client, paralegal)
    page = client.get("/diary/").get_data(as_text=True)
    assert "Chase the returned letter" in _section(page, "overdue")
    assert "Call the debtor back" in _section(page, "today")
    assert "File the affidavit" in _section(page, "later")
    assert "Someone else's work" not in page


def test_a_long_bucket_shows_a_preview_and_pages_through_the_rest(client, make):
    paralegal = make.user(Role.PARALEGAL)
    for n in range(30):
        _task(make, paralegal, f"Overdue item {n:02d}", -1 - n)
    login(client, paralegal)
    page = client.get("/diary/").get_data(as_text=True)
    assert page.count("Overdue item") == 25
    assert "Show all 30 overdue" in page
    everything = client.get(f"/diary/?owner={paralegal.id}&bucket=overdue").get_data(as_text=True)
    assert everything.count("Overdue item") == 30
    assert client.get("/diary/?bucket=nonsense").status_code == 404


def test_complete_snooze_and_reassign_a_task(client, make):
    paralegal, colleague = make.user(Role.PARALEGAL), make.user(Role.PARALEGAL)
    done, later, handed = (_task(make, paralegal, title, 0) for title in ("A", "B", "C"))
    login(client, paralegal)
    client.post(f"/diary/tasks/{done.id}/complete", data={"version": done.version})
    refused = client.post(
        f"/diary/tasks/{later.id}/snooze",
        data={"until": today().isoformat(), "reason": "waiting", "version": later.version},
        follow_redirects=True,
    )
    assert "Snooze moves a task later" in refused.get_data(as_text=True)
    client.post(
        f"/diary/tasks/{later.id}/snooze",
        data={
            "until": (today() + timedelta(days=7)).isoformat(),
            "reason": "debtor on holiday",
            "version": later.version,
        },
    )
    client.post(
        f"/diary/tasks/{handed.id}/reassign",
        data={"owner_id": colleague.id, "version": handed.version},
    )
    db.session.expire_all()
    tasks = {t.title: t for t in db.session.scalars(select(Task))}
    assert tasks["A"].done_at is not None
    assert tasks["A"].done_by_id == paralegal.id
    assert tasks["B"].due_on == today() + timedelta(days=7)
    assert tasks["C"].owner_id == colleague.id


def test_completing_a_task_twice_from_two_tabs_is_refused_the_second_time(client, make):
    paralegal = make.user(Role.PARALEGAL)
    task = _task(make, paralegal, "Once only", 0)
    task_id, opened = task.id, task.version  # both tabs were opened on this version
    login(client, paralegal)
    client.post(f"/diary/tasks/{task_id}/complete", data={"version": opened})
    again = client.post(
        f"/diary/tasks/{task_id}/complete", data={"version": opened}, follow_redirects=True
    )
    assert "changed by someone else" in again.get_data(as_text=True)


def test_new_task_on_a_matter_appears_on_the_matter_page(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    login(client, attorney)
    response = client.post(
        "/diary/new",
        data={
            "title": "Check the county records",
            "owner_id": attorney.id,
            "due_on": today().isoformat(),
            "priority": Priority.HIGH.value,
            "matter_id": matter.id,
        },
    )
    assert response.headers["Location"].endswith(f"/matters/{matter.id}#diary")
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "Check the county records" in page
