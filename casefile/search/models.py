"""Work for the search index, queued in the same transaction as the change that needs it.

A row here says "re-read this from the database and index it". Because the row commits or
rolls back with the change, a rolled-back write leaves nothing to index, and a committed one
cannot be forgotten even when the index is busy or broken: the row waits until an indexer
takes it (see `casefile.search.sync`).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from casefile.extensions import db
from casefile.types import UTCDateTime, utcnow


class SearchOutbox(db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    matter_id: Mapped[int]
    # One item of correspondence, or None for the matter itself and everything filed on it.
    correspondence_id: Mapped[int | None]
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
