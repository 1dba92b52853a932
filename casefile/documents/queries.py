"""Reading document records."""

from sqlalchemy import select

from casefile.documents.models import Document
from casefile.extensions import db


def matter_documents(matter_id: int, client_view: bool = False) -> list[Document]:
    """A matter's documents, oldest first; for a client's eyes only those meant for them."""
    query = select(Document).where(Document.matter_id == matter_id)
    if client_view:
        query = query.where(Document.client_visible.is_(True))
    return list(db.session.scalars(query.order_by(Document.id)))
