"""Letters: generate from the matter page (with a preview), review, send, download; the
approval queue; the template list and the field reference."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from casefile.auth.views import recent_auth_required
from casefile.compliance.reviews import Checklist
from casefile.documents.services import Upload
from casefile.documents.store import document_store
from casefile.documents.views import send_document
from casefile.domain.errors import CasefileError
from casefile.domain.money import to_decimal
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.letters import library, queries, services, uploads
from casefile.letters.checks import MAX_TEMPLATE_BYTES
from casefile.letters.context import Terms, reference_context
from casefile.letters.fields import reference_rows
from casefile.letters.forms import (
    GenerateForm,
    NewTemplateForm,
    ReturnForm,
    SentForm,
    VersionForm,
)
from casefile.letters.models import (
    Letter,
    LetterStatus,
    LetterTemplate,
    SendMethod,
)
from casefile.letters.pdf import pdf_available, to_pdf
from casefile.letters.rendering import DOCX_MIMETYPE
from casefile.matters.models import Matter
from casefile.resolution.models import Agreement, AgreementStatus
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.downloads import attachment
from casefile.web.fields import options
from casefile.web.helpers import current_actor, show_error, today

bp = Blueprint("letters", __name__, url_prefix="/letters")


def template_choices(matter: Matter) -> tuple[list, dict]:
    """The templates for the matter's stage and debt type, and the refused ones with why."""
    library.sync_catalog(document_store())
    usable, refused = [], {}
    for template in library.all_templates():
        if library.applies(template, matter):
            continue
        reason = services.refusal(matter, template, utcnow())
        if reason:
            refused[template.title] = reason
        else:
            usable.append((str(template.id), template.title))
    return usable, refused


