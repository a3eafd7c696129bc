"""Moving and resizing activities, and changing or removing one occurrence of a series.

A single activity moves itself; one occurrence of a series becomes a moved (or skipped)
exception keyed by its original start, so the rest of the series is untouched. Every move
returns where the thing was, which is all undo needs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.services.activities import (
    MAX_TIMED_SPAN,
    activity_info,
    find_exception,
    load_activity,
    occurrence_placement,
    placement_of,
    series_until_of,
    skip_in,
)
from desktop.services.activity_values import Placement
from desktop.store.database import Database
from desktop.store.entities import Activity, ActivityException


def move_activity(
    db: Database,
    activity_id: int,
    start: datetime,
    end: datetime,
    original_start: datetime | None = None,
) -> Placement:
    """Move or resize an activity, or one occurrence of a series (`original_start` given: it
    becomes a moved exception, and moving it back home removes the exception). Returns where
    it was, for undo."""
    with db.session() as session:
        return _move(session, load_activity(session, activity_id), start, end, original_start)


def _move(
    session: Session,
    activity: Activity,
    start: datetime,
    end: datetime,
    original_start: datetime | None,
) -> Placement:
    if end < start:
        raise ValidationError("end", "ends before it starts")
    if original_start is None or not activity.rrule:
        before = placement_of(activity)
        if activity.all_day:
            activity.start_date = start.date()
            activity.end_date = max(end.date(), start.date() + timedelta(days=1))
        else:
            if end - start > MAX_TIMED_SPAN:
                raise ValidationError("end", "a timed activity lasts at most 31 days")
            activity.starts_at, activity.ends_at = start, end
        if activity.rrule:
            activity.series_until = series_until_of(activity_info(session, activity.id).draft)
        return before
    before = occurrence_placement(activity, original_start)
    own = placement_of(activity)
    existing = find_exception(activity, original_start)
    home = start == original_start and end == original_start + (own.end - own.start)
    if home and (existing is None or not existing.subject):
        if existing is not None:
            activity.exceptions.remove(existing)
    elif existing is None:
        activity.exceptions.append(
            ActivityException(
                original_start=original_start, kind="moved", new_start=start, new_end=end
            )
        )
    else:
        existing.new_start, existing.new_end = start, end
    return before


def edit_occurrence(
    db: Database,
    activity_id: int,
    original_start: datetime,
    start: datetime,
    end: datetime,
    subject: str | None = None,
) -> None:
    """Change one occurrence of a series only (time and subject), in one transaction."""
    if subject is not None and not subject.strip():
        raise ValidationError("subject", "an activity needs a subject")
    with db.session() as session:
        activity = load_activity(session, activity_id)
        if subject is not None:
            # Recorded before the move so that a move back home keeps an own subject.
            own = subject.strip() if subject.strip() != activity.subject else None
            existing = find_exception(activity, original_start)
            if existing is None and own is not None:
                occurrence_placement(activity, original_start)
                existing = ActivityException(
                    original_start=original_start, kind="moved", new_start=start, new_end=end
                )
                activity.exceptions.append(existing)
            if existing is not None:
                existing.subject = own
        _move(session, activity, start, end, original_start)


def skip_occurrence(db: Database, activity_id: int, original_start: datetime) -> None:
    """Remove one occurrence from a series (the rest stays)."""
    with db.session() as session:
        activity = load_activity(session, activity_id)
        occurrence_placement(activity, original_start)
        skip_in(activity, original_start)
