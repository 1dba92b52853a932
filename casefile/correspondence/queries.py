"""Reading a matter's correspondence."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casefile.correspondence.models import Channel, Correspondence
from casefile.extensions import db


def matter_correspondence(
    matter_id: int, client_view: bool = False, channel: str = "", direction: str = ""
) -> list[Correspondence]:
    """Newest first; for a client's eyes only what is marked for them. `channel` and
    `direction` narrow the timeline when given (unknown values are ignored)."""
    query = (
        select(Correspondence)
        .where(Correspondence.matter_id == matter_id)
        .options(selectinload(Correspondence.author))
        .order_by(Correspondence.occurred_at.desc(), Correspondence.id.desc())
    )
    if client_view:
        query = query.where(Correspondence.client_visible.is_(True))
    if channel in set(Channel):
        query = query.where(Correspondence.channel == Channel(channel))
    if direction in ("in", "out"):
        query = query.where(Correspondence.direction == direction)
    return list(db.session.scalars(query))
