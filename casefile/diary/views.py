"""My diary and the actions on a task."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casefile.auth.models import User
from casefile.diary import queries, services
from casefile.diary.forms import CompleteForm, ReassignForm, SnoozeForm, TaskForm
from casefile.diary.models import Task
from casefile.domain.diary import Bucket, Priority
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.matters.queries import active_holds, staff
from casefile.types import utcnow
from casefile.web.access import requires
from casefile.web.fields import options
from casefile.web.helpers import current_actor, form_version, page_number, show_error, today

bp = Blueprint("diary", __name__, url_prefix="/diary")


BUCKET_PREVIEW = 25
BUCKET_PAGE = 100


@bp.route("/")
def mine():
    people = staff()
    owner = db.session.get(User, request.args.get("owner", type=int) or current_user.id)
    if owner is None or not owner.is_staff:
        abort(404)
    day = today()
    counts = queries.bucket_counts(owner.id, day)
    only = request.args.get("bucket")
    if only is not None and only not in Bucket.__members__.values():
        abort(404)
    shown = [Bucket(only)] if only else list(Bucket)
    size = BUCKET_PAGE if only else BUCKET_PREVIEW
    number = page_number() if only else 1
    buckets = {b: queries.bucket_page(owner.id, day, b, number, size, counts[b]) for b in shown}
    matter_ids = list({t.matter_id for page in buckets.values() for t in page.items if t.matter_id})
    return render_template(
        "diary/index.html",
        owner=owner,
        people=people,
        today=day,
        buckets=buckets,
        only=only,
        holds=active_holds(matter_ids),
        done=queries.recently_done(owner.id),
    )


@bp.route("/tasks/<int:task_id>")
@requires(Capability.WORK_MATTERS)
def task(task_id: int):
    found = db.get_or_404(Task, task_id)
    people = staff()
    reassign = ReassignForm(formdata=None, version=found.version, owner_id=found.owner_id)
    reassign.owner_id.choices = options([(u.id, u.name) for u in people])
    return render_template(
        "diary/task.html",
        task=found,
        complete_form=CompleteForm(formdata=None, version=found.version),
        snooze_form=SnoozeForm(formdata=None, version=found.version),
        reassign_form=reassign,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Capability.WORK_MATTERS)
def new():
    form = TaskForm()
    form.owner_id.choices = options([(u.id, u.name) for u in staff()])
    matter_id = request.values.get("matter_id", type=int)
    matter = db.session.get(Matter, matter_id) if matter_id else None
    if matter_id and matter is None:
        abort(404)
    if request.method == "GET":
        form.owner_id.data = current_user.id
        form.due_on.data = today()
    if form.validate_on_submit():
        try:
            services.create_task(
                current_actor(),
                form.owner_id.data,
                form.title.data,
                form.due_on.data,
                Priority(form.priority.data),
                matter=matter,
                notes=form.notes.data or "",
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash("Task added to the diary.", "success")
            if matter is not None:
                return redirect(url_for("matters.detail", matter_id=matter.id) + "#diary")
            return redirect(url_for("diary.mine"))
    return render_template("diary/new.html", form=form, matter=matter)


@bp.route("/tasks/<int:task_id>/complete", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def complete(task_id: int):
    task = db.get_or_404(Task, task_id)
    form = CompleteForm()
    if form.validate_on_submit():
        _run(
            lambda: services.complete_task(current_actor(), task, utcnow(), form_version(form)),
            f"Done: {task.title}",
        )
    return _back(task)


@bp.route("/tasks/<int:task_id>/reassign", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def reassign(task_id: int):
    task = db.get_or_404(Task, task_id)
    form = _reassign_form(staff())
    if form.validate_on_submit():
        _run(
            lambda: services.reassign_task(
                current_actor(), task, form.owner_id.data, form_version(form)
            ),
            "Task reassigned.",
        )
    else:
        flash("Choose who should do the task.", "error")
    return _back(task)


@bp.route("/tasks/<int:task_id>/snooze", methods=["POST"])
@requires(Capability.WORK_MATTERS)
def snooze(task_id: int):
    task = db.get_or_404(Task, task_id)
    form = SnoozeForm()
    if form.validate_on_submit():
        _run(
            lambda: services.snooze_task(
                current_actor(),
                task,
                form.until.data,
                form.reason.data,
                today(),
                form_version(form),
            ),
            "Task snoozed.",
        )
    else:
        flash("Give the new date and the reason for snoozing.", "error")
    return _back(task)


def _reassign_form(people) -> ReassignForm:
    form = ReassignForm() if request.method == "POST" else ReassignForm(formdata=None)
    form.owner_id.choices = options([(u.id, u.name) for u in people])
    return form


def _run(action, success: str) -> None:
    try:
        action()
    except CasefileError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")


def _back(task: Task):
    target = request.form.get("back", "")
    if target == "matter" and task.matter_id:
        return redirect(url_for("matters.detail", matter_id=task.matter_id) + "#diary")
    return redirect(url_for("diary.mine", owner=request.form.get("owner", type=int)))
