"""Every activity carries an iCalendar UID: kept from an imported file, made when it is
scheduled, and filled in for activities stored before UIDs were kept (migration)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from activity_fixtures import schedule
from sqlalchemy import text

from desktop.services.activity_completion import complete_activity
from desktop.store import schema
from desktop.store.database import open_database


def test_a_new_activity_gets_its_own_uid_and_keeps_a_given_one(db):
    start = datetime(2026, 12, 4, 9)
    first = schedule(db, "Call Anna", start, start + timedelta(minutes=15))
    second = schedule(db, "Call Bernd", start, start + timedelta(minutes=15))
    kept = schedule(db, "From Outlook", start, start, uid="040000008200E00074C5B7101A82E008")
    assert first.draft.uid and second.draft.uid and first.draft.uid != second.draft.uid
    assert kept.draft.uid == "040000008200E00074C5B7101A82E008"


def test_a_completed_occurrence_split_from_a_series_has_a_uid_of_its_own(db):
    start = datetime(2026, 12, 4, 9)
    series = schedule(db, "Jour fixe", start, start + timedelta(hours=1), rrule="FREQ=WEEKLY")
    done = complete_activity(db, series.id, "held", original_start=start)
    with db.engine.connect() as conn:
        uids = dict(conn.execute(text("SELECT id, uid FROM activities")).all())
    assert uids[done.activity_id] and uids[done.activity_id] != uids[series.id]


def test_the_upgrade_fills_the_uid_of_activities_stored_before(tmp_path: Path):
    path = tmp_path / "before-uids.db"
    db = open_database(path)
    start = datetime(2026, 12, 4, 9)
    for subject in ("One", "Two", "Three"):
        schedule(db, subject, start, start)
    with db.transaction() as conn:
        conn.execute(text("UPDATE activities SET uid = ''"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    db.close()

    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            uids = conn.execute(text("SELECT uid FROM activities")).scalars().all()
            assert schema.current_revision(conn) == schema.HEAD_REVISION
    finally:
        db.close()
    assert len(set(uids)) == 3 and all(uids)
