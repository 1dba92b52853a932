"""The front door: send each user to where they work, and a health check for monitors."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user
from sqlalchemy import text

from casefile.extensions import db
from casefile.web.access import public

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("diary.mine" if current_user.is_staff else "portal.index"))


@bp.route("/healthz")
@public
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