@bp.route("/matters/<int:matter_id>/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = GenerateForm()
    usable, refused = template_choices(matter)
    form.template.choices = options(usable)
    if request.method == "GET" and request.args.get("template"):
        form.template.data = request.args["template"]
    if request.method == "GET":
        _terms_of_current_agreement(form, matter.id)
    preview = None
    if form.validate_on_submit():
        template = db.get_or_404(LetterTemplate, int(form.template.data))
        terms = _terms(form)
        try:
            if request.form.get("action") == "generate":
                letter = services.generate_letter(
                    matter, template, current_actor(), utcnow(), document_store(), terms
                )
                flash(_generated_message(letter), "success")
                return redirect(url_for("letters.show", letter_id=letter.id))
            preview = services.preview_letter(
                matter, template, current_actor(), utcnow(), document_store(), terms
            ).text
        except CasefileError as error:
            show_error(form, error)
    selected = _selected(form)
    return render_template(
        "letters/new.html",
        matter=matter,
        form=form,
        refused=refused,
        preview=preview,
        selected=selected,
    )


def _selected(form) -> LetterTemplate | None:
    try:
        return db.session.get(LetterTemplate, int(form.template.data or 0))
    except (TypeError, ValueError):
        return None


def _terms_of_current_agreement(form, matter_id: int) -> None:
    """Fill the terms from the settlement or plan on file, so an agreement or a default notice
    states exactly what was agreed (the user can still change them before generating)."""
    agreement = db.session.scalar(
        select(Agreement)
        .where(
            Agreement.matter_id == matter_id,
            Agreement.status.in_((AgreementStatus.ACTIVE, AgreementStatus.DEFAULTED)),
        )
        .order_by(Agreement.id.desc())
        .limit(1)
    )
    if agreement is None:
        return
    installments = agreement.installments
    regular = [i for i in installments if i.number >= 1]
    form.amount.data = f"{to_decimal(agreement.settled_cents):.2f}"
    form.down_payment.data = f"{to_decimal(agreement.down_payment_cents):.2f}"
    form.count.data = len(regular) or None
    form.frequency.data = agreement.frequency.value
    form.on.data = installments[0].due_on if installments else agreement.agreed_on


def _terms(form) -> Terms:
    return Terms(
        amount_cents=form.amount.cents,
        on=form.on.data,
        down_payment_cents=form.down_payment.cents or 0,
        count=form.count.data,
        frequency=form.frequency.data or "monthly",
    )


def _generated_message(letter: Letter) -> str:
    if letter.status is LetterStatus.AWAITING_APPROVAL:
        return f"{letter.template.title} generated; it waits for an attorney's approval."
    return f"{letter.template.title} generated."


@bp.get("/<int:letter_id>")
def show(letter_id: int):
    letter = db.get_or_404(Letter, letter_id)
    return render_template(
        "letters/show.html",
        letter=letter,
        return_form=ReturnForm(formdata=None),
        sent_form=SentForm(formdata=None, sent_on=today(), method=SendMethod.MAIL.value),
        LetterStatus=LetterStatus,
        pdf=pdf_available(),
    )


@bp.get("/<int:letter_id>/download")
def download(letter_id: int):
    """The DOCX. A draft is named as such; only an approved letter downloads as final."""
    letter = db.get_or_404(Letter, letter_id)
    draft = letter.status in (LetterStatus.AWAITING_APPROVAL, LetterStatus.RETURNED)
    name = letter.document.filename
    return send_document(letter.document, f"DRAFT {name}" if draft else name)


@bp.post("/<int:letter_id>/approve")
@requires(Capability.APPROVE_LETTERS)
def approve(letter_id: int):
    letter = db.get_or_404(Letter, letter_id)
    try:
        checklist = Checklist(
            documentation_reviewed=bool(request.form.get("documentation_reviewed")),
            balance_verified=bool(request.form.get("balance_verified")),
            limitation_checked=bool(request.form.get("limitation_checked")),
        )
        services.approve_letter(letter, checklist, current_actor(), utcnow())
        flash(f"{letter.template.title} approved: it may now be sent.", "success")
    except CasefileError as error:
        flash(error.message, "error")
    return redirect(url_for("letters.show", letter_id=letter.id))


@bp.post("/<int:letter_id>/return")
@requires(Capability.APPROVE_LETTERS)
def send_back(letter_id: int):
    letter, form = db.get_or_404(Letter, letter_id), ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_letter(letter, form.comment.data, current_actor(), utcnow())
            flash(f"{letter.template.title} returned with your comment.", "success")
        except CasefileError as error:
            flash(error.message, "error")
    else:
        flash("Say what needs to change.", "error")
    return redirect(url_for("letters.show", letter_id=letter.id))


@bp.post("/<int:letter_id>/sent")
@requires(Capability.WORK_MATTERS)
def mark_sent(letter_id: int):
    letter, form = db.get_or_404(Letter, letter_id), SentForm()
    if form.validate_on_submit():
        sending = services.Sending(
            form.sent_on.data, SendMethod(form.method.data), form.tracking_number.data or ""
        )
        try:
            services.mark_sent(letter, sending, current_actor(), today())
            flash(
                f"{letter.template.title} marked sent; response due "
                f"{letter.response_due_on.isoformat() if letter.response_due_on else '—'}.",
                "success",
            )
        except CasefileError as error:
            flash(error.message, "error")
    else:
        flash("Enter the date the letter was sent.", "error")
    return redirect(url_for("letters.show", letter_id=letter.id))


@bp.get("/queue")
def queue():
    return render_template(
        "letters/queue.html",
        letters=queries.approval_queue(),
        can_approve=current_user.can(Capability.APPROVE_LETTERS),
    )


@bp.get("/templates")
def templates():
    library.sync_catalog(document_store())
    return render_template(
        "letters/templates.html",
        templates=library.all_templates(),
        current=library.current_version,
    )


@bp.get("/fields")
def fields():
    """Every field a template may use, from the builder itself, with a real matter's value."""
    matter = queries.reference_matter()
    context = reference_context(matter, today()) if matter is not None else {}
    rows = reference_rows(context)
    return render_template("letters/fields.html", rows=rows, matter=matter)


@bp.get("/templates/<int:template_id>")
def template(template_id: int):
    row = db.get_or_404(LetterTemplate, template_id)
    return render_template("letters/template.html", template=row, form=VersionForm(formdata=None))


@bp.get("/templates/<int:template_id>/file")
def template_file(template_id: int):
    """The current version's .docx, to edit in Word and upload as the next version."""
    row = db.get_or_404(LetterTemplate, template_id)
    version = library.current_version(row) or abort(404)
    data = library.version_bytes(version, document_store())
    return attachment(data, DOCX_MIMETYPE, f"{row.key} v{version.number}.docx")


@bp.post("/templates/<int:template_id>/versions")
@requires(Capability.MANAGE_TEMPLATES)
@recent_auth_required
def add_version(template_id: int):
    row, form = db.get_or_404(LetterTemplate, template_id), VersionForm()
    if form.validate_on_submit():
        upload = _upload(form.file.data)
        try:
            version = uploads.add_version(
                row, upload, form.note.data or "", current_actor(), utcnow(), document_store()
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"{row.title}: version {version.number} added.", "success")
            if version.note:
                flash(version.note, "info")
            return redirect(url_for("letters.template", template_id=row.id))
    return render_template("letters/template.html", template=row, form=form), 422


@bp.route("/templates/new", methods=["GET", "POST"])
@requires(Capability.MANAGE_TEMPLATES)
@recent_auth_required
def new_template():
    form = NewTemplateForm()
    if request.method == "GET":
        form.pay_within_business_days.data, form.response_days.data = 10, 14
    if form.validate_on_submit():
        meta = uploads.TemplateMeta(
            key=form.key.data.strip(),
            title=form.title.data,
            purpose=form.purpose.data or "",
            stages=tuple(form.stages.data),
            debt_types=tuple(form.debt_types.data),
            letter_kind=form.letter_kind.data,
            addressed_to=form.addressed_to.data,
            needs_approval=form.needs_approval.data,
            pay_within_business_days=form.pay_within_business_days.data,
            response_days=form.response_days.data,
            terms=form.terms.data or "",
        )
        try:
            row = uploads.create_template(
                meta,
                _upload(form.file.data),
                form.note.data or "",
                current_actor(),
                utcnow(),
                document_store(),
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"Template {row.title} added.", "success")
            return redirect(url_for("letters.template", template_id=row.id))
    return render_template("letters/new_template.html", form=form)


def _upload(storage) -> Upload:
    """The uploaded file, read up to one byte past the limit (the check refuses it whole)."""
    data = storage.read(MAX_TEMPLATE_BYTES + 1)
    return Upload(storage.filename or "template.docx", data)


@bp.get("/<int:letter_id>/pdf")
def pdf(letter_id: int):
    """A PDF copy of a final letter, when LibreOffice is installed."""
    letter = db.get_or_404(Letter, letter_id)
    if not pdf_available() or letter.status not in (LetterStatus.READY, LetterStatus.SENT):
        flash("A PDF copy needs LibreOffice on the server and a final letter.", "error")
        return redirect(url_for("letters.show", letter_id=letter.id))
    try:
        body = to_pdf(document_store().read(letter.document.sha256))
    except CasefileError as error:
        flash(error.message, "error")
        return redirect(url_for("letters.show", letter_id=letter.id))
    return attachment(body, "application/pdf", letter.document.filename[:-5] + ".pdf")


from casefile.letters import batch_views  # noqa: E402, F401  (its routes join this blueprint)
