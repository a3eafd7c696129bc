"""Completing or clearing an activity: the result goes on every linked contact's history.

The history kind comes from the activity's type (a call writes 'call', a meeting 'meeting');
clearing writes 'cleared' so that not doing something leaves a trace too. One occurrence of a
series is split out as its own closed activity and skipped in the series. Everything a
completion wrote is listed in the returned Completion, so it can be taken back exactly.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete

from desktop.errors import RapportError, ValidationError
from desktop.services.activities import (
    activity_info,
    find_exception,
    load_activity,
    occurrence_placement,
    schedule_in,
    skip_in,
)
from desktop.services.activity_values import ActivityDraft, Completion
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityStatus,
    HistoryItem,
    HistoryKind,
    utcnow,
)


def complete_activity(
    db: Database,
    activity_id: int,
    result: str,
    text: str = "",
    original_start: datetime | None = None,
    follow_up: ActivityDraft | None = None,
    occurred_at: datetime | None = None,
) -> Completion:
    """Mark done with a result: a HistoryItem of the type's kind on every linked contact, and
    the follow-up scheduled in the same transaction. One occurrence of a series is split out as
    its own done activity and skipped in the series, so the rest of the series stays open."""
    return _close(
        db, activity_id, ActivityStatus.DONE, result, text, original_start, follow_up, occurred_at
    )


def clear_activity(
    db: Database,
    activity_id: int,
    reason: str = "",
    original_start: datetime | None = None,
) -> Completion:
    """Close without doing it; a 'cleared' history item keeps the trace on every contact."""
    return _close(db, activity_id, ActivityStatus.CLEARED, reason, "", original_start, None, None)


def _close(
    db: Database,
    activity_id: int,
    status: ActivityStatus,
    result: str,
    text: str,
    original_start: datetime | None,
    follow_up: ActivityDraft | None,
    occurred_at: datetime | None,
) -> Completion:
    if len(result) > 200:
        raise ValidationError("result", "at most 200 characters")
    with db.session() as session:
        activity = load_activity(session, activity_id)
        if activity.status != ActivityStatus.OPEN and original_start is None:
            raise RapportError(f"'{activity.subject}' is already {activity.status}")
        info = activity_info(session, activity_id)
        target = activity
        if activity.rrule and original_start is not None:
            where = occurrence_placement(activity, original_start)
            subject = next(
                (
                    e.subject
                    for e in activity.exceptions
                    if e.original_start == original_start and e.subject
                ),
                activity.subject,
            )
            single = replace(info.draft, rrule="", subject=subject, uid="")
            if activity.all_day:
                single = replace(single, start_date=where.start.date(), end_date=where.end.date())
            else:
                single = replace(single, starts_at=where.start, ends_at=where.end)
            target = load_activity(session, schedule_in(session, single))
            skip_in(activity, original_start)
        now = utcnow()
        target.status = status
        target.result = result.strip()
        target.completed_at = now
        kind = target.type.history_kind if status == ActivityStatus.DONE else HistoryKind.CLEARED
        history = [
            HistoryItem(
                contact_id=contact_id,
                kind=kind,
                occurred_at=occurred_at or now,
                subject=target.subject,
                result=target.result,
                text=text,
                activity_id=target.id,
                owner=target.owner,
            )
            for contact_id in info.draft.contact_ids
        ]
        session.add_all(history)
        follow_up_id = schedule_in(session, follow_up) if follow_up is not None else None
        session.flush()
        return Completion(
            target.id,
            tuple(h.id for h in history),
            info.draft.contact_ids,
            follow_up_id,
            target.subject,
        )


def undo_completion(
    db: Database, activity_id: int, done: Completion, original_start: datetime | None = None
) -> None:
    """Take back a complete or clear: its history items and follow-up go, and the activity is
    open again (for one occurrence of a series: the split-out activity goes and the occurrence
    is back in the series)."""
    with db.session() as session:
        if done.history_ids:
            session.execute(delete(HistoryItem).where(HistoryItem.id.in_(done.history_ids)))
        for gone in (
            done.follow_up_id,
            done.activity_id if done.activity_id != activity_id else None,
        ):
            if gone is not None and (stale := session.get(Activity, gone)) is not None:
                session.delete(stale)
        activity = load_activity(session, activity_id)
        if done.activity_id != activity_id and original_start is not None:
            existing = find_exception(activity, original_start)
            if existing is not None and existing.kind == "skip":
                activity.exceptions.remove(existing)
        else:
            activity.status = ActivityStatus.OPEN
            activity.result = ""
            activity.completed_at = None
