"""Diary tasks: what is due, for whom, on which matter."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casefile.domain.diary import Priority
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.types import UTCDateTime, enum_of, utcnow


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_owner_open_due", "owner_id", "done_at", "due_on"),
        Index("ix_tasks_matter", "matter_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date)
    priority: Mapped[int] = mapped_column(default=Priority.NORMAL)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)
    # The stage whose entry created this task; leaving that stage retires it.
    for_stage: Mapped[Stage | None] = mapped_column(enum_of(Stage, "task_for_stage"))

    __mapper_args__ = {"version_id_col": version}

    matter = relationship("Matter")
    owner = relationship("User", foreign_keys=[owner_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def priority_label(self) -> str:
        return Priority(self.priority).label

    @property
    def is_open(self) -> bool:
        return self.done_at is None
