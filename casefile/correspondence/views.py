"""Recording notes, calls and letters from the matter page."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, url_for

from casefile.correspondence import services
from casefile.correspondence.forms import CallForm, EmailForm, LetterForm, NoteForm, PaperForm
from casefile.correspondence.models import CallOutcome
from casefile.documents.services import MAX_FILE_BYTES, Upload
from casefile.documents.store import document_store
from casefile.domain.compliance import LetterKind
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.helpers import current_actor, saved

bp = Blueprint("correspondence", __name__, url_prefix="/matters")


@bp.post("/<int:matter_id>/notes")
@requires(Capability.WORK_MATTERS)
def add_note(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = NoteForm()
    if form.validate_on_submit() and saved(
        form,
        lambda: services.log_note(
            matter, form.body.data, form.client_visible.data, current_actor(), utcnow()
        ),
    ):
        flash("Note added.", "success")
    else:
        _flash_errors(form)
    return _back(matter)


@bp.post("/<int:matter_id>/calls")
@requires(Capability.WORK_MATTERS)
def log_call(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = CallForm()
    if form.validate_on_submit():
        data = services.CallData(
            at=_firm_time(form.at.data),
            direction=form.direction.data,
            phone=form.phone.data or "",
            outcome=CallOutcome(form.outcome.data),
            notes=form.notes.data or "",
            duration_seconds=form.duration_minutes.data * 60
            if form.duration_minutes.data
            else None,
            promise_on=form.promise_on.data,
            promise_cents=form.promise_amount.cents,
        )
        if saved(form, lambda: services.log_call(matter, data, current_actor(), utcnow())):
            flash("Call logged.", "success")
    else:
        _flash_errors(form)
    return _back(matter)


@bp.post("/<int:matter_id>/letters")
@requires(Capability.WORK_MATTERS)
def log_letter(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = LetterForm()
    if form.validate_on_submit():
        sent_at = _firm_time(datetime.combine(form.sent_on.data, time(12, 0)))
        if saved(
            form,
            lambda: services.log_letter(
                matter,
                LetterKind(form.kind.data),
                min(sent_at, utcnow()),
                form.subject.data,
                form.notes.data or "",
                current_actor(),
                utcnow(),
            ),
        ):
            flash("Letter recorded.", "success")
    else:
        _flash_errors(form)
    return _back(matter)


@bp.post("/<int:matter_id>/emails")
@requires(Capability.WORK_MATTERS)
def log_email(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = EmailForm()
    if form.validate_on_submit():
        upload = form.eml.data
        if upload and upload.filename:
            data = services.parse_eml(upload.read(MAX_FILE_BYTES + 1), utcnow())
        elif form.body.data and form.sent_at.data:
            data = services.EmailData(
                sent_at=_firm_time(form.sent_at.data),
                sender=form.sender.data or "",
                recipients=form.recipients.data or "",
                subject=form.subject.data or "",
                body=form.body.data,
            )
        else:
            data = None
            flash("Attach the .eml file, or paste the e-mail with its date and text.", "error")
        if data is not None and saved(
            form,
            lambda: services.log_email(
                matter, data, form.direction.data, current_actor(), utcnow(), document_store()
            ),
        ):
            flash("E-mail recorded.", "success")
    else:
        _flash_errors(form)
    return _back(matter)


@bp.post("/<int:matter_id>/papers")
@requires(Capability.WORK_MATTERS)
def log_paper(matter_id: int):
    matter = db.get_or_404(Matter, matter_id)
    form = PaperForm()
    if form.validate_on_submit():
        upload = Upload(form.file.data.filename or "paper", form.file.data.read(MAX_FILE_BYTES + 1))
        received = _firm_time(datetime.combine(form.received_on.data, time(12, 0)))
        if saved(
            form,
            lambda: services.log_paper(
                matter,
                upload,
                min(received, utcnow()),
                form.description.data,
                current_actor(),
                utcnow(),
                document_store(),
            ),
        ):
            flash("Paper recorded.", "success")
    else:
        _flash_errors(form)
    return _back(matter)


def _firm_time(local: datetime) -> datetime:
    """A time typed on a form, in the firm's zone, as aware UTC."""
    zone = ZoneInfo(current_app.config["FIRM_TIME_ZONE"])
    return local.replace(tzinfo=zone).astimezone(UTC)


def _flash_errors(form) -> None:
    for field in form:
        for error in field.errors:
            if isinstance(error, str):
                flash(f"{field.label.text}: {error}", "error")


def _back(matter: Matter):
    return redirect(url_for("matters.detail", matter_id=matter.id) + "#correspondence")
