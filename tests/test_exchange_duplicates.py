"""Rows that repeat a stored contact or an earlier row of the same file: skip, update empty
fields, overwrite, or add anyway, and the summary counts each."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file, table_counts, write_csv

from desktop.store.database import Database

HEADER = ["First Name", "Last Name", "Company", "Job Title", "E-mail Address", "Mobile Phone"]


@pytest.fixture
def anna(db: Database, tmp_path: Path) -> Database:
    """Anna is already stored, with an e-mail and no phone."""
    write_csv(
        tmp_path / "stored.csv", [HEADER, ["Anna", "Schmidt", "", "Buyer", "anna@example.com", ""]]
    )
    import_file(db, tmp_path / "stored.csv")
    return db


def _incoming(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "fair.csv",
        [
            HEADER,
            # Anna again, e-mail in capitals, now with a phone and another title
            ["Anna", "Schmidt", "", "Head of Purchasing", "ANNA@example.com", "0171 1111111"],
            ["Bob", "Meyer", "", "", "", "+49 30 1234567"],
            # Bob again: the same number written nationally
            ["Robert", "Meyer", "", "CEO", "bob@example.com", "030 1234567"],
            ["Carla", "Diaz", "ACME", "", "", ""],
            # Carla again: same name at the same company
            ["Carla", "Diaz", "acme", "", "carla@acme.example", ""],
        ],
    )


def test_skip(anna: Database, tmp_path: Path) -> None:
    result = import_file(anna, _incoming(tmp_path), on_duplicate="skip")
    assert (result.read, result.created, result.skipped, result.updated) == (5, 2, 3, 0)
    assert (result.duplicates_in_database, result.duplicates_in_file) == (1, 2)
    assert contact_named(anna, "Anna Schmidt").phones == ()


def test_update_fills_empty_fields_only(anna: Database, tmp_path: Path) -> None:
    result = import_file(anna, _incoming(tmp_path), on_duplicate="update")
    assert (result.created, result.updated, result.skipped) == (2, 3, 0)
    card = contact_named(anna, "Anna Schmidt")
    assert card.title == "Buyer"  # not empty, so kept
    assert [p.number for p in card.phones] == ["0171 1111111"]  # a new phone is added
    assert [e.address for e in card.emails] == ["anna@example.com"]  # same address, not twice
    bob = contact_named(anna, "Bob Meyer")  # the first row's name stays
    assert bob.title == "CEO"
    assert [e.address for e in bob.emails] == ["bob@example.com"]
    assert len(bob.phones) == 1
    carla = contact_named(anna, "Carla Diaz")
    assert [e.address for e in carla.emails] == ["carla@acme.example"]


def test_overwrite(anna: Database, tmp_path: Path) -> None:
    result = import_file(anna, _incoming(tmp_path), on_duplicate="overwrite")
    assert (result.created, result.updated) == (2, 3)
    assert contact_named(anna, "Anna Schmidt").title == "Head of Purchasing"
    assert contact_named(anna, "Robert Meyer").title == "CEO"


def test_add_anyway(anna: Database, tmp_path: Path) -> None:
    before = table_counts(anna)["contacts"]
    result = import_file(anna, _incoming(tmp_path), on_duplicate="add")
    assert (result.created, result.duplicates_in_database, result.duplicates_in_file) == (5, 1, 2)
    assert table_counts(anna)["contacts"] == before + 5


def test_same_name_without_company_is_not_a_duplicate(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "twins.csv",
        [HEADER, ["Anna", "Schmidt", "", "", "", ""], ["Anna", "Schmidt", "", "", "", ""]],
    )
    assert import_file(db, path).created == 2


def test_rows_repeating_across_chunks(db: Database, tmp_path: Path) -> None:
    from desktop.exchange import importer

    rows = [HEADER] + [
        [f"P{i}", "Test", "", "", f"p{i % 2500}@example.com", ""] for i in range(5000)
    ]
    result = import_file(db, write_csv(tmp_path / "big.csv", rows), on_duplicate="skip")
    assert importer.CHUNK < 2500  # the repeats are in later chunks than their first rows
    assert (result.created, result.skipped, result.duplicates_in_file) == (2500, 2500, 2500)


def test_counting_duplicates_agrees_with_the_import(anna: Database, tmp_path: Path) -> None:
    from desktop.exchange.plan import plan_import
    from desktop.exchange.preview import count_duplicates

    before = table_counts(anna)
    rows = (
        [HEADER]
        + [[f"P{i}", "Test", "", "", f"p{i % 2500}@example.com", ""] for i in range(5000)]
        + [["Anna", "Schmidt", "", "", "anna@example.com", ""]]
    )
    path = write_csv(tmp_path / "many.csv", rows)
    counted = count_duplicates(anna, plan_import(path))
    assert table_counts(anna) == before  # counting writes nothing
    result = import_file(anna, path, on_duplicate="skip")
    assert (
        (counted.read, counted.in_database, counted.in_file)
        == (result.read, result.duplicates_in_database, result.duplicates_in_file)
        == (5001, 1, 2500)
    )


PLACEHOLDER = "+49 30 9999999"


def test_a_shared_placeholder_phone_does_not_fold_different_accounts(
    db: Database, tmp_path: Path
) -> None:
    """Five firms on one placeholder number stay five; a person of another name on that
    number is not one of them, stored or in the file; the same firm again is."""
    write_csv(tmp_path / "stored.csv", [HEADER, ["", "", "Stored Ltd", "", "", PLACEHOLDER]])
    import_file(db, tmp_path / "stored.csv")
    firms = [["", "", f"Firm {n}", "", "", PLACEHOLDER] for n in range(1, 6)]
    rows = [HEADER, *firms, ["Anna", "Schmidt", "", "", "", PLACEHOLDER]]
    rows.append(["", "", "firm 2", "", "", PLACEHOLDER])  # row 8: Firm 2 again
    result = import_file(db, write_csv(tmp_path / "accounts.csv", rows))
    assert (result.created, result.updated, result.duplicates_in_database) == (6, 0, 0)
    assert result.duplicates_in_file == 1
    assert f"row 8 merged into row 3 (same phone {PLACEHOLDER})" in result.summary()


def test_every_merged_row_is_listed_in_the_summary(anna: Database, tmp_path: Path) -> None:
    result = import_file(anna, _incoming(tmp_path), on_duplicate="skip")
    summary = result.summary()
    assert "3 duplicate rows:" in summary
    assert "row 2 skipped, it repeats C-000001 Anna Schmidt (same e-mail ANNA@example.com)" in (
        summary
    )
    assert "row 4 skipped, it repeats row 3 (same phone 030 1234567)" in summary
    assert "row 6 skipped, it repeats row 5 (same name and company)" in summary


def test_the_wizard_count_lists_the_same_rows(anna: Database, tmp_path: Path) -> None:
    from desktop.exchange.importer import duplicate_line
    from desktop.exchange.plan import plan_import
    from desktop.exchange.preview import count_duplicates

    path = _incoming(tmp_path)
    counted = count_duplicates(anna, plan_import(path))
    result = import_file(anna, path, on_duplicate="update")
    assert [duplicate_line(d, "update") for d in counted.rows] == [
        "row 2 merged into C-000001 Anna Schmidt (same e-mail ANNA@example.com)",
        "row 4 merged into row 3 (same phone 030 1234567)",
        "row 6 merged into row 5 (same name and company)",
    ]
    assert list(counted.rows) == result.duplicates
