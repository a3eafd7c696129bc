"""What a user does with calls, meetings and to-dos: schedule, edit, move, complete, clear.

Reading (the calendar's occurrences, the task list, alarms, a contact's activities) lives in
desktop.services.activity_queries. Every function opens its own short session and returns
frozen values; the caller announces `Changes.of(activities=..., contacts=...)` on the bus.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services import recurrence
from desktop.services.activity_values import (
    ActivityDraft,
    ActivityInfo,
    ActivityTypeInfo,
    Placement,
)
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityType,
    Contact,
    utcnow,
)

# Bounds that keep range queries on an index: an activity starts at most this long before a
# window it still overlaps (see activity_queries). Longer things are all-day or a series.
MAX_TIMED_SPAN = timedelta(days=31)
MAX_ALL_DAY_SPAN = timedelta(days=366)


def activity_types(db: Database) -> list[ActivityTypeInfo]:
    """Built-in types first, then the user's, by name."""
    with db.session() as session:
        rows = session.scalars(
            select(ActivityType).order_by(ActivityType.builtin.desc(), ActivityType.id)
        )
        return [ActivityTypeInfo(t.id, t.name, t.color, t.history_kind) for t in rows]


def _validated(session: Session, draft: ActivityDraft) -> ActivityDraft:
    """The draft checked field by field, with derived defaults filled in (an all-day end)."""
    if session.get(ActivityType, draft.type_id) is None:
        raise ValidationError("type", f"no activity type with id {draft.type_id}")
    contact_ids = tuple(dict.fromkeys(draft.contact_ids))
    if contact_ids:
        found = set(session.scalars(select(Contact.id).where(Contact.id.in_(contact_ids))))
        missing = [c for c in contact_ids if c not in found]
        if missing:
            raise ValidationError("contacts", f"no contact with id {missing[0]}")
    return checked_draft(draft)


def checked_draft(draft: ActivityDraft) -> ActivityDraft:
    """The checks that need no database (its type and contacts known to exist): what a bulk
    import runs on each of thousands of events."""
    subject = draft.subject.strip()
    if not subject:
        raise ValidationError("subject", "an activity needs a subject")
    if len(subject) > 500:
        raise ValidationError("subject", "at most 500 characters")
    if draft.priority not in (1, 2, 3):
        raise ValidationError("priority", "must be high (1), normal (2) or low (3)")
    if draft.alarm_minutes is not None and not 0 <= draft.alarm_minutes <= 60 * 24 * 28:
        raise ValidationError("alarm", "must be between 0 minutes and 4 weeks before")
    contact_ids = tuple(dict.fromkeys(draft.contact_ids))
    tz = recurrence.zone(draft.tzid)
    if draft.all_day:
        if draft.start_date is None:
            raise ValidationError("start", "an all-day activity needs a start date")
        end_date = draft.end_date or draft.start_date + timedelta(days=1)
        if end_date <= draft.start_date:
            raise ValidationError("end", "ends before it starts")
        if end_date - draft.start_date > MAX_ALL_DAY_SPAN:
            raise ValidationError("end", "an all-day activity lasts at most a year")
        rule = recurrence.normalize_rrule(draft.rrule, None) if draft.rrule else ""
        starts_at, ends_at = None, None
        first = datetime.combine(draft.start_date, time())
    else:
        if draft.starts_at is None:
            raise ValidationError("start", "a timed activity needs a start")
        ends_at = draft.ends_at or draft.starts_at
        if ends_at < draft.starts_at:
            raise ValidationError("end", "ends before it starts")
        if ends_at - draft.starts_at > MAX_TIMED_SPAN:
            raise ValidationError("end", "a timed activity lasts at most 31 days; make it all-day")
        rule = recurrence.normalize_rrule(draft.rrule, tz) if draft.rrule else ""
        starts_at, end_date = draft.starts_at, None
        first = draft.starts_at
    if rule:
        # Reading the rule once here refuses a bad one with its text named.
        recurrence.last_occurrence(rule, first, None if draft.all_day else draft.tzid)
    # one replace() (it costs as much as the checks, on a bulk import of 100,000 events)
    return replace(
        draft,
        subject=subject,
        contact_ids=contact_ids,
        rrule=rule,
        starts_at=starts_at,
        ends_at=ends_at,
        start_date=draft.start_date if draft.all_day else None,
        end_date=end_date,
    )


