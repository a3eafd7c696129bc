"""Team database: two people saving the same contact at once never overwrite each other
silently. The second save is refused with ConflictError, on SQLite and on PostgreSQL, both
when the other save came before this one started and when it slipped in mid-save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.services.contacts import ContactDraft, load_contact, save_contact
from desktop.store.database import Database


def _new_contact(db: Database) -> int:
    return save_contact(db, ContactDraft(first_name="Anna", last_name="Schmidt")).id


def _before_next_flush(db: Database, action: Callable[[], object]) -> None:
    """Run `action` (another user's save) once, just before the next flush writes: after this
    save has read and checked the version, before its UPDATE reaches the database."""
    fired = False

    def _on_before_flush(_session: Session, _context: object, _instances: object) -> None:
        nonlocal fired
        if not fired:
            fired = True
            action()

    event.listen(db.sessions, "before_flush", _on_before_flush)


@pytest.mark.postgres
def test_second_save_from_a_stale_card_is_refused(any_db: Database) -> None:
    contact_id = _new_contact(any_db)
    mine = load_contact(any_db, contact_id).to_draft()
    theirs = load_contact(any_db, contact_id).to_draft()
    save_contact(any_db, replace(theirs, title="Head of Sales"))
    with pytest.raises(ConflictError, match="changed elsewhere"):
        save_contact(any_db, replace(mine, title="Intern"))
    assert load_contact(any_db, contact_id).title == "Head of Sales"
    reloaded = load_contact(any_db, contact_id)
    saved = save_contact(any_db, replace(reloaded.to_draft(), title="Intern"))
    assert saved.title == "Intern" and saved.version == reloaded.version + 1


@pytest.mark.postgres
def test_save_that_slips_in_mid_save_is_a_conflict(any_db: Database) -> None:
    contact_id = _new_contact(any_db)
    mine = load_contact(any_db, contact_id).to_draft()
    theirs = load_contact(any_db, contact_id).to_draft()
    _before_next_flush(any_db, lambda: save_contact(any_db, replace(theirs, title="Theirs")))
    # The version check before writing passed; the UPDATE ... WHERE version = ? found none.
    with pytest.raises(ConflictError, match="while saving"):
        save_contact(any_db, replace(mine, title="Mine"))
    stored = load_contact(any_db, contact_id)
    assert stored.title == "Theirs"
    assert stored.version == mine.version + 1


@pytest.mark.postgres
def test_deal_edited_in_two_places_is_a_conflict(any_db: Database) -> None:
    from desktop.services.deals import DealInput, create_deal, get_deal, update_deal
    from desktop.services.pipeline import list_stages

    stage = list_stages(any_db)[0].id
    deal = create_deal(any_db, DealInput(title="Widgets", stage_id=stage))
    _before_next_flush(
        any_db,
        lambda: update_deal(
            any_db, deal.id, replace(deal.data, title="Theirs", amount_cents=500), deal.version
        ),
    )
    with pytest.raises(ConflictError):
        update_deal(any_db, deal.id, replace(deal.data, title="Mine"), deal.version)
    assert get_deal(any_db, deal.id).data.title == "Theirs"


@pytest.mark.postgres
def test_activity_edited_in_two_places_is_a_conflict(any_db: Database) -> None:
    from datetime import datetime

    from desktop.services.activities import (
        activity_types,
        get_activity,
        schedule_activity,
        update_activity,
    )
    from desktop.services.activity_values import ActivityDraft

    call = activity_types(any_db)[0].id
    draft = ActivityDraft(
        type_id=call,
        subject="Call",
        starts_at=datetime(2025, 5, 1, 9),
        ends_at=datetime(2025, 5, 1, 10),
    )
    info = schedule_activity(any_db, draft)
    _before_next_flush(
        any_db,
        lambda: update_activity(any_db, info.id, replace(draft, subject="Theirs"), info.version),
    )
    with pytest.raises(ConflictError):
        update_activity(any_db, info.id, replace(draft, subject="Mine"), info.version)
    assert get_activity(any_db, info.id).draft.subject == "Theirs"
