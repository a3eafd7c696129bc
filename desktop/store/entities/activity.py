"""Calls, meetings and to-dos on the calendar, single or recurring."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.entities.base import Base, Timestamped


class ActivityStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CLEARED = "cleared"


class ActivityType(Timestamped, Base):
    """Call, meeting and to-do are built in; a user may add their own (a 'demo', a 'site visit')."""

    __tablename__ = "activity_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    color: Mapped[str] = mapped_column(String(9), default="#4a7bd0", server_default="#4a7bd0")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The history kind written when an activity of this type is completed.
    history_kind: Mapped[str] = mapped_column(String(30), default="note", server_default="note")


class Activity(Timestamped, Base):
    """Timed activities are instants in UTC (starts_at/ends_at); all-day ones are dates
    (start_date/end_date, end exclusive) and never midnight instants. A series keeps its
    RRULE and the IANA zone its wall-clock time belongs to, so that it is expanded in that
    zone and 9:00 stays 9:00 across daylight-saving changes."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("activity_types.id"))
    subject: Mapped[str] = mapped_column(String(500), default="", server_default="")
    all_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    rrule: Mapped[str] = mapped_column(Text, default="", server_default="")
    tzid: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # Where a series ends, for range queries without expanding it (NULL: open-ended).
    series_until: Mapped[datetime | None] = mapped_column(DateTime)
    priority: Mapped[int] = mapped_column(
        Integer, default=2, server_default="2"
    )  # 1 high, 2 normal, 3 low
    location: Mapped[str] = mapped_column(String(500), default="", server_default="")
    regarding: Mapped[str] = mapped_column(Text, default="", server_default="")
    alarm_minutes: Mapped[int | None] = mapped_column(Integer)
    alarm_acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(
        String(10), default=ActivityStatus.OPEN, server_default="open"
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    result: Mapped[str] = mapped_column(String(200), default="", server_default="")
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    uid: Mapped[str] = mapped_column(String(255), default="", server_default="", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    type: Mapped[ActivityType] = relationship()
    exceptions: Mapped[list[ActivityException]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("status IN ('open','done','cleared')", name="status"),
        Index("ix_activities_starts_at", "starts_at"),
        Index("ix_activities_start_date", "start_date"),
        Index("ix_activities_status_start", "status", "starts_at"),
    )


class ActivityContact(Base):
    __tablename__ = "activity_contacts"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_activity_contacts_contact", "contact_id", "activity_id"),)


class ActivityException(Base):
    """One occurrence of a series skipped or moved, keyed by its original start
    (an instant in UTC, or for all-day series a date at midnight)."""

    __tablename__ = "activity_exceptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    original_start: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(
        String(10), default="skip", server_default="skip"
    )  # skip | moved
    new_start: Mapped[datetime | None] = mapped_column(DateTime)
    new_end: Mapped[datetime | None] = mapped_column(DateTime)
    subject: Mapped[str | None] = mapped_column(String(500))

    activity: Mapped[Activity] = relationship(back_populates="exceptions")

    __table_args__ = (
        CheckConstraint("kind IN ('skip','moved')", name="kind"),
        Index("uq_activity_exceptions_occurrence", "activity_id", "original_start", unique=True),
    )
