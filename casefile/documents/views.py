"""Serving stored files: by id, after the access check, always as a download."""

from flask import Blueprint, abort, current_app, redirect, url_for

from casefile.audit.services import record
from casefile.database import transaction, write_intent
from casefile.documents.models import Document
from casefile.documents.store import document_store
from casefile.extensions import db
from casefile.web.downloads import attachment
from casefile.web.helpers import current_actor

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
def download(document_id: int):
    from casefile.letters.queries import letter_for_document

    letter = letter_for_document(document_id)
    if letter is not None:  # a generated letter downloads as draft or final, by its status
        return redirect(url_for("letters.download", letter_id=letter.id))
    return send_document(db.get_or_404(Document, document_id))


def send_document(document: Document, filename: str | None = None):
    """The file as an attachment; every download of a client document is audited."""
    try:
        body = document_store().read(document.sha256)
    except FileNotFoundError:
        current_app.logger.error("document %s: file %s missing", document.id, document.sha256)
        abort(404, description="The file is missing from the document store; tell the firm.")
    with write_intent(), transaction():
        record(
            current_actor(),
            "document.downloaded",
            "document",
            document.id,
            matter_id=document.matter_id,
            client_id=document.client_id,
            summary=filename or document.filename,
        )
    return attachment(body, document.content_type, filename or document.filename)
