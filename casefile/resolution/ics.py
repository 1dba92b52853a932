"""A user's calendar feed (iCalendar, RFC 5545): open diary tasks and the court dates of the
matters they work, behind a secret token the user creates and can revoke.

Only the token's SHA-256 is stored, so a database copy does not reveal working feed addresses.
The feed names matters by reference and task title only: it ends up on calendar servers
outside the firm, so no debtor names, amounts or notes go into it.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import or_, select

from casefile.audit.services import Actor, record
from casefile.database import transaction
from casefile.diary.models import Task
from casefile.domain.errors import CasefileError
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.resolution.models import CalendarToken, CourtDate
from casefile.types import utcnow

FEED_DAYS_BACK = 30  # overdue tasks and recent court dates stay visible for a month


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(actor: Actor, now: datetime) -> str:
    """A new feed token for the acting user (the previous one stops working); returned once."""
    user = actor.user
    if user is None or not user.is_staff:
        raise CasefileError("Calendar feeds are for staff diaries.")
    token = secrets.token_urlsafe(32)
    with transaction():
        _revoke_all(user.id, now)
        db.session.add(CalendarToken(user_id=user.id, token_sha256=token_hash(token)))
        record(actor, "calendar.token_created", "user", user.id, summary="calendar feed address")
    return token


def revoke_token(actor: Actor, now: datetime) -> int:
    """Stop the acting user's feed address from working; returns how many were revoked."""
    with transaction():
        count = _revoke_all(actor.user_id, now)
        record(actor, "calendar.token_revoked", "user", actor.user_id, summary=f"{count} revoked")
    return count


def _revoke_all(user_id: int, now: datetime) -> int:
    live = db.session.scalars(
        select(CalendarToken).where(
            CalendarToken.user_id == user_id, CalendarToken.revoked_at.is_(None)
        )
    ).all()
    for row in live:
        row.revoked_at = now
    return len(live)


def has_token(user_id: int) -> bool:
    return (
        db.session.scalar(
            select(CalendarToken.id).where(
                CalendarToken.user_id == user_id, CalendarToken.revoked_at.is_(None)
            )
        )
        is not None
    )


def user_for(token: str):
    """The active staff user whose live token this is, or None."""
    row = db.session.scalar(
        select(CalendarToken).where(
            CalendarToken.token_sha256 == token_hash(token), CalendarToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.active or not row.user.is_staff:
        return None
    return row.user


def feed(user, today: date, firm: str) -> bytes:
    """The iCalendar document for `user`: open tasks (all-day) and court dates."""
    cal = Calendar()
    cal.add("prodid", "-//casefile//diary//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{firm}: {user.name}")
    since = today - timedelta(days=FEED_DAYS_BACK)
    stamp = utcnow()
    tasks = db.session.execute(
        select(Task, Matter.reference)
        .outerjoin(Matter, Matter.id == Task.matter_id)
        .where(Task.owner_id == user.id, Task.done_at.is_(None), Task.due_on >= since)
        .order_by(Task.due_on, Task.id)
    ).all()
    for task, reference in tasks:
        event = Event()
        event.add("uid", f"task-{task.id}@casefile")
        event.add("dtstamp", stamp)
        event.add("summary", f"{reference}: {task.title}" if reference else task.title)
        event.add("dtstart", task.due_on)
        event.add("dtend", task.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    hearings = db.session.execute(
        select(CourtDate, Matter.reference)
        .join(Matter, Matter.id == CourtDate.matter_id)
        .where(
            or_(Matter.attorney_id == user.id, Matter.paralegal_id == user.id),
            CourtDate.on >= since,
        )
        .order_by(CourtDate.on, CourtDate.id)
    ).all()
    for hearing, reference in hearings:
        event = Event()
        event.add("uid", f"court-{hearing.id}@casefile")
        event.add("dtstamp", stamp)
        event.add("summary", f"{reference}: {hearing.title}")
        if hearing.at_time:
            hour, minute = (int(part) for part in hearing.at_time.split(":"))
            start = datetime(hearing.on.year, hearing.on.month, hearing.on.day, hour, minute)
            event.add("dtstart", start)  # floating: the court's local time
            event.add("dtend", start + timedelta(hours=1))
        else:
            event.add("dtstart", hearing.on)
            event.add("dtend", hearing.on + timedelta(days=1))
        if hearing.place:
            event.add("location", hearing.place)
        cal.add_component(event)
    return cal.to_ical()
