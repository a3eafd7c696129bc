"""Reading .ics files (iCalendar, RFC 5545) into activities.

The file is read as a stream, event by event (desktop.exchange.ics_reader), and new events are
written in batches by Core inserts, so a 100,000-event calendar neither fills memory nor waits
on one ORM flush per event. An event whose UID is already stored updates that activity (a
re-import of our own export changes, never doubles). RRULE is kept as text with the event's
IANA zone (desktop.exchange.ics_zones), EXDATE and cancelled RECURRENCE-ID overrides become
skipped occurrences, other overrides moved ones; all-day dates stay dates. A broken event is
skipped with a message naming it, the rest is imported, all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desktop.errors import RapportError
from desktop.exchange.ics_event import (
    ImportedEvent,
    Skip,
    name_of,
    occurrence_key,
    read_event,
    read_override,
)
from desktop.exchange.ics_lines import Component
from desktop.exchange.ics_reader import Unreadable, read_components
from desktop.exchange.ics_zones import ZoneMap
from desktop.services.activities import activity_row, update_in
from desktop.services.activity_values import ActivityDraft
from desktop.store.backup import backup_before
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityType,
    ContactEmail,
)

# New events are written this many at a time: few round trips, little held in memory.
_BATCH = 2000


@dataclass(frozen=True)
class IcsImportResult:
    path: Path
    imported: int
    skipped: int
    #: one line per skipped event, naming it and saying why, then one per warning
    messages: tuple[str, ...] = ()
    activity_ids: tuple[int, ...] = field(default=(), repr=False)
    #: events already stored (same UID) that the file updated
    updated: int = 0

    def summary(self) -> str:
        parts = [f"{self.imported} imported" if self.imported or self.updated else
                 "nothing imported"]  # fmt: skip
        if self.updated:
            parts.append(f"{self.updated} updated")
        parts.append(f"{self.skipped} skipped")
        return "\n".join([f"{self.path.name}: {', '.join(parts)}", *self.messages])


#: progress(bytes read, file size) -> keep going?
Progress = Callable[[int, int], bool]


def import_ics(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    backup_first: bool = True,
) -> IcsImportResult:
    """Import every event and to-do of the file; refuses a file that is not iCalendar.

    `progress(done, total)` is called as events are read (bytes of the file); when it returns
    False the import stops and nothing of it is kept (one transaction). `backup_first=False`
    is for a caller that took the backup itself (the benchmark, timing it apart)."""
    path = Path(path)
    components = read_components(path)
    first = next(components, None)  # the file is refused here, before the backup
    if backup_first:
        backup_before(db, "import")
    with db.session() as session:
        run = _Run(session, path, progress)
        if first is not None:
            run.take(*first)
            for item in components:
                run.take(*item)
        return run.finish()


class _Run:
    """One import in one session: the events read so far and what became of them."""

    def __init__(self, session: Session, path: Path, progress: Progress | None) -> None:
        self.session, self.path, self.progress = session, path, progress
        self.size = max(path.stat().st_size, 1)
        self.types = {t.name.lower(): t for t in session.scalars(select(ActivityType))}
        self.stored = dict(
            session.execute(select(Activity.uid, Activity.id).where(Activity.uid != "")).all()
        )
        self.zones = ZoneMap()
        self.emails: dict[str, int | None] = {}
        self.number = 0
        self.seen: set[str] = set()
        self.pending: list[tuple[str, ImportedEvent]] = []
        #: series read in this file by UID, for their overrides: (id, draft, name)
        self.series: dict[str, tuple[int, ActivityDraft, str]] = {}
        self.overrides: dict[str, list[Component]] = defaultdict(list)
        self.imported: list[int] = []
        self.updated: list[int] = []
        self.skipped: list[str] = []
        self.warnings: list[str] = []

    def take(self, offset: int, component: Any) -> None:
        if isinstance(component, Unreadable):
            self.skipped.append(f"{component.name} skipped: cannot be read ({component.why})")
            return
        if component.name == "VTIMEZONE":
            self.zones.define(component)
            return
        self.number += 1
        uid = component.text("UID")
        if component.first("RECURRENCE-ID") is not None and uid:
            self.overrides[uid].append(component)
            return
        if self.progress is not None and not self.progress(offset, self.size):
            raise RapportError(f"{self.path.name}: import cancelled; nothing was imported")
        name = name_of(component, self.number)
        if uid and uid in self.seen:
            self.skipped.append(f"{name} skipped: its UID {uid} is in the file twice")
            return
        try:
            event = read_event(component, self.types, self._attendees, self.zones)
        except (RapportError, ValueError, TypeError, KeyError) as exc:
            self.skipped.append(f"{name} skipped: {exc}")
            return
        if uid:
            self.seen.add(uid)
        if event.warning:
            self.warnings.append(f"{name}: {event.warning}")
        if uid in self.stored:
            self._update(self.stored[uid], name, event)
        else:
            self.pending.append((name, event))
            if len(self.pending) >= _BATCH:
                self._flush()

    def finish(self) -> IcsImportResult:
        self._flush()
        self._apply_overrides()
        return IcsImportResult(
            self.path,
            len(self.imported),
            len(self.skipped),
            tuple(self.skipped + self.warnings),
            tuple(self.imported + self.updated),
            len(self.updated),
        )

    def _attendees(self, addresses: list[str]) -> tuple[int, ...]:
        """Contacts by e-mail, looked up once per address the file names (the address book
        may hold a million e-mails; a calendar names a few hundred)."""
        unknown = [a for a in addresses if a not in self.emails]
        if unknown:
            rows = self.session.execute(
                select(ContactEmail.address_key, ContactEmail.contact_id).where(
                    ContactEmail.address_key.in_(unknown)
                )
            ).all()
            self.emails.update(dict.fromkeys(unknown))
            self.emails.update((key, contact_id) for key, contact_id in rows)
        found = [self.emails[a] for a in addresses if self.emails.get(a) is not None]
        return tuple(dict.fromkeys(i for i in found if i is not None))

    def _flush(self) -> None:
        """Write the pending new events with Core inserts, ids back in order."""
        if not self.pending:
            return
        rows = [
            {**activity_row(e.draft), "status": e.status, "result": e.result, "owner": e.owner,
             "completed_at": e.completed_at}
            for _, e in self.pending
        ]  # fmt: skip
        # Core, not the ORM's bulk insert, and ids matched by UID (unique among these rows)
        # rather than RETURNING in parameter order, which SQLAlchemy reads back row by row.
        table = Activity.metadata.tables["activities"]
        returned = self.session.execute(insert(table).returning(table.c.uid, table.c.id), rows)
        by_uid: dict[str, int] = {uid: i for uid, i in returned.all()}
        ids = [by_uid[str(row["uid"])] for row in rows]
        links = [
            {"activity_id": i, "contact_id": c}
            for i, (_, e) in zip(ids, self.pending, strict=True)
            for c in e.draft.contact_ids
        ]
        if links:
            self.session.execute(insert(ActivityContact), links)
        skips = [
            {"activity_id": i, "original_start": key, "kind": "skip"}
            for i, (_, e) in zip(ids, self.pending, strict=True)
            for key in e.skipped
        ]
        if skips:
            self.session.execute(insert(ActivityException), skips)
        for i, (name, e), row in zip(ids, self.pending, rows, strict=True):
            self.imported.append(i)
            self.stored[str(row["uid"])] = i
            if e.draft.rrule and e.draft.uid:
                self.series[e.draft.uid] = (i, e.draft, name)
        self.pending = []

    def _update(self, activity_id: int, name: str, event: ImportedEvent) -> None:
        """The stored activity of the same UID takes what the file says, exceptions too."""
        try:
            with self.session.begin_nested():
                activity = update_in(self.session, activity_id, event.draft)
                activity.status, activity.result = event.status, event.result
                activity.completed_at = event.completed_at
                activity.owner = event.owner or activity.owner
                activity.exceptions.clear()
                self.session.flush()
                activity.exceptions.extend(
                    ActivityException(original_start=key, kind="skip") for key in event.skipped
                )
                self.session.flush()
        except RapportError as exc:
            self.skipped.append(f"{name} skipped: {exc}")
            return
        self.updated.append(activity_id)
        if event.draft.rrule and event.draft.uid:
            self.series[event.draft.uid] = (activity_id, event.draft, name)

    def _apply_overrides(self) -> None:
        for uid, overrides in self.overrides.items():
            if uid not in self.series:
                for override in overrides:
                    self.skipped.append(
                        f"{name_of(override, 0)} skipped: it changes one occurrence of a "
                        f"series (UID {uid}) that is not in the file"
                    )
                continue
            activity_id, draft, name = self.series[uid]
            try:
                with self.session.begin_nested():
                    self._add_overrides(activity_id, draft, overrides)
            except (RapportError, ValueError, TypeError, KeyError) as exc:
                if activity_id in self.updated:
                    # a series the user had already: keep it, updated, without that change
                    self.warnings.append(f"{name}: {exc}; the rest of it was updated")
                    continue
                # a new series goes with its broken change, as if it had never been read
                self.session.execute(delete(Activity).where(Activity.id == activity_id))
                self.imported = [i for i in self.imported if i != activity_id]
                self.skipped.append(f"{name} skipped: {exc}")

    def _add_overrides(
        self, activity_id: int, draft: ActivityDraft, overrides: list[Component]
    ) -> None:
        found: dict[datetime, dict[str, Any]] = {}
        for override in overrides:
            recurrence_id = override.first("RECURRENCE-ID")
            assert recurrence_id is not None  # only overrides are kept here
            key = occurrence_key(recurrence_id, "RECURRENCE-ID", draft, self.zones)
            row: dict[str, Any] = {"activity_id": activity_id, "original_start": key}
            if override.text("STATUS").upper() == "CANCELLED":
                found[key] = {**row, "kind": "skip"}
                continue
            moved = read_override(override, self.types, self.zones)
            new_start, new_end = _moved_times(moved, draft.all_day, key)
            subject = moved.subject if moved.subject != draft.subject else None
            found[key] = {**row, "kind": "moved", "new_start": new_start, "new_end": new_end,
                          "subject": subject}  # fmt: skip
        self.session.execute(
            delete(ActivityException).where(
                ActivityException.activity_id == activity_id,
                ActivityException.original_start.in_(list(found)),
            )
        )
        self.session.execute(insert(ActivityException), list(found.values()))


def _moved_times(moved: ActivityDraft, all_day: bool, key: datetime) -> tuple[datetime, datetime]:
    """Where an override moved its occurrence, in the series' own terms (dates or instants)."""
    if all_day and moved.start_date is not None and moved.end_date is not None:
        return datetime.combine(moved.start_date, time()), datetime.combine(moved.end_date, time())
    if not all_day and moved.starts_at is not None and moved.ends_at is not None:
        return moved.starts_at, moved.ends_at
    raise Skip(f"its change to the occurrence of {key:%Y-%m-%d} mixes dates and times")
