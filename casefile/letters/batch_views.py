"""Letter batches (the next letter on the ladder for many matters, zipped, with progress) and
each client's escalation ladder. Routes of the letters blueprint."""

import json

from flask import abort, flash, redirect, render_template, request, url_for

from casefile.clients.models import Client
from casefile.documents.store import document_store
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters import batch as letter_batch
from casefile.letters import escalation, library
from casefile.letters.forms import BatchForm, LadderForm
from casefile.letters.models import LetterBatch
from casefile.letters.views import bp
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.downloads import attachment
from casefile.web.fields import options
from casefile.web.helpers import current_actor, show_error, today


@bp.route("/batch", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def batch():
    """Matters due for their next letter on the ladder; generate it for those chosen."""
    stage = (
        Stage(request.args.get("stage", "demand"))
        if request.args.get("stage", "demand") in Stage._value2member_map_
        else Stage.DEMAND
    )
    found = letter_batch.candidates(stage, today())
    form = BatchForm()
    form.matter_ids.choices = [(c.matter.id, c.matter.reference) for c in found if c.next.due]
    if request.method == "GET":
        form.matter_ids.data = [c.matter.id for c in found if c.next.due]
    if form.validate_on_submit():
        try:
            run = letter_batch.start_batch(form.matter_ids.data, current_actor())
        except CasefileError as error:
            show_error(form, error)
        else:
            letter_batch.launch(run, form.matter_ids.data, current_actor(), utcnow())
            return redirect(url_for("letters.batch_run", batch_id=run.id))
    return render_template(
        "letters/batch.html", form=form, found=found, stage=stage, stages=list(Stage)
    )


@bp.get("/batch/<int:batch_id>")
def batch_run(batch_id: int):
    run = db.get_or_404(LetterBatch, batch_id)
    report = json.loads(run.report) if run.report else {"produced": [], "refused": []}
    page = render_template("letters/batch_run.html", run=run, report=report)
    # Until it finishes, the browser reloads the page every two seconds to show progress.
    return page if run.finished_at else (page, 200, {"Refresh": "2"})


@bp.get("/batch/<int:batch_id>/zip")
def batch_zip(batch_id: int):
    run = db.get_or_404(LetterBatch, batch_id)
    if not run.zip_sha256:
        abort(409, description="The batch is still running.")
    data = document_store().read(run.zip_sha256)
    return attachment(data, "application/zip", f"letters-batch-{run.id}.zip")


@bp.route("/ladders/<int:client_id>", methods=["GET", "POST"])
@requires(Capability.MANAGE_CLIENTS)
def ladder(client_id: int):
    """The client's escalation ladder: which letters, how many days apart."""
    client = db.get_or_404(Client, client_id)
    library.sync_catalog(document_store())
    form = LadderForm()
    choices = [("", "—")] + [
        (t.key, t.title) for t in library.all_templates() if t.addressed_to == "debtor"
    ]
    for entry in form.letters:
        entry.choices = options(choices)
    if request.method == "GET":
        steps = escalation.ladder_for(client.id)
        for n, step in enumerate(steps[: len(form.letters)]):
            form.letters[n].data, form.waits[n].data = step.template.key, step.wait_days
    if form.validate_on_submit():
        steps = [
            (letter.data, wait.data or 0)
            for letter, wait in zip(form.letters, form.waits, strict=True)
            if letter.data
        ]
        try:
            escalation.set_ladder(client.id, steps, current_actor())
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash(f"Escalation ladder for {client.name} saved.", "success")
            return redirect(url_for("letters.ladder", client_id=client.id))
    return render_template(
        "letters/ladder.html",
        client=client,
        form=form,
        own=escalation.has_own_ladder(client.id),
    )
