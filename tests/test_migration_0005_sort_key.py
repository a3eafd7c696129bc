"""Migration 0005_sort_key_phone_runs: a database written before it gets the list's folded
sort key and the phone digit runs in its search documents, exactly as the store now writes
them."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop.services.contact_list import ListQuery, first_page, plan
from desktop.services.contacts import ContactDraft, PhoneEntry, save_contact
from desktop.services.search import search_contacts
from desktop.store import schema
from desktop.store.database import open_database
from desktop.store.search_index import reindex_contacts


def test_0005_fills_sort_keys_and_phone_runs_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "before-0005.db"
    db = open_database(path)
    ids = {
        first: save_contact(
            db,
            ContactDraft(
                first_name=first,
                last_name=last,
                phones=(PhoneEntry("mobile", phone, e164),) if phone else (),
            ),
        ).id
        for first, last, phone, e164 in (
            ("Zoë", "", "", ""),
            ("Élodie", "", "+33 6 48 57 28 95", "+33648572895"),
            ("Claudia", "", "040 123", ""),
            ("伟", "王", "", ""),
        )
    }
    with db.transaction() as conn:
        current = dict(conn.execute(text("SELECT rowid, doc FROM contact_fts")).all())
        command.downgrade(schema.alembic_config(conn), "0004_activity_uids")
        # the document 0004 left for Élodie: her phone's whole digit forms only
        conn.execute(
            text("UPDATE contact_fts SET doc = :doc WHERE rowid = :i"),
            {
                "doc": "000002 0648572895 28 33648572895 48 57 648572895 95 c000002 elodie élodie",
                "i": ids["Élodie"],
            },
        )
    db.close()

    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.HEAD_REVISION
            keys = dict(conn.execute(text("SELECT first_name, sort_key FROM contacts")).all())
            assert keys == {
                "Zoë": "zoe",
                "Élodie": "elodie",
                "Claudia": "claudia",
                "伟": "wang wei 王伟",
            }
            rows = first_page(conn, plan(conn, ListQuery()), 10)
            assert [r.display_name for r in rows] == ["Claudia", "Élodie", "王伟", "Zoë"]
            upgraded = dict(conn.execute(text("SELECT rowid, doc FROM contact_fts")).all())
        assert upgraded == current
        with db.transaction() as conn:
            reindex_contacts(conn, ids.values())
            assert dict(conn.execute(text("SELECT rowid, doc FROM contact_fts")).all()) == upgraded
        assert [hit.id for hit in search_contacts(db, "2895")] == [ids["Élodie"]]
    finally:
        db.close()
