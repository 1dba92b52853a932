"""Pages for the firm's administrators: users, clients and the audit trail."""

from decimal import Decimal

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casefile.admin.forms import ClientForm, NewUserForm, ResetPasswordForm, UserForm
from casefile.audit.models import AuditEvent
from casefile.audit.services import verify_chain
from casefile.auth import services as auth_services
from casefile.auth.models import User
from casefile.auth.views import recent_auth_required
from casefile.clients import services as client_services
from casefile.clients.models import Client
from casefile.domain.errors import CasefileError
from casefile.domain.paging import Page
from casefile.domain.roles import Capability, Role
from casefile.extensions import db
from casefile.matters.queries import clients as client_list
from casefile.web.access import requires
from casefile.web.fields import options
from casefile.web.helpers import current_actor, form_version, page_number, show_error

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Capability.MANAGE_USERS)
def users():
    people = db.session.scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Capability.MANAGE_USERS)
@recent_auth_required
def new_user():
    form = NewUserForm()
    _client_choices(form)
    if form.validate_on_submit():
        try:
            user = auth_services.create_user(
                _user_data(form), form.password.data, current_actor(), _hash_method()
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"Account created for {user.email}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires(Capability.MANAGE_USERS)
@recent_auth_required
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    _client_choices(form)
    reset = ResetPasswordForm(formdata=None)
    if form.validate_on_submit():
        try:
            auth_services.update_user(user, _user_data(form), current_actor())
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"{user.email} updated.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, reset=reset)


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@requires(Capability.MANAGE_USERS)
@recent_auth_required
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            auth_services.reset_password(user, form.password.data, current_actor(), _hash_method())
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash(f"Password reset for {user.email}; their sessions have ended.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/clients")
@requires(Capability.MANAGE_CLIENTS)
def clients():
    return render_template("admin/clients.html", clients=client_list(active_only=False))


@bp.route("/clients/new", methods=["GET", "POST"])
@requires(Capability.MANAGE_CLIENTS)
def new_client():
    form = ClientForm()
    if form.validate_on_submit():
        try:
            client = client_services.create_client(_client_data(form), current_actor())
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"Client {client.name} added.", "success")
            return redirect(url_for("admin.clients"))
    return render_template("admin/client_form.html", form=form, client=None)


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@requires(Capability.MANAGE_CLIENTS)
def edit_client(client_id: int):
    client = db.get_or_404(Client, client_id)
    form = ClientForm(obj=client)
    if request.method == "GET":
        form.fee_percent.data = Decimal(client.fee_basis_points) / 100
        form.floor_percent.data = Decimal(client.settlement_floor_basis_points) / 100
    if form.validate_on_submit():
        try:
            client_services.update_client(
                client, _client_data(form), form_version(form), current_actor()
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            flash(f"Client {client.name} updated.", "success")
            return redirect(url_for("admin.clients"))
    return render_template("admin/client_form.html", form=form, client=client)


@bp.route("/audit")
@requires(Capability.VIEW_AUDIT)
def audit():
    size, number = 100, page_number()
    total = db.session.scalar(select(db.func.count(AuditEvent.id)))
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(size).offset((number - 1) * size)
    ).all()
    chain = verify_chain() if request.args.get("verify") else None
    return render_template("admin/audit.html", page=Page(events, number, size, total), chain=chain)


def _client_choices(form) -> None:
    form.client_id.choices = options([("", "— staff —")] + [(c.id, c.name) for c in client_list()])


def _user_data(form) -> auth_services.UserData:
    return auth_services.UserData(
        email=form.email.data,
        name=form.name.data,
        role=Role(form.role.data),
        client_id=form.client_id.data,
        active=form.active.data,
    )


def _client_data(form) -> client_services.ClientData:
    return client_services.ClientData(
        name=form.name.data,
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        phone=form.phone.data or "",
        address=form.address.data or "",
        fee_basis_points=int(form.fee_percent.data * 100),
        reimburse_costs=form.reimburse_costs.data,
        active=form.active.data,
        # Left blank: 100 %, no discount without asking the client.
        settlement_floor_basis_points=int(form.floor_percent.data * 100)
        if form.floor_percent.data is not None
        else 10000,
    )


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]
