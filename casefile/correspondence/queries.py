"""Reading a matter's correspondence."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.correspondence.models import Correspondence
from casefile.extensions import db


def matter_correspondence(matter_id: int, client_view: bool = False) -> list[Correspondence]:
    """Newest first; for a client's eyes only what is marked for them."""
    query = (
        select(Correspondence)
        .where(Correspondence.matter_id == matter_id)
        .options(selectinload(Correspondence.author))
        .order_by(Correspondence.occurred_at.desc(), Correspondence.id.desc())
    )
    if client_view:
        query = query.where(Correspondence.client_visible.is_(True))
    return list(db.session.scalars(query))
