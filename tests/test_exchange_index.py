"""What an import puts in the search index: a document for every new contact, built as the
store itself would build it, and nothing left over beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from exchange_support import import_file, write_csv
from sqlalchemy import text

from desktop.services.search import search_contacts
from desktop.store.database import Database
from desktop.store.search_index import contact_text, with_crm_number


@pytest.mark.parametrize("crm", ["C-000123", "C-000001", "C-1234567", "C-000012"])
def test_a_crm_number_handed_out_later_gives_the_document_built_with_it(crm: str) -> None:
    # the worker builds documents before the numbers exist; words that start the number's
    # own ('c', '000', 'c0001') or that it starts ('c000123x', '0001234') must end up the same
    person: Any = (
        ("C0", "c000123x", "Anna 000"),
        "0001234 GmbH",
        ["c0001@example.com"],
        [("0001 2345", "+4900012345")],
        ["Köln", ""],
    )
    built_later = with_crm_number(contact_text("", *person), crm)
    assert built_later == contact_text(crm, *person)


def test_a_contact_with_no_searchable_word_gets_an_empty_document() -> None:
    # a row whose only text is punctuation: its document is built before its CRM number
    assert contact_text("", ("…", "", "…"), "", [], [], [""]) == ""
    assert with_crm_number("", "C-000007") == "000007 c000007"


def test_a_document_its_deleted_contact_left_behind_is_not_found_beside_the_new_one(
    db: Database, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "E-mail"]
    import_file(db, write_csv(tmp_path / "a.csv", [header, ["Anna", "Alt", "anna@example.com"]]))
    with db.transaction() as conn:  # deleted behind the index's back: its document stays
        conn.execute(text("DELETE FROM contacts"))
    import_file(db, write_csv(tmp_path / "b.csv", [header, ["Berta", "Neu", "berta@example.com"]]))
    with db.transaction() as conn:
        ids = conn.execute(text("SELECT id FROM contacts")).scalars().all()
        indexed = conn.execute(text("SELECT rowid FROM contact_fts")).scalars().all()
    assert indexed == ids  # the new contact took the old one's id, and only its document
    assert search_contacts(db, "anna") == []
    assert [h.display_name for h in search_contacts(db, "berta")] == ["Berta Neu"]
