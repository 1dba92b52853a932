"""Small helpers the views share: the acting user, today, form errors, pagination."""

from datetime import date

from flask import current_app, flash, request
from flask_login import current_user

from casefile.audit.services import Actor
from casefile.auth.services import LoginPolicy
from casefile.domain.errors import CasefileError, StaleEditError
from casefile.types import utcnow


def current_actor() -> Actor:
    """The signed-in user (or an anonymous visitor) and their address, for services and audit."""
    user = current_user if current_user and current_user.is_authenticated else None
    user = user._get_current_object() if user is not None else None
    return Actor(user=user, address=(request.remote_addr or "")[:64], label="anonymous")


def today() -> date:
    """The firm's business date (UTC for now; a firm time zone setting can refine it)."""
    return utcnow().date()


def login_policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(
        hash_method=config["PASSWORD_HASH_METHOD"],
        window=config["LOGIN_WINDOW"],
        max_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
    )


def show_error(form, error: CasefileError) -> None:
    """Put a service's refusal next to its field, or flash it when no field matches."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and not isinstance(error, StaleEditError):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


def saved(form, action) -> bool:
    """Run a service call; on a refusal show its message on the form and answer False."""
    try:
        action()
    except CasefileError as error:
        show_error(form, error)
        return False
    return True


def date_arg(name: str, default: date) -> date:
    """The query argument `name` as a date (YYYY-MM-DD), or `default` when absent or invalid."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default


def page_number() -> int:
    """The `page` query argument, at least 1."""
    return max(1, request.args.get("page", 1, type=int) or 1)


def form_version(form) -> int | None:
    """The record version a form was opened on (its hidden `version` field), if it is a number."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None
