"""Litigation and enforcement forms on the matter's Resolution card: suit, service, court
dates, judgment, enforcement actions and their recoveries."""

from flask import flash, redirect, url_for

from casefile.auth.views import recent_auth_required
from casefile.domain.enforcement import EnforcementKind, EnforcementStatus
from casefile.domain.money import format_cents
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.ledger.forms import PaymentForm
from casefile.ledger.services import PaymentData
from casefile.matters.models import Matter
from casefile.resolution import enforcement, litigation
from casefile.resolution.forms import (
    CourtDateForm,
    EnforcementForm,
    EnforcementStatusForm,
    JudgmentForm,
    ServiceForm,
    SuitForm,
)
from casefile.resolution.models import EnforcementAction, Suit
from casefile.resolution.views import _back, _flashed, bp, page
from casefile.web.access import requires
from casefile.web.helpers import current_actor, saved, today


@bp.route("/matters/<int:matter_id>/suits", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def file_suit(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = SuitForm()
    if form.validate_on_submit():
        data = litigation.SuitData(
            form.court.data, form.filed_on.data, form.index_number.data or "",
            form.filing_fee.cents or 0,
        )  # fmt: skip
        if saved(form, lambda: litigation.file_suit(matter, data, current_actor(), today())):
            return _back(matter.id, "Suit recorded: the matter is in litigation.")
    return page(matter.id, {"suit": form}), 200


@bp.route("/suits/<int:suit_id>/service", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def record_service(suit_id: int):
    suit = db.get_or_404(Suit, suit_id)
    form = ServiceForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: litigation.record_service(
            suit,
            form.served_on.data,
            form.service_method.data,
            current_actor(),
            today(),
            form.completed_on.data,
            form.completing_step_on.data,
        ),
    ):
        return _back(suit.matter_id, f"Service recorded: answer due {suit.answer_due_on}.")
    return page(suit.matter_id, {"service": form}), 200


@bp.route("/matters/<int:matter_id>/court-dates", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def add_court_date(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = CourtDateForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: litigation.add_court_date(
            matter,
            form.on.data,
            form.title.data,
            current_actor(),
            (form.at_time.data or "").strip(),
            form.place.data or "",
        ),  # fmt: skip
    ):
        return _back(matter.id, "Court date added to the diary.")
    return page(matter.id, {"court_date": form}), 200


@bp.route("/matters/<int:matter_id>/judgment", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def enter_judgment(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = JudgmentForm()
    if form.validate_on_submit():
        rate = form.rate.data
        data = litigation.JudgmentData(
            form.entered_on.data,
            form.principal.cents or 0,
            form.interest.cents or 0,
            form.costs.cents or 0,
            form.fees.cents or 0,
            int(rate * 100) if rate is not None else None,
        )
        if saved(form, lambda: litigation.enter_judgment(matter, data, current_actor(), today())):
            return _back(matter.id, "Judgment recorded: post-judgment interest runs from it.")
    return page(matter.id, {"judgment": form}), 200


@bp.route("/matters/<int:matter_id>/enforcement", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def start_enforcement(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = EnforcementForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: enforcement.start_enforcement(
            matter,
            EnforcementKind(form.kind.data),
            form.third_party.data,
            form.started_on.data,
            enforcement.NextStep(form.next_step.data or "", form.next_step_on.data),
            current_actor(),
            today(),
        ),
    ):
        return _back(matter.id, f"{EnforcementKind(form.kind.data).label} started.")
    return page(matter.id, {"enforcement": form}), 200


@bp.route("/enforcement/<int:action_id>/status", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def enforcement_status(action_id: int):
    action = db.get_or_404(EnforcementAction, action_id)
    form = EnforcementStatusForm(prefix=f"status-{action.id}")
    if form.validate_on_submit() and _flashed(
        lambda: enforcement.change_status(
            action,
            EnforcementStatus(form.status.data),
            form.on.data,
            form.note.data or "",
            enforcement.NextStep(form.next_step.data or "", form.next_step_on.data),
            current_actor(),
            today(),
        )
    ):
        return _back(action.matter_id, f"{action.kind.label} is now {action.status.label}.")
    if form.errors:
        flash("Check the status change: " + "; ".join(e[0] for e in form.errors.values()), "error")
    return redirect(url_for("matters.detail", matter_id=action.matter_id) + "#enforcement")


@bp.route("/enforcement/<int:action_id>/recoveries", methods=["POST"])
@requires(Capability.RECORD_PAYMENTS)
@recent_auth_required
def record_recovery(action_id: int):
    action = db.get_or_404(EnforcementAction, action_id)
    form = PaymentForm(prefix="recovery")
    if form.validate_on_submit():
        data = PaymentData(
            form.on.data, form.amount.cents, form.method.data, form.payer.data,
            form.reference.data or "", form.received_by.data, form.memo.data or "",
        )  # fmt: skip
        if _flashed(
            lambda: enforcement.record_recovery(
                action, data, current_actor(), today(), form.nonce.data
            )
        ):
            return _back(action.matter_id, f"{format_cents(data.amount_cents)} recovered.")
    if form.errors:
        flash("Check the payment: " + "; ".join(e[0] for e in form.errors.values()), "error")
    return redirect(url_for("matters.detail", matter_id=action.matter_id) + "#enforcement")
