"""Files leave the app as attachments, named by us, never by a user-supplied path."""

from urllib.parse import quote

from flask import Response


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """`body` as a download called `filename` (security headers are added for every response).

    Uploaded names are the sender's: quotes, slashes or line breaks in them must not reach the
    header as such. The plain `filename` keeps letters, digits and `._- `; `filename*` carries
    the full name, percent-encoded."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in filename)
    encoded = quote(filename, safe="")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{plain or 'download'}\"; filename*=UTF-8''{encoded}"
    )
    return response
