"""Logging in and out, throttling, passwords, and managing user accounts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from casefile.audit.services import Actor, diff, record
from casefile.auth.models import LoginAttempt, User
from casefile.auth.passwords import hash_password, password_problem, verify_password
from casefile.auth.permissions import require
from casefile.clients.models import Client
from casefile.database import transaction
from casefile.domain.errors import CasefileError
from casefile.domain.roles import Capability, Role
from casefile.extensions import db

INVALID_LOGIN = "Invalid e-mail or password."


class LoginRefused(CasefileError):
    """The same message for an unknown user and a wrong password; a lock says when to retry."""


@dataclass(frozen=True)
class LoginPolicy:
    hash_method: str
    window: timedelta
    max_per_account: int
    max_per_address: int


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(
    email: str, password: str, actor: Actor, policy: LoginPolicy, now: datetime
) -> User:
    """The user these credentials belong to, or `LoginRefused`; every try is counted."""
    username = normalise_email(email)[:254]
    with transaction():
        wait = _lockout_remaining(username, actor.address, policy, now)
        if wait is not None:
            # Audited, but not counted as a failure: retrying while locked must not extend it.
            record(
                actor,
                "login.locked",
                "user",
                username,
                result="denied",
                at=now,
                summary="login refused while throttled",
            )
            minutes = max(1, -(-int(wait.total_seconds()) // 60))
            locked = LoginRefused(
                f"Too many failed sign-in attempts. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}."
            )
        else:
            locked = None
    if locked:
        raise locked

    user = db.session.scalar(select(User).where(User.email == username))
    ok = verify_password(user.password_hash if user else None, password, policy.hash_method)
    ok = ok and user is not None and user.active
    with transaction():
        db.session.add(LoginAttempt(username=username, address=actor.address, at=now, succeeded=ok))
        if ok:
            user.last_login_at = now
            record(Actor(user, actor.address), "login.succeeded", "user", user.id, at=now)
        else:
            record(actor, "login.failed", "user", username, result="denied", at=now)
    if not ok:
        raise LoginRefused(INVALID_LOGIN)
    return user


def _lockout_remaining(
    username: str, address: str, policy: LoginPolicy, now: datetime
) -> timedelta | None:
    """How long this account name or address stays locked, or None if it may try now."""
    since = now - policy.window
    last_success = db.session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.succeeded.is_(True)
        )
    )
    account_since = max(since, last_success) if last_success else since
    waits = [
        _wait(
            LoginAttempt.username == username,
            account_since,
            policy.max_per_account,
            policy.window,
            now,
        ),
        _wait(LoginAttempt.address == address, since, policy.max_per_address, policy.window, now),
    ]
    waits = [w for w in waits if w is not None]
    return max(waits) if waits else None


def _wait(condition, since, limit, window, now) -> timedelta | None:
    """If `limit` failures matching `condition` happened after `since`, the time until the oldest
    of the most recent `limit` of them leaves the window."""
    recent = db.session.scalars(
        select(LoginAttempt.at)
        .where(condition, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    return recent[-1] + window - now


def end_sessions(user: User, actor: Actor, action: str = "logout") -> None:
    """End every session of `user`, including copies of its cookie, by bumping its version."""
    with transaction():
        user.session_version += 1
        record(actor, f"user.{action}", "user", user.id)


def change_password(user: User, current: str, new: str, actor: Actor, hash_method: str) -> None:
    """Set a new password after checking the current one; ends every other session."""
    if not verify_password(user.password_hash, current, hash_method):
        raise CasefileError("The current password is not correct.", field="current_password")
    problem = password_problem(new, user.email)
    if problem:
        raise CasefileError(problem, field="new_password")
    with transaction():
        user.password_hash = hash_password(new, hash_method)
        user.session_version += 1
        record(actor, "user.password_changed", "user", user.id)


def confirm_password(user: User, password: str, actor: Actor, hash_method: str) -> None:
    """Re-authentication before a sensitive action; a wrong password is audited."""
    if verify_password(user.password_hash, password, hash_method):
        return
    with transaction():
        record(actor, "user.reauth_failed", "user", user.id, result="denied")
    raise CasefileError("That password is not correct.", field="password")


@dataclass
class UserData:
    email: str
    name: str
    role: Role
    client_id: int | None
    active: bool = True


def create_user(data: UserData, password: str, actor: Actor, hash_method: str) -> User:
    """Create a user account; client users must name their client, staff must not."""
    if actor.user is not None:  # the CLI's first administrator is created by the system
        require(actor.user, Capability.MANAGE_USERS)
    email = normalise_email(data.email)
    _check_user(data, email, existing_id=None)
    problem = password_problem(password, email)
    if problem:
        raise CasefileError(problem, field="password")
    with transaction():
        user = User(
            email=email,
            name=data.name.strip(),
            role=data.role,
            client_id=data.client_id if data.role is Role.CLIENT else None,
            password_hash=hash_password(password, hash_method),
            active=data.active,
        )
        db.session.add(user)
        db.session.flush()
        record(
            actor,
            "user.created",
            "user",
            user.id,
            client_id=user.client_id,
            changes=diff({}, _snapshot(user)),
        )
    return user


def update_user(user: User, data: UserData, actor: Actor) -> User:
    """Change a user's name, e-mail, role, client or active flag; role or status changes end
    the user's sessions."""
    require(actor.user, Capability.MANAGE_USERS)
    email = normalise_email(data.email)
    _check_user(data, email, existing_id=user.id)
    if (
        actor.user is not None
        and actor.user.id == user.id
        and (data.role is not user.role or not data.active)
    ):
        raise CasefileError("You cannot change your own role or deactivate yourself.", "role")
    before = _snapshot(user)
    with transaction():
        user.email, user.name, user.role, user.active = (
            email,
            data.name.strip(),
            data.role,
            data.active,
        )
        user.client_id = data.client_id if data.role is Role.CLIENT else None
        changes = diff(before, _snapshot(user))
        if {"role", "active", "client_id", "email"} & changes.keys():
            user.session_version += 1
        if changes:
            record(
                actor, "user.updated", "user", user.id, client_id=user.client_id, changes=changes
            )
    return user


def reset_password(user: User, password: str, actor: Actor, hash_method: str) -> None:
    """An administrator sets a new password for `user`; the user's sessions end."""
    require(actor.user, Capability.MANAGE_USERS)
    problem = password_problem(password, user.email)
    if problem:
        raise CasefileError(problem, field="password")
    with transaction():
        user.password_hash = hash_password(password, hash_method)
        user.session_version += 1
        record(actor, "user.password_reset", "user", user.id, client_id=user.client_id)


def _check_user(data: UserData, email: str, existing_id: int | None) -> None:
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise CasefileError("Enter a valid e-mail address.", field="email")
    clash = db.session.scalar(select(User.id).where(User.email == email))
    if clash is not None and clash != existing_id:
        raise CasefileError("Another account already uses this e-mail address.", field="email")
    if data.role is Role.CLIENT and (
        data.client_id is None or db.session.get(Client, data.client_id) is None
    ):
        raise CasefileError("A client user must belong to a client.", field="client_id")


def _snapshot(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "role": str(user.role),
        "client_id": user.client_id,
        "active": user.active,
    }
