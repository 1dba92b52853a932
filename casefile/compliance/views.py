"""The compliance report: holds in force, and the actions the guard refused this month."""

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.audit.models import AuditEvent
from casefile.compliance.forms import ReviewForm
from casefile.compliance.queries import approaching_limitation, in_validation_period
from casefile.compliance.reviews import Checklist, record_review
from casefile.domain.compliance import Action
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Hold, Matter
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.helpers import current_actor, today

bp = Blueprint("compliance", __name__, url_prefix="/compliance")
LIMITATION_HORIZON_DAYS = 90
SHOWN = 200  # the soonest; the heading gives the full count


@bp.get("/")
@requires(Capability.VIEW_AUDIT)
def report():
    month_start = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    holds = db.session.scalars(
        select(Hold)
        .where(Hold.lifted_at.is_(None))
        .options(selectinload(Hold.matter).selectinload(Matter.client))
        .order_by(Hold.kind, Hold.since_on)
    ).all()
    refusals = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "compliance.refused", AuditEvent.at >= month_start)
        .order_by(AuditEvent.id.desc())
        .limit(500)
    ).all()
    limits = approaching_limitation(today(), LIMITATION_HORIZON_DAYS)
    return render_template(
        "compliance/report.html",
        holds=holds,
        refusals=refusals,
        month=today().strftime("%B %Y"),
        limits=limits[:SHOWN],
        limits_total=len(limits),
        windows=in_validation_period(today()),
        horizon=LIMITATION_HORIZON_DAYS,
    )


@bp.post("/matters/<int:matter_id>/reviews")
@requires(Capability.WORK_MATTERS)
def review(matter_id: int):
    """An attorney approves a suit or a settlement after reviewing the file."""
    matter, form = db.get_or_404(Matter, matter_id), ReviewForm()
    if not form.validate_on_submit():
        flash("Check the review form and try again.", "error")
    else:
        checklist = Checklist(
            form.documentation_reviewed.data,
            form.balance_verified.data,
            form.limitation_checked.data,
        )
        try:
            record_review(
                matter,
                Action(form.action.data),
                checklist,
                form.note.data,
                current_actor(),
                utcnow(),
            )
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash("Review recorded: the action is approved for 30 days.", "success")
    return redirect(url_for("matters.detail", matter_id=matter.id, _anchor="attorney-review"))
