"""Every writer of a contact keeps its list order key (contacts.sort_key) with its sort name
(issue 15.8): the card's save, the import's new rows and merges, the import's undo and the
demo. A writer that forgot it would leave '' and file the contact above 'A'."""

from __future__ import annotations

from pathlib import Path

from exchange_support import import_file, write_csv
from sqlalchemy import text

from desktop.exchange.undo import import_batches, undo_import
from desktop.services.contacts import ContactDraft, save_contact
from desktop.services.demo import generate_demo
from desktop.store.database import Database
from desktop.store.names import sort_key


def stale_keys(db: Database) -> dict[str, tuple[str, str]]:
    """Contacts whose stored key is not the one their sort name gives, by display name."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT display_name, sort_name, sort_key FROM contacts"))
        return {shown: (key, sort_key(name)) for shown, name, key in rows if key != sort_key(name)}


def keys(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT display_name, sort_key FROM contacts")).all())


def test_the_card_the_import_its_merges_and_its_undo_keep_the_key(
    db: Database, tmp_path: Path
) -> None:
    save_contact(db, ContactDraft(first_name="Émile", last_name="Zola"))
    header = ["First name", "Last name", "Company", "Email"]
    import_file(
        db,
        write_csv(
            tmp_path / "a.csv",
            [
                header,
                ["Élodie", "Ørsted", "", "e@example.com"],
                ["", "", "Ölwerk", "o@example.com"],
            ],
        ),
    )
    expected = {"Émile Zola": "zola emile", "Élodie Ørsted": "orsted elodie", "Ölwerk": "olwerk"}
    assert keys(db) == expected
    # a merge that renames a card rewrites its key too
    import_file(
        db,
        write_csv(tmp_path / "b.csv", [header, ["Élodie", "Ängström", "", "e@example.com"]]),
        on_duplicate="overwrite",
    )
    assert keys(db)["Élodie Ängström"] == "angstrom elodie"
    undo_import(db, import_batches(db)[0].id)
    assert keys(db) == expected
    assert stale_keys(db) == {}


def test_the_demo_writes_the_key_of_every_contact(db: Database) -> None:
    generate_demo(db, 200, seed=3)
    assert stale_keys(db) == {}
    with db.engine.connect() as conn:
        chinese = conn.execute(
            text("SELECT sort_key FROM contacts WHERE sort_key <> sort_name LIMIT 1")
        ).scalar_one()
    assert chinese[:1].isascii()  # a pinyin reading, not the characters
