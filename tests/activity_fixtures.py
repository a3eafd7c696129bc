"""Helpers the calendar tests share: contacts and activity types in a fresh database."""

from __future__ import annotations

from datetime import datetime

from desktop.services.activities import activity_types, schedule_activity
from desktop.services.activity_values import ActivityDraft, ActivityInfo
from desktop.store.crm_numbers import allocate, format_crm
from desktop.store.database import Database
from desktop.store.entities import Contact
from desktop.store.names import display_name, sort_name


def add_contact(db: Database, first: str, last: str) -> int:
    with db.session() as session:
        number = allocate(session.connection(), 1)[0]
        contact = Contact(
            crm_number=format_crm(number),
            first_name=first,
            last_name=last,
            display_name=display_name(first, last),
            sort_name=sort_name(first, last),
        )
        session.add(contact)
        session.flush()
        return contact.id


def type_id(db: Database, name: str) -> int:
    return next(t.id for t in activity_types(db) if t.name == name)


def schedule(
    db: Database,
    subject: str,
    start: datetime,
    end: datetime,
    kind: str = "Meeting",
    contacts: tuple[int, ...] = (),
    **fields: object,
) -> ActivityInfo:
    draft = ActivityDraft(
        type_id=type_id(db, kind),
        subject=subject,
        contact_ids=contacts,
        starts_at=start,
        ends_at=end,
        **fields,  # type: ignore[arg-type]
    )
    return schedule_activity(db, draft)
