"""A finished import can be taken back whole; a cancelled one never happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file, table_counts, write_csv
from sqlalchemy import text

from desktop.errors import RapportError
from desktop.exchange.importer import ImportCancelled, run_import
from desktop.exchange.plan import ImportOptions, plan_import
from desktop.exchange.undo import import_batches, imported_contact_ids, undo_import
from desktop.services.search import search_contacts
from desktop.store.database import Database

HEADER = ["Name", "Company", "Email", "Phone", "Tags", "Groups", "Birthday", "Custom: Region"]


@pytest.fixture
def stored(db: Database, tmp_path: Path) -> Database:
    import_file(
        db,
        write_csv(
            tmp_path / "first.csv",
            [HEADER, ["Anna Schmidt", "", "anna@example.com", "", "vip", "", "", ""]],
        ),
    )
    return db


def _second(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "second.csv",
        [
            HEADER,
            [
                "Anna Schmidt",
                "ACME",
                "anna@example.com",
                "0171 2222222",
                "fair; lead",
                "Messe",
                "1980-02-01",
                "North",
            ],
            ["Zoe Zander", "Zed Ltd", "zoe@zed.example", "", "lead", "Messe", "", "South"],
        ],
    )


def test_undo_removes_created_and_restores_updated(stored: Database, tmp_path: Path) -> None:
    before = table_counts(stored)
    anna_before = contact_named(stored, "Anna Schmidt")
    result = import_file(stored, _second(tmp_path), on_duplicate="update")
    assert (result.created, result.updated) == (1, 1)
    anna = contact_named(stored, "Anna Schmidt")
    assert (anna.company, anna.tags, anna.groups) == ("ACME", ("fair", "lead", "vip"), ("Messe",))
    assert [e.value for e in anna.custom if e.name == "Region"] == ["North"]
    assert [c.display_name for c in search_contacts(stored, "zoe")] == ["Zoe Zander"]
    assert imported_contact_ids(stored, result.batch_id) == [contact_named(stored, "Zoe Zander").id]
    with stored.transaction() as conn:
        history = conn.execute(
            text(
                "SELECT c.display_name, h.subject, h.text FROM history_items h "
                "JOIN contacts c ON c.id = h.contact_id WHERE h.kind = 'imported' ORDER BY h.id"
            )
        ).all()
    assert [tuple(row) for row in history] == [
        ("Anna Schmidt", "Imported from first.csv", "row 2"),
        ("Zoe Zander", "Imported from second.csv", "row 3"),
        ("Anna Schmidt", "Updated by the import of second.csv", ""),
    ]

    undone = undo_import(stored, result.batch_id)

    assert (undone.removed, undone.restored) == (1, 1)
    assert search_contacts(stored, "zoe") == []
    anna_after = contact_named(stored, "Anna Schmidt")
    for name in ("company", "phones", "emails", "tags", "groups", "birthday", "title"):
        assert getattr(anna_after, name) == getattr(anna_before, name), name
    assert [e.value for e in anna_after.custom if e.value] == []
    assert search_contacts(stored, "acme") == []
    after = table_counts(stored)
    # what remains: the record of both imports, the new names (tags, group, company, field)
    for table in (
        "contacts",
        "contact_phones",
        "contact_emails",
        "contact_tags",
        "group_members",
        "custom_values",
        "history_items",
    ):
        assert after[table] == before[table], table
    (latest, _first) = import_batches(stored)
    assert latest.undone_at is not None
    with pytest.raises(RapportError, match="already undone"):
        undo_import(stored, result.batch_id)


def test_cancel_before_the_end_changes_nothing(stored: Database, tmp_path: Path) -> None:
    rows = [HEADER] + [
        [f"Person {i}", "", f"p{i}@example.com", "", "", "", "", ""] for i in range(4500)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    before = table_counts(stored)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(ImportCancelled, match=r"big\.csv cancelled; nothing was changed"):
        run_import(
            stored,
            plan_import(path),
            ImportOptions(),
            progress=progress,
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen[:2] == [2000, 4000]  # two chunks were written inside the transaction
    assert table_counts(stored) == before
    assert search_contacts(stored, "person") == []


def test_import_into_read_only_database_is_refused(stored: Database, tmp_path: Path) -> None:
    from desktop.store.database import open_database

    readonly = open_database(stored.path, readonly=True)
    try:
        with pytest.raises(RapportError, match="read-only"):
            run_import(readonly, plan_import(_second(tmp_path)))
    finally:
        readonly.close()


def test_batch_records_file_and_counts(stored: Database, tmp_path: Path) -> None:
    import_file(stored, _second(tmp_path))
    latest = import_batches(stored)[0]
    assert latest.file_name.endswith("second.csv")
    assert latest.finished_at is not None
    assert latest.counts["created"] == 1
    with stored.transaction() as conn:
        actions = conn.execute(
            text("SELECT action, count(*) FROM import_changes WHERE batch_id = :b GROUP BY action"),
            {"b": latest.id},
        ).all()
    assert sorted(actions) == [("created", 1), ("updated", 1)]
