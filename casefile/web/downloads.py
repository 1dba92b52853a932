"""Files leave the app as attachments, named by us, never by a user-supplied path."""

from urllib.parse import quote

from flask import Response


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """`body` as a download called `filename` (security headers are added for every response)."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