def activity_row(draft: ActivityDraft) -> dict[str, object]:
    """The activities columns a checked draft fills (one place for the ORM and bulk paths)."""
    return {
        "type_id": draft.type_id,
        "subject": draft.subject,
        "all_day": draft.all_day,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "start_date": draft.start_date,
        "end_date": draft.end_date,
        "rrule": draft.rrule,
        "tzid": draft.tzid or "UTC",
        "priority": draft.priority,
        "location": draft.location,
        "regarding": draft.regarding,
        "alarm_minutes": draft.alarm_minutes,
        # Kept from an imported file, else made now: export writes it and a re-import of our
        # own file matches on it, so it updates instead of doubling.
        "uid": draft.uid or new_uid(),
        "series_until": series_until_of(draft),
    }


def _apply(session: Session, activity: Activity, draft: ActivityDraft) -> None:
    row = activity_row(replace(draft, uid=draft.uid or activity.uid))
    for column, value in row.items():
        setattr(activity, column, value)
    if activity.id is not None:
        session.execute(delete(ActivityContact).where(ActivityContact.activity_id == activity.id))
    session.flush()
    for contact_id in draft.contact_ids:
        session.add(ActivityContact(activity_id=activity.id, contact_id=contact_id))


def new_uid() -> str:
    """A globally unique iCalendar UID (RFC 5545 §3.8.4.7) for an activity made here."""
    return f"{uuid.uuid4()}@rapport"


def series_until_of(draft: ActivityDraft) -> datetime | None:
    if not draft.rrule:
        return None
    if draft.all_day:
        assert draft.start_date is not None
        return recurrence.last_occurrence(
            draft.rrule, datetime.combine(draft.start_date, time()), None
        )
    assert draft.starts_at is not None
    return recurrence.last_occurrence(draft.rrule, draft.starts_at, draft.tzid)


def schedule_activity(db: Database, draft: ActivityDraft) -> ActivityInfo:
    """Store a new activity (or series) linked to the draft's contacts."""
    with db.session() as session:
        activity_id = schedule_in(session, draft)
        return activity_info(session, activity_id)


def schedule_in(session: Session, draft: ActivityDraft) -> int:
    """schedule_activity inside the caller's session (completion's follow-up, .ics import)."""
    checked = _validated(session, draft)
    activity = Activity()
    session.add(activity)
    _apply(session, activity, checked)
    session.flush()
    return activity.id


def update_in(session: Session, activity_id: int, draft: ActivityDraft) -> Activity:
    """Replace what an activity holds by the draft, inside the caller's session (.ics
    re-import); its status, result and exceptions are the caller's to set."""
    activity = load_activity(session, activity_id)
    _apply(session, activity, _validated(session, draft))
    return activity


def get_activity(db: Database, activity_id: int) -> ActivityInfo:
    with db.session() as session:
        return activity_info(session, activity_id)


def load_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise RapportError(f"activity {activity_id} no longer exists")
    return activity


def activity_info(session: Session, activity_id: int) -> ActivityInfo:
    a = load_activity(session, activity_id)
    contacts = session.execute(
        select(ActivityContact.contact_id, Contact.display_name)
        .join(Contact, Contact.id == ActivityContact.contact_id)
        .where(ActivityContact.activity_id == a.id)
        .order_by(Contact.sort_name)
    ).all()
    draft = ActivityDraft(
        type_id=a.type_id,
        subject=a.subject,
        contact_ids=tuple(c for c, _ in contacts),
        all_day=a.all_day,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        start_date=a.start_date,
        end_date=a.end_date,
        tzid=a.tzid,
        rrule=a.rrule,
        priority=a.priority,
        location=a.location,
        regarding=a.regarding,
        alarm_minutes=a.alarm_minutes,
        uid=a.uid,
    )
    return ActivityInfo(
        a.id,
        draft,
        a.type.name,
        a.type.color,
        a.status,
        a.result,
        a.completed_at,
        a.version,
        tuple(name for _, name in contacts),
    )


