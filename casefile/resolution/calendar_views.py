"""The calendar feed: a user creates or revokes their secret feed address, and calendar
programs fetch the feed (public route; the token is the credential)."""

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from casefile.auth.forms import PostForm
from casefile.resolution import ics
from casefile.resolution.views import bp
from casefile.types import utcnow
from casefile.web.access import deny, public
from casefile.web.helpers import current_actor, today


@bp.route("/account/calendar")
def calendar(new_url: str | None = None):
    return render_template(
        "resolution/calendar.html",
        has_token=ics.has_token(current_user.id),
        new_url=new_url,
        post_form=PostForm(),
    )


@bp.route("/account/calendar/token", methods=["POST"])
def create_calendar_token():
    if not PostForm().validate_on_submit():
        return redirect(url_for("resolution.calendar"))
    token = ics.create_token(current_actor(), utcnow())
    # Shown once, on this response: only its hash is kept.
    return calendar(url_for("resolution.calendar_feed", token=token, _external=True))


@bp.route("/account/calendar/revoke", methods=["POST"])
def revoke_calendar_token():
    if PostForm().validate_on_submit():
        ics.revoke_token(current_actor(), utcnow())
        flash("Your calendar feed address no longer works.", "success")
    return redirect(url_for("resolution.calendar"))


@bp.route("/calendar/<token>.ics")
@public
def calendar_feed(token: str):
    user = ics.user_for(token)
    if user is None:
        deny(404, "unknown or revoked calendar token")
    body = ics.feed(user, today(), current_app.config["FIRM_NAME"])
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response
