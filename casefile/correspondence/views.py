"""Recording notes, calls, letters, e-mails and papers from the matter page.

Each form posts here and returns to the matter page, so every answer (done, a form error, or a
refusal from the service or the compliance guard) is flashed rather than shown on the form."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, url_for

from casefile.correspondence import services
from casefile.correspondence.forms import CallForm, EmailForm, LetterForm, NoteForm, PaperForm
from casefile.correspondence.models import CallOutcome
from casefile.documents.services import MAX_FILE_BYTES, Upload
from casefile.documents.store import document_store
from casefile.domain.compliance import LetterKind
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.helpers import current_actor

bp = Blueprint("correspondence", __name__, url_prefix="/matters")


@bp.post("/<int:matter_id>/notes")
@requires(Capability.WORK_MATTERS)
def add_note(matter_id: int):
    matter, form = db.get_or_404(Matter, matter_id), NoteForm()
    if _valid(form):
        _record(
            lambda: services.log_note(
                matter, form.body.data, form.client_visible.data, current_actor(), utcnow()
            ),
            "Note added.",
        )
    return _back(matter)


@bp.post("/<int:matter_id>/calls")
@requires(Capability.WORK_MATTERS)
def log_call(matter_id: int):
    matter, form = db.get_or_404(Matter, matter_id), CallForm()
    if _valid(form):
        data = services.CallData(
            at=_firm_time(form.at.data),
            direction=form.direction.data,
            phone=form.phone.data or "",
            outcome=CallOutcome(form.outcome.data),
            notes=form.notes.data or "",
            duration_seconds=(form.duration_minutes.data or 0) * 60 or None,
            promise_on=form.promise_on.data,
            promise_cents=form.promise_amount.cents,
        )
        _record(lambda: services.log_call(matter, data, current_actor(), utcnow()), "Call logged.")
    return _back(matter)


@bp.post("/<int:matter_id>/letters")
@requires(Capability.WORK_MATTERS)
def log_letter(matter_id: int):
    matter, form = db.get_or_404(Matter, matter_id), LetterForm()
    if _valid(form):
        _record(
            lambda: services.log_letter(
                matter,
                LetterKind(form.kind.data),
                _on_the_day(form.sent_on.data),
                form.subject.data,
                form.notes.data or "",
                current_actor(),
                utcnow(),
            ),
            "Letter recorded.",
        )
    return _back(matter)


@bp.post("/<int:matter_id>/emails")
@requires(Capability.WORK_MATTERS)
def log_email(matter_id: int):
    matter, form = db.get_or_404(Matter, matter_id), EmailForm()
    if _valid(form):
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
            flash("Attach the .eml file, or paste the e-mail with its date and text.", "error")
            return _back(matter)
        _record(
            lambda: services.log_email(
                matter, data, form.direction.data, current_actor(), utcnow(), document_store()
            ),
            "E-mail recorded.",
        )
    return _back(matter)


@bp.post("/<int:matter_id>/papers")
@requires(Capability.WORK_MATTERS)
def log_paper(matter_id: int):
    matter, form = db.get_or_404(Matter, matter_id), PaperForm()
    if _valid(form):
        upload = Upload(form.file.data.filename or "paper", form.file.data.read(MAX_FILE_BYTES + 1))
        _record(
            lambda: services.log_paper(
                matter,
                upload,
                _on_the_day(form.received_on.data),
                form.description.data,
                current_actor(),
                utcnow(),
                document_store(),
            ),
            "Paper recorded.",
        )
    return _back(matter)


def _valid(form) -> bool:
    """Validate the form; flash each field's error when it does not pass."""
    if form.validate_on_submit():
        return True
    for field in form:
        for error in field.errors:
            if isinstance(error, str):
                flash(f"{field.label.text}: {error}", "error")
    return False


def _record(action: Callable[[], object], done: str) -> None:
    try:
        action()
    except CasefileError as error:
        flash(error.message, "error")
    else:
        flash(done, "success")


def _firm_time(local: datetime) -> datetime:
    """A time typed on a form, in the firm's zone, as aware UTC."""
    zone = ZoneInfo(current_app.config["FIRM_TIME_ZONE"])
    return local.replace(tzinfo=zone).astimezone(UTC)


def _on_the_day(day: date) -> datetime:
    """A date given on a form as a moment: midday in the firm's zone, or now if that is later
    than now (a letter sent this morning)."""
    return min(_firm_time(datetime.combine(day, time(12, 0))), utcnow())


def _back(matter: Matter):
    return redirect(url_for("matters.detail", matter_id=matter.id) + "#correspondence")