def update_activity(
    db: Database, activity_id: int, draft: ActivityDraft, expected_version: int | None = None
) -> ActivityInfo:
    """Change a single activity or a whole series. Exceptions of a series that no longer fall
    on one of its occurrences (its rule or start changed) are dropped."""
    with db.session() as session:
        activity = load_activity(session, activity_id)
        if expected_version is not None and activity.version != expected_version:
            raise ConflictError(
                f"'{activity.subject}' was changed elsewhere since you opened it; reload it"
            )
        checked = _validated(session, draft)
        _apply(session, activity, checked)
        if checked.rrule:
            first, tzid = series_first(activity)
            for exc in list(activity.exceptions):
                if not recurrence.is_occurrence(checked.rrule, first, tzid, exc.original_start):
                    activity.exceptions.remove(exc)
        else:
            activity.exceptions.clear()
        session.flush()
        return activity_info(session, activity_id)


def series_first(activity: Activity) -> tuple[datetime, str | None]:
    """A series' first start as its exceptions are keyed, and its zone (None for all-day)."""
    if activity.all_day:
        assert activity.start_date is not None
        return datetime.combine(activity.start_date, time()), None
    assert activity.starts_at is not None
    return activity.starts_at, activity.tzid


def placement_of(activity: Activity) -> Placement:
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        return Placement(
            activity.id,
            None,
            datetime.combine(activity.start_date, time()),
            datetime.combine(activity.end_date, time()),
        )
    assert activity.starts_at is not None and activity.ends_at is not None
    return Placement(activity.id, None, activity.starts_at, activity.ends_at)


def occurrence_placement(activity: Activity, original_start: datetime) -> Placement:
    """Where one occurrence of a series is now (moved or at its original time)."""
    first, tzid = series_first(activity)
    if not recurrence.is_occurrence(activity.rrule, first, tzid, original_start):
        raise RapportError(
            f"'{activity.subject}' has no occurrence at {original_start:%Y-%m-%d %H:%M}"
        )
    own = placement_of(activity)
    duration = own.end - own.start
    for exc in activity.exceptions:
        if exc.original_start == original_start:
            if exc.kind == "skip":
                raise RapportError(f"that occurrence of '{activity.subject}' was removed")
            assert exc.new_start is not None
            return Placement(
                activity.id, original_start, exc.new_start, exc.new_end or exc.new_start + duration
            )
    return Placement(activity.id, original_start, original_start, original_start + duration)


def find_exception(activity: Activity, original_start: datetime) -> ActivityException | None:
    return next((e for e in activity.exceptions if e.original_start == original_start), None)


def skip_in(activity: Activity, original_start: datetime) -> None:
    existing = find_exception(activity, original_start)
    if existing is None:
        activity.exceptions.append(ActivityException(original_start=original_start, kind="skip"))
    else:
        existing.kind, existing.new_start, existing.new_end = "skip", None, None


def delete_activity(db: Database, activity_id: int) -> tuple[int, ...]:
    """Delete an activity or whole series; returns the contacts it was linked to."""
    with db.session() as session:
        activity = load_activity(session, activity_id)
        contacts = tuple(
            session.scalars(
                select(ActivityContact.contact_id).where(ActivityContact.activity_id == activity_id)
            )
        )
        session.delete(activity)
        return contacts


def acknowledge_alarm(db: Database, activity_id: int, at: datetime | None = None) -> None:
    """The user saw the alarm: it is not shown again at the next start."""
    with db.session() as session:
        load_activity(session, activity_id).alarm_acknowledged_at = at or utcnow()


def day_start(day: date) -> datetime:
    """Midnight of a date, the way all-day starts and exception keys are written."""
    return datetime.combine(day, time())
