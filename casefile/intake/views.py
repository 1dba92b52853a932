"""The intake queue and the review of one placement (attorneys and admins)."""

from flask import Blueprint, flash, redirect, render_template, url_for

from casefile.documents.queries import matter_documents
from casefile.domain.roles import Capability, Role
from casefile.extensions import db
from casefile.intake import queries, services
from casefile.intake.forms import AcceptForm, RejectForm
from casefile.intake.models import PlacementDetails
from casefile.matters.models import Matter
from casefile.matters.queries import invoice_totals, matter_detail, staff
from casefile.web.access import requires
from casefile.web.helpers import current_actor, form_version, saved, today

bp = Blueprint("intake", __name__, url_prefix="/intake")


@bp.get("/")
@requires(Capability.REVIEW_INTAKE)
def index():
    waiting = queries.queue()
    return render_template(
        "intake/queue.html",
        matters=waiting,
        totals=invoice_totals([m.id for m in waiting]),
        checks=queries.review_flags(waiting),
    )


@bp.get("/<int:matter_id>")
@requires(Capability.REVIEW_INTAKE)
def review(matter_id: int, accept: AcceptForm | None = None, reject: RejectForm | None = None):
    matter = matter_detail(matter_id) or db.get_or_404(Matter, matter_id)
    return render_template(
        "intake/review.html",
        matter=matter,
        conflicts=queries.conflicts(matter),
        duplicates=queries.duplicates(matter),
        accept_form=accept or _choices(AcceptForm(formdata=None)),
        reject_form=reject or RejectForm(formdata=None),
        total_cents=sum(i.amount_cents for i in matter.invoices),
        details=db.session.get(PlacementDetails, matter.id),
        documents=matter_documents(matter.id),
    )


@bp.post("/<int:matter_id>/accept")
@requires(Capability.REVIEW_INTAKE)
def accept(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = _choices(AcceptForm())
    if form.validate_on_submit() and saved(
        form,
        lambda: services.accept_placement(
            matter,
            form.attorney_id.data,
            form.paralegal_id.data or None,
            form.note.data or "",
            current_actor(),
            today(),
            form_version(form),
        ),
    ):
        flash(f"{matter.reference} accepted and opened.", "success")
        return redirect(url_for("intake.index"))
    return review(matter.id, accept=form), 200


@bp.post("/<int:matter_id>/reject")
@requires(Capability.REVIEW_INTAKE)
def reject(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = RejectForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: services.reject_placement(
            matter, form.reason.data, current_actor(), today(), form_version(form)
        ),
    ):
        flash(f"{matter.reference} rejected; the client will see why.", "success")
        return redirect(url_for("intake.index"))
    return review(matter.id, reject=form), 200


def _choices(form: AcceptForm) -> AcceptForm:
    form.attorney_id.choices = [(0, "— choose —")] + [(u.id, u.name) for u in staff(Role.ATTORNEY)]
    form.paralegal_id.choices = [(0, "— none —")] + [(u.id, u.name) for u in staff(Role.PARALEGAL)]
    return form
