"""Sign in, sign out, change password, confirm password before a sensitive action."""

import time
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from casefile.auth import services
from casefile.auth.forms import ConfirmPasswordForm, LoginForm, PasswordChangeForm, PostForm
from casefile.auth.models import User
from casefile.domain.errors import CasefileError
from casefile.extensions import db
from casefile.types import utcnow
from casefile.web.access import any_user, public
from casefile.web.helpers import current_actor, login_policy, show_error
from casefile.web.security import start_session

bp = Blueprint("auth", __name__)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version, so old sessions find no user."""
    try:
        raw_id, raw_version = user_id.split(":")
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or not user.active or str(user.session_version) != raw_version:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, current_actor(), login_policy(), utcnow()
            )
        except CasefileError as error:
            flash(error.message, "error")
            return render_template("auth/login.html", form=form), 200
        session.clear()  # a new session for the new identity, never the visitor's old one
        login_user(user, remember=form.remember.data)
        start_session(remember=form.remember.data)
        return redirect(_safe_next(request.args.get("next")) or _home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@any_user
def logout():
    if PostForm().validate_on_submit():
        services.end_sessions(current_user._get_current_object(), current_actor())
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@any_user
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user._get_current_object(),
                form.current_password.data,
                form.new_password.data,
                current_actor(),
                current_app.config["PASSWORD_HASH_METHOD"],
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            # Every session ended, this one included: sign in again with the new password.
            logout_user()
            session.clear()
            flash("Password changed. Sign in with your new password.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/confirm", methods=["GET", "POST"])
@any_user
def confirm():
    form = ConfirmPasswordForm()
    target = _safe_next(request.args.get("next")) or _home_for(current_user)
    if form.validate_on_submit():
        try:
            services.confirm_password(
                current_user._get_current_object(),
                form.password.data,
                current_actor(),
                current_app.config["PASSWORD_HASH_METHOD"],
            )
        except CasefileError as error:
            show_error(form, error)
        else:
            session["reauth_at"] = int(time.time())
            return redirect(target)
    return render_template("auth/confirm.html", form=form)


def recent_auth_required(view):
    """Ask for the password again when the last one was entered too long ago."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        window = current_app.config["REAUTH_WINDOW"].total_seconds()
        if time.time() - session.get("reauth_at", 0) > window:
            flash("Confirm your password to continue.", "info")
            # After confirming, a form sent by POST is shown again (its page), not re-sent.
            back = request.path if request.method == "GET" else _referrer_path()
            return redirect(url_for("auth.confirm", next=back))
        return view(*args, **kwargs)

    return wrapper


def _referrer_path() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "") or None


def _home_for(user) -> str:
    return url_for("portal.index") if not user.is_staff else url_for("diary.mine")


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths, so the login page cannot redirect to another site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
