"""A stored file: what it is, whose it is, and where its bytes are (by content hash)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.extensions import db
from casefile.types import UTCDateTime, utcnow


class Document(db.Model):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_matter", "matter_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    # The e-mail or paper this file came with, if any.
    correspondence_id: Mapped[int | None] = mapped_column(ForeignKey("correspondence.id"))
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text, default="")  # for reading and search
    text_status: Mapped[str] = mapped_column(String(120), default="")  # "ok" or why not
    # Whether the client's users may see it (their own uploads, statements); staff see all.
    client_visible: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by = relationship("User")
