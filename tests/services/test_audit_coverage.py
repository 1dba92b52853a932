"""Every write made through a service records exactly one audit event, naming what it did."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.auth import services as auth
from casefile.clients.services import ClientData, create_client, update_client
from casefile.diary import services as diary
from casefile.domain.diary import Priority
from casefile.domain.parties import HoldKind, PartyKind, PartyRole
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.matters import services as matters
from casefile.types import utcnow
from tests.factories import PASSWORD, TODAY

HASH = "scrypt:1024:8:1"


@pytest.fixture
def world(make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    task = diary.create_task(
        make.actor(attorney), attorney.id, "Call", TODAY, Priority.NORMAL, matter
    )
    hold = matters.place_hold(
        matter, HoldKind.DISPUTE, TODAY, "letter", make.actor(attorney), TODAY
    )
    return {
        "attorney": attorney,
        "matter": matter,
        "task": task,
        "hold": hold,
        "paralegal": make.user(Role.PARALEGAL),
        "actor": make.actor(attorney),
        "admin": make.actor(),
        "make": make,
    }


def _details(matter, summary="edited"):
    return matters.MatterData(
        matter.client_id,
        matter.debt_type,
        matter.jurisdiction,
        matter.placed_on,
        matter.attorney_id,
        None,
        "",
        summary,
    )


WRITES = {
    "client.created": lambda w: create_client(ClientData("New Co"), w["admin"]),
    "client.updated": lambda w: update_client(
        w["matter"].client, ClientData("Renamed Co"), None, w["admin"]
    ),
    "user.created": lambda w: auth.create_user(
        auth.UserData("x@firm.test", "X", Role.PARALEGAL, None), PASSWORD, w["admin"], HASH
    ),
    "user.updated": lambda w: auth.update_user(
        w["attorney"],
        auth.UserData(w["attorney"].email, "New Name", Role.ATTORNEY, None),
        w["admin"],
    ),
    "user.password_reset": lambda w: auth.reset_password(
        w["attorney"], "another-passphrase", w["admin"], HASH
    ),
    "user.password_changed": lambda w: auth.change_password(
        w["attorney"], PASSWORD, "another-passphrase", w["actor"], HASH
    ),
    "user.logout": lambda w: auth.end_sessions(w["attorney"], w["actor"]),
    "matter.created": lambda w: w["make"].matter(client=w["matter"].client),
    "matter.updated": lambda w: matters.update_matter(
        w["matter"], _details(w["matter"]), None, w["actor"], TODAY
    ),
    "matter.stage_changed": lambda w: matters.move_stage(
        w["matter"], Stage.DEMAND, "sent", w["actor"], TODAY
    ),
    "party.added": lambda w: matters.add_party(
        w["matter"], matters.PartyData("G", PartyKind.PERSON, PartyRole.GUARANTOR), w["actor"]
    ),
    "party.updated": lambda w: matters.update_party(
        w["matter"].parties[0], matters.PartyData("Renamed", PartyKind.BUSINESS), w["actor"]
    ),
    "invoice.added": lambda w: matters.add_invoice(
        w["matter"], matters.InvoiceData("N-2", TODAY, TODAY, 100), w["actor"], TODAY
    ),
    "hold.placed": lambda w: matters.place_hold(
        w["matter"], HoldKind.DECEASED, TODAY, "notice", w["actor"], TODAY
    ),
    "hold.lifted": lambda w: matters.lift_hold(w["hold"], "verified", w["actor"], utcnow()),
    "task.created": lambda w: diary.create_task(
        w["actor"], w["attorney"].id, "T", TODAY, Priority.LOW
    ),
    "task.completed": lambda w: diary.complete_task(w["actor"], w["task"], utcnow(), None),
    "task.reassigned": lambda w: diary.reassign_task(
        w["actor"], w["task"], w["paralegal"].id, None
    ),
    "task.snoozed": lambda w: diary.snooze_task(
        w["actor"], w["task"], TODAY + timedelta(days=3), "away", TODAY, None
    ),
}


def _events() -> list[str]:
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("action", sorted(WRITES))
def test_each_write_is_audited_once(world, action):
    before = _events()
    WRITES[action](world)
    added = _events()[len(before) :]
    assert added == [action]


def test_reopening_a_closed_matter_is_audited(world):
    matter, actor = world["matter"], world["actor"]
    matters.move_stage(matter, Stage.CLOSED, "withdrawn", actor, TODAY, Outcome.WITHDRAWN)
    count = db.session.scalar(select(func.count(AuditEvent.id)))
    matters.reopen_matter(matter, "client changed its mind", actor, TODAY)
    last = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert db.session.scalar(select(func.count(AuditEvent.id))) == count + 1
    assert '"stage": ["closed", "open"]' in last.changes
