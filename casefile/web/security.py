"""Session lifetime checks, the begin mode for reads, and the security headers on every answer."""

import time

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from casefile.database import reset_mode, set_read_only

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def begin_mode() -> None:
    """Requests that cannot change state read in deferred SQLite transactions."""
    g.begin_mode_token = set_read_only(request.method in SAFE_METHODS)


def end_mode(_exc=None) -> None:
    token = g.pop("begin_mode_token", None)
    if token is not None:
        reset_mode(token)


def enforce_session_timeouts():
    """End a session that has been idle too long or has lived past its absolute limit."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    config = current_app.config
    started = session.get("auth_at", now)
    seen = session.get("seen_at", now)
    idle = now - seen > config["SESSION_IDLE_TIMEOUT"].total_seconds()
    too_old = now - started > config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    if idle or too_old:
        logout_user()
        session.clear()
        flash("Your session has ended. Please sign in again.", "info")
        return redirect(
            url_for("auth.login", next=request.full_path if request.method == "GET" else None)
        )
    session.setdefault("auth_at", now)
    if now - seen >= 15:  # refresh the idle clock without rewriting the cookie on every request
        session["seen_at"] = now
    return None


def start_session(remember: bool) -> None:
    """Record when this session began (for the absolute timeout and re-authentication)."""
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now
    session["reauth_at"] = now
    session.permanent = False
    session["remember"] = remember


def add_security_headers(response):
    """CSP, nosniff, framing, referrer policy, no-store for signed-in pages, HSTS in production."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    if current_app.config["ENVIRONMENT"] == "production":
        headers["Strict-Transport-Security"] = (
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains"
        )
    return response
