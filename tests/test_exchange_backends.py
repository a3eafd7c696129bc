"""The whole import and export path on SQLite and on PostgreSQL (a sales team's shared
database): reserved ids, bulk rows, merges, undo and the search index."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import REALDATA, contact_named, import_file, table_counts, write_csv

from desktop.exchange.exporter import export_contacts
from desktop.exchange.undo import undo_import
from desktop.services.search import search_contacts
from desktop.store.database import Database

pytestmark = pytest.mark.postgres


def test_import_merge_export_undo(any_db: Database, tmp_path: Path) -> None:
    first = import_file(any_db, REALDATA / "vcard" / "v30_gmail_many_emails_phones__ezvcard.vcf")
    import_file(any_db, REALDATA / "contacts" / "outlook2013_german_cp1252__tine20.csv")
    before = table_counts(any_db)
    second = import_file(
        any_db,
        write_csv(
            tmp_path / "more.csv",
            [
                ["Vorname", "Nachname", "Firma", "E-Mail", "Mobil", "Geburtstag", "Gruppen"],
                [
                    "Cornelius",
                    "Weiß",
                    "unittest",
                    "c.weiss@unittest.de",
                    "0171 9999999",
                    "1.2.1980",
                    "Messe",
                ],
                ["伟", "王", "北京科技", "wang@example.cn", "+86 138 0013 8000", "", "Messe"],
            ],
        ),
    )
    assert (second.created, second.updated) == (1, 1)
    weiss = contact_named(any_db, "Cornelius Weiß")
    assert str(weiss.birthday) == "1980-02-01"
    assert "+491719999999" in {p.e164 for p in weiss.phones}
    assert [c.display_name for c in search_contacts(any_db, "北京")] == ["王伟"]
    out = tmp_path / "messe.xlsx"
    assert export_contacts(any_db, "xlsx", out) == 4
    undone = undo_import(any_db, second.batch_id)
    assert (undone.removed, undone.restored) == (1, 1)
    after = table_counts(any_db)
    for table in ("contacts", "contact_phones", "contact_emails", "group_members"):
        assert after[table] == before[table], table
    assert contact_named(any_db, "Cornelius Weiß").birthday is None
    assert search_contacts(any_db, "北京") == []
    assert first.batch_id is not None
