"""An attorney reviews the file before a suit; without the review the guard refuses it."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.compliance.models import AttorneyReview
from casefile.compliance.reviews import Checklist, record_review
from casefile.compliance.services import ComplianceRefusal
from casefile.domain.compliance import REVIEW_VALID_DAYS, Action
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.services import move_stage
from casefile.types import utcnow
from tests.factories import TODAY

ALL_CHECKED = Checklist(True, True, True)


@pytest.fixture
def in_demand(make):
    matter = make.matter()
    move_stage(matter, Stage.DEMAND, "Demand sent", make.actor(), TODAY)
    return matter


def test_suit_is_refused_until_an_attorney_reviews_the_file(make, in_demand):
    attorney = make.actor(make.user(Role.ATTORNEY, name="Dana Whitfield"))
    with pytest.raises(ComplianceRefusal, match="An attorney must review the file"):
        move_stage(in_demand, Stage.LITIGATION, "File suit", attorney, TODAY)
    review = record_review(in_demand, Action.SUIT, ALL_CHECKED, "Invoices, POD", attorney, utcnow())
    move_stage(in_demand, Stage.LITIGATION, "File suit", attorney, TODAY)
    assert in_demand.stage is Stage.LITIGATION
    audited = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.approved"))
    assert (audited.object_id, audited.matter_id) == (str(review.id), in_demand.id)


@pytest.mark.parametrize("role", [Role.PARALEGAL, Role.ADMIN])
def test_only_an_attorney_can_approve(make, in_demand, role):
    with pytest.raises(NotPermittedError):
        record_review(
            in_demand, Action.SUIT, ALL_CHECKED, "", make.actor(make.user(role)), utcnow()
        )
    assert db.session.scalar(select(func.count(AttorneyReview.id))) == 0


def test_every_check_of_the_list_is_required(make, in_demand):
    attorney = make.actor(make.user(Role.ATTORNEY))
    with pytest.raises(CasefileError, match="limitation checked"):
        record_review(in_demand, Action.SUIT, Checklist(True, True, False), "", attorney, utcnow())
    assert db.session.scalar(select(func.count(AttorneyReview.id))) == 0


def test_a_review_older_than_its_validity_no_longer_approves(make, in_demand):
    attorney = make.actor(make.user(Role.ATTORNEY))
    stale = utcnow() - timedelta(days=REVIEW_VALID_DAYS, minutes=1)
    record_review(in_demand, Action.SUIT, ALL_CHECKED, "", attorney, stale)
    with pytest.raises(ComplianceRefusal, match="An attorney must review the file"):
        move_stage(in_demand, Stage.LITIGATION, "File suit", attorney, TODAY)


def test_a_review_is_never_edited(make, in_demand):
    review = make.review(in_demand)
    review.note = "changed afterwards"
    with pytest.raises(Exception, match="append-only|append only"):
        db.session.commit()
    db.session.rollback()
