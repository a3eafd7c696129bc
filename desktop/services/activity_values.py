"""The values the activity services take and return (frozen: views never hold ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ActivityTypeInfo:
    id: int
    name: str
    color: str
    history_kind: str


@dataclass(frozen=True)
class ActivityDraft:
    """What the schedule dialog collects. Timed: starts_at/ends_at naive UTC; all-day:
    start_date/end_date with the end exclusive. `tzid` is the zone a series repeats in."""

    type_id: int
    subject: str
    contact_ids: tuple[int, ...] = ()
    all_day: bool = False
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    tzid: str = "UTC"
    rrule: str = ""
    priority: int = 2
    location: str = ""
    regarding: str = ""
    alarm_minutes: int | None = None
    uid: str = ""


@dataclass(frozen=True)
class ActivityInfo:
    """One activity as stored (a whole series for a recurring one)."""

    id: int
    draft: ActivityDraft
    type_name: str
    color: str
    status: str
    result: str
    completed_at: datetime | None
    version: int
    contact_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One block on the calendar. Timed: `start`/`end` are naive UTC instants; all-day: dates
    at midnight with the end exclusive. `original_start` keys an occurrence of a series (None
    for a single activity)."""

    activity_id: int
    original_start: datetime | None
    start: datetime
    end: datetime
    all_day: bool
    subject: str
    type_id: int
    type_name: str
    color: str
    priority: int
    location: str
    status: str
    alarm_minutes: int | None
    contact_names: tuple[str, ...]

    @property
    def recurring(self) -> bool:
        return self.original_start is not None

    @property
    def key(self) -> tuple[int, datetime | None]:
        return (self.activity_id, self.original_start)


@dataclass(frozen=True)
class TaskFilter:
    """The task list's filters; None means any."""

    type_id: int | None = None
    priority: int | None = None
    contact_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True)
class TaskRow:
    activity_id: int
    subject: str
    type_id: int
    type_name: str
    color: str
    #: naive UTC instant, or midnight of the date for an all-day to-do
    due: datetime
    all_day: bool
    priority: int
    contacts: str
    overdue: bool
    #: a recurring to-do, listed once at its next open occurrence (keyed by original_start)
    recurring: bool = False
    original_start: datetime | None = None


@dataclass(frozen=True)
class Alarm:
    activity_id: int
    original_start: datetime | None
    subject: str
    start: datetime
    all_day: bool
    alarm_at: datetime
    type_name: str


@dataclass(frozen=True)
class ContactActivity:
    """A line of the card's Activities tab."""

    activity_id: int
    subject: str
    type_name: str
    start: datetime | None
    start_date: date | None
    recurring: bool
    status: str
    result: str
    #: for an open series: the key of the occurrence shown (its next one still to come)
    original_start: datetime | None = None


@dataclass(frozen=True)
class Completion:
    """What completing (or clearing) wrote: the activity that now holds the result (a series
    occurrence is split out as its own activity), the history items, the follow-up."""

    activity_id: int
    history_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    follow_up_id: int | None
    #: the subject of what was completed, for messages and the undo menu
    subject: str = ""


@dataclass(frozen=True)
class CompletionInput:
    """What the complete dialog asks: the result, a note, and the follow-up to schedule."""

    result: str
    text: str = ""
    follow_up: ActivityDraft | None = None


@dataclass(frozen=True)
class Placement:
    """Where an activity (or one occurrence) sits; what a move returns so that undo can put it
    back. Timed: naive UTC; all-day: midnight dates, end exclusive."""

    activity_id: int
    original_start: datetime | None
    start: datetime
    end: datetime
