"""Staff pages for matters: the list, a matter's page, and the forms that change it."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casefile.auth.forms import PostForm
from casefile.compliance.forms import ReviewForm
from casefile.compliance.reviews import matter_reviews
from casefile.compliance.services import would_refuse
from casefile.correspondence.forms import CallForm, EmailForm, LetterForm, NoteForm, PaperForm
from casefile.correspondence.models import Channel
from casefile.correspondence.queries import matter_correspondence
from casefile.documents.queries import matter_documents
from casefile.documents.services import MAX_FILE_BYTES, Upload
from casefile.domain.compliance import Proposed
from casefile.domain.errors import CasefileError
from casefile.domain.parties import DebtType, HoldEnd, HoldKind, PartyRole
from casefile.domain.roles import Capability, Role
from casefile.domain.stages import Outcome, Stage, allowed_outcomes, allowed_targets
from casefile.extensions import db
from casefile.letters.queries import matter_letters
from casefile.matters import queries, services
from casefile.matters.forms import (
    HoldForm,
    InvoiceForm,
    LiftHoldForm,
    MatterDetailsForm,
    MatterFilterForm,
    NewMatterForm,
    PartyForm,
    ReopenForm,
    StageForm,
    invoice_rows,
    party_data,
    show_matter_form_error,
)
from casefile.matters.models import Hold, Matter, Party
from casefile.resolution.views import resolution_card
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.fields import options
from casefile.web.helpers import current_actor, form_version, page_number, show_error, today

bp = Blueprint("matters", __name__, url_prefix="/matters")


@bp.route("/")
def index():
    form = MatterFilterForm(request.args)
    _fill_people_choices(form, blank="Anyone", client_blank="All clients")
    form.validate()
    filters = queries.MatterFilter(
        q=(form.q.data or "")[:100],
        stage=Stage(form.stage.data) if form.stage.data else None,
        client_id=_valid(form.client),
        attorney_id=_valid(form.attorney),
        paralegal_id=_valid(form.paralegal),
        hold=form.hold.data if not form.hold.errors else "",
        sort=form.sort.data if not form.sort.errors else "placed",
        descending=form.direction.data != "asc",
    )
    page = queries.matter_page(filters, page_number(), current_app.config["PAGE_SIZE"])
    ids = [m.id for m in page.items]
    return render_template(
        "matters/index.html",
        form=form,
        page=page,
        holds=queries.active_holds(ids),
        totals=queries.invoice_totals(ids),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new():
    form = NewMatterForm()
    _fill_people_choices(form)
    if request.method == "GET":
        form.placed_on.data = today()
        form.client_id.data = request.args.get("client_id", type=int)
    if form.validate_on_submit():
        try:
            matter = services.create_matter(
                _matter_data(form),
                party_data(form.debtor.form, PartyRole.DEBTOR),
                invoice_rows(form),
                current_actor(),
                today(),
            )
        except CasefileError as error:
            show_matter_form_error(form, error)
        else:
            flash(f"Matter {matter.reference} opened.", "success")
            return redirect(url_for("matters.detail", matter_id=matter.id))
    return render_template("matters/new.html", form=form)


@bp.route("/<int:matter_id>")
def detail(matter_id: int):
    matter = queries.matter_detail(matter_id) or abort(404)
    stage_form = StageForm(formdata=None, version=matter.version)
    letters = matter_letters(matter.id)
    targets = allowed_targets(matter.stage)
    refused = would_refuse(
        matter,
        {
            t: Proposed(services.GUARDED_MOVES[t], utcnow())
            for t in targets
            if t in services.GUARDED_MOVES
        },
    )
    stage_form.target.choices = options([(s.value, s.label) for s in targets if s not in refused])
    stage_form.outcome.choices = options(
        [("", "—")] + [(o.value, o.label) for o in allowed_outcomes(matter.stage)]
    )
    return render_template(
        "matters/detail.html",
        matter=matter,
        stage_form=stage_form,
        reopen_form=ReopenForm(formdata=None, version=matter.version),
        lift_form=LiftHoldForm(formdata=None),
        post_form=PostForm(),
        refused_moves=refused,
        correspondence=matter_correspondence(
            matter.id,
            channel=request.args.get("channel", ""),
            direction=request.args.get("direction", ""),
        ),
        channels=list(Channel),
        reviews=matter_reviews(matter.id),
        review_form=ReviewForm(formdata=None),
        note_form=NoteForm(formdata=None),
        call_form=CallForm(formdata=None, direction="out"),
        letter_form=LetterForm(formdata=None, sent_on=today()),
        email_form=EmailForm(formdata=None),
        paper_form=PaperForm(formdata=None, received_on=today()),
        tasks=queries.matter_tasks(matter.id),
        audit=queries.matter_audit(matter.id) if current_user.can(Capability.VIEW_AUDIT) else [],
        total_cents=sum(i.amount_cents for i in matter.invoices),
        documents=matter_documents(matter.id),
        letters=letters,
        letter_by_item={letter.correspondence_id: letter for letter in letters},
        res=resolution_card(matter),
        Stage=Stage,
    )


@bp.route("/<int:matter_id>/edit", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def edit(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = MatterDetailsForm(obj=matter)
    _fill_people_choices(form)
    if form.validate_on_submit():
        try:
            services.update_matter(
                matter, _matter_data(form), form_version(form), current_actor(), today()
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash("Matter updated.", "success")
            return redirect(url_for("matters.detail", matter_id=matter.id))
    return render_template("matters/edit.html", form=form, matter=matter)


@bp.route("/<int:matter_id>/stage", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def change_stage(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = StageForm()
    form.target.choices = options([(s.value, s.label) for s in Stage])
    if not form.validate_on_submit():
        flash("Choose the new stage and give a reason.", "error")
        return redirect(url_for("matters.detail", matter_id=matter.id))
    try:
        services.move_stage(
            matter,
            Stage(form.target.data),
            form.reason.data,
            current_actor(),
            today(),
            outcome=Outcome(form.outcome.data) if form.outcome.data else None,
            expected_version=form_version(form),
        )
    except CasefileError as error:
        flash(error.message, "error")
    else:
        flash(f"{matter.reference} moved to {matter.stage.label}.", "success")
    return redirect(url_for("matters.detail", matter_id=matter.id))


@bp.route("/<int:matter_id>/reopen", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def reopen(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash("Give a reason for reopening the matter.", "error")
    else:
        try:
            services.reopen_matter(
                matter,
                form.reason.data,
                current_actor(),
                today(),
                expected_version=form_version(form),
            )
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash(f"{matter.reference} reopened to {matter.stage.label}.", "success")
    return redirect(url_for("matters.detail", matter_id=matter.id))


@bp.route("/<int:matter_id>/parties/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new_party(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = PartyForm()
    if form.validate_on_submit():
        try:
            services.add_party(
                matter, party_data(form.details.form, PartyRole(form.role.data)), current_actor()
            )
        except CasefileError as error:
            show_error(form.details.form, error)
        else:
            flash("Party added.", "success")
            return redirect(url_for("matters.detail", matter_id=matter.id) + "#parties")
    return render_template("matters/party.html", form=form, matter=matter)


@bp.route("/parties/<int:party_id>/edit", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def edit_party(party_id: int):
    party = db.get_or_404(Party, party_id)
    form = PartyForm()
    if request.method == "GET":
        form = PartyForm(data={"role": party.role.value, "details": _party_values(party)})
    if form.validate_on_submit():
        try:
            services.update_party(
                party, party_data(form.details.form, PartyRole(form.role.data)), current_actor()
            )
        except CasefileError as error:
            show_error(form.details.form, error)
        else:
            flash("Party updated.", "success")
            return redirect(url_for("matters.detail", matter_id=party.matter_id) + "#parties")
    return render_template("matters/party.html", form=form, matter=party.matter, party=party)


def _party_values(party: Party) -> dict:
    address = party.addresses[0] if party.addresses else None
    contact = {c.kind.value: c.value for c in reversed(party.contacts)}
    return {
        "kind": party.kind.value,
        "name": party.name,
        "aliases": party.aliases,
        "email": contact.get("email", ""),
        "phone": contact.get("phone", ""),
        **(
            {
                "line1": address.line1,
                "line2": address.line2,
                "city": address.city,
                "region": address.region,
                "postal_code": address.postal_code,
            }
            if address
            else {}
        ),
    }


@bp.route("/<int:matter_id>/invoices/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new_invoice(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = InvoiceForm()
    if form.validate_on_submit():
        try:
            services.add_invoice(
                matter,
                services.InvoiceData(
                    form.number.data,
                    form.issued_on.data,
                    form.due_on.data,
                    form.amount.cents,
                    form.currency.data,
                ),
                current_actor(),
                today(),
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash("Invoice added.", "success")
            return redirect(url_for("matters.detail", matter_id=matter.id) + "#invoices")
    return render_template("matters/invoice.html", form=form, matter=matter)


@bp.route("/<int:matter_id>/holds/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new_hold(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = HoldForm()
    form.party_id.choices = options(
        [("", "The whole matter")] + [(p.id, f"{p.name} ({p.role.label})") for p in matter.parties]
    )
    if request.method == "GET":
        form.since_on.data = today()
    if form.validate_on_submit():
        upload = form.evidence.data
        evidence = (
            Upload(upload.filename or "evidence", upload.read(MAX_FILE_BYTES + 1))
            if upload and upload.filename
            else None
        )
        try:
            services.place_hold(
                matter,
                HoldKind(form.kind.data),
                form.since_on.data or today(),
                form.details.data,
                current_actor(),
                today(),
                party_id=form.party_id.data,
                bankruptcy=form.bankruptcy_case(),
                evidence=evidence,
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash("Hold placed.", "success")
            return redirect(url_for("matters.detail", matter_id=matter.id) + "#holds")
    return render_template("matters/hold.html", form=form, matter=matter)


@bp.route("/holds/<int:hold_id>/lift", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def lift_hold(hold_id: int):
    hold = db.get_or_404(Hold, hold_id)
    form = LiftHoldForm()
    if not form.validate_on_submit():
        flash("Say why the hold is lifted.", "error")
    else:
        try:
            ends = HoldEnd(form.ends.data)
            services.lift_hold(hold, form.reason.data, current_actor(), utcnow(), ends)
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash("Hold lifted.", "success")
    return redirect(url_for("matters.detail", matter_id=hold.matter_id) + "#holds")


def _fill_people_choices(form, blank: str = "—", client_blank: str | None = None) -> None:
    clients = [(c.id, c.name) for c in queries.clients(active_only=client_blank is None)]
    attorneys = [(u.id, u.name) for u in queries.staff(Role.ATTORNEY)]
    paralegals = [(u.id, u.name) for u in queries.staff(Role.PARALEGAL)]
    for name, people, first in (
        ("client_id", clients, "Choose a client"),
        ("client", clients, client_blank),
        ("attorney_id", attorneys, blank),
        ("attorney", attorneys, blank),
        ("paralegal_id", paralegals, blank),
        ("paralegal", paralegals, blank),
    ):
        if hasattr(form, name):
            getattr(form, name).choices = options([("", first)] + people)


def _valid(field):
    return field.data if not field.errors else None


def _matter_data(form) -> services.MatterData:
    return services.MatterData(
        client_id=form.client_id.data,
        debt_type=DebtType(form.debt_type.data),
        jurisdiction=form.jurisdiction.data,
        placed_on=form.placed_on.data,
        attorney_id=form.attorney_id.data,
        paralegal_id=form.paralegal_id.data,
        client_reference=form.client_reference.data or "",
        summary=form.summary.data or "",
    )
