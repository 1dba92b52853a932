"""The per-user calendar feed: parsed with a real iCalendar parser; a revoked token is 404."""

import re
from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from casefile.diary.services import create_task
from casefile.domain.diary import Priority
from casefile.extensions import db
from casefile.resolution import litigation
from casefile.resolution.models import CalendarToken
from tests.web.helpers import login


def _new_feed_url(client) -> str:
    page = client.post("/account/calendar/token").get_data(as_text=True)
    return re.search(r'value="(http[^"]+\.ics)"', page)[1]


def test_the_feed_lists_open_tasks_and_court_dates_and_parses(client, desk):
    create_task(desk.actor, desk.attorney.id, "Call the debtor's lawyer", date(2026, 12, 2),
                Priority.NORMAL, desk.matter)  # fmt: skip
    litigation.add_court_date(desk.matter, date(2026, 12, 9), "Hearing on the motion",
                              desk.actor, "10:15", "Part 3")  # fmt: skip
    login(client, desk.attorney)
    url = _new_feed_url(client)
    assert url.startswith("http://localhost/calendar/")
    assert url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.scalar(select(CalendarToken.token_sha256))
    assert token not in stored
    assert len(stored) == 64
    client.post("/logout")

    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    task = events[f"{desk.matter.reference}: Call the debtor's lawyer"]
    assert task.decoded("dtstart") == date(2026, 12, 2)
    hearing = events[f"{desk.matter.reference}: Hearing on the motion"]
    assert hearing.decoded("dtstart").isoformat() == "2026-12-09T10:15:00"
    assert str(hearing["location"]) == "Part 3"
    assert desk.matter.debtor_name not in response.get_data(as_text=True)


def test_a_revoked_or_replaced_token_gets_404(client, desk):
    login(client, desk.attorney)
    first = _new_feed_url(client).removeprefix("http://localhost")
    second = _new_feed_url(client).removeprefix("http://localhost")
    assert client.get(first).status_code == 404  # replaced by the second
    assert client.get(second).status_code == 200
    client.post("/account/calendar/revoke")
    assert client.get(second).status_code == 404
    assert client.get("/calendar/guessing.ics").status_code == 404
