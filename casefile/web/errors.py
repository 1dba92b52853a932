"""Error pages that help the user and reveal nothing about the system."""

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from casefile.extensions import db

_MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: (
        "Not allowed",
        "Your role does not give access to this page. If you need it, ask your firm administrator.",
    ),
    404: (
        "Not found",
        "There is nothing here, or it is not yours to see. Check the address, "
        "or go back to the list.",
    ),
    405: ("Not allowed", "This page cannot be used that way. Go back and use the form."),
    413: ("Too large", "What you sent is larger than this firm allows. Send a smaller file."),
    429: ("Slow down", "Too many requests. Wait a moment and try again."),
}


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return _page(
            400,
            "Form expired",
            "This form has expired or was not sent from casefile. "
            "Reload the page and submit it again.",
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        title, message = _MESSAGES.get(error.code, (error.name, error.description))
        return _page(error.code, title, message), error.code

    @app.errorhandler(Exception)
    def server_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _page(
            500,
            "Something went wrong",
            "casefile could not finish this request and "
            "saved nothing of it. Try again; if it happens again, tell your "
            "administrator the time it happened.",
        ), 500


def _page(code: int, title: str, message: str) -> str:
    return render_template("errors/error.html", code=code, title=title, message=message)
