"""Headers map to fields by themselves in English, German and Chinese and in the layouts of
Google, Outlook and Act!; a user's mapping can be saved and used again."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file, write_csv

from desktop.errors import RapportError
from desktop.exchange.importer import run_import
from desktop.exchange.mapping import (
    IGNORE,
    ColumnMap,
    custom,
    describe,
    guess_mapping,
    load_mapping_file,
    mapping_from_json,
    mapping_to_json,
    named_mappings,
    save_named_mapping,
)
from desktop.exchange.plan import plan_import
from desktop.store.database import Database


def _described(headers: list[str]) -> list[str]:
    return [describe(c) for c in guess_mapping(headers)]


def test_english_german_chinese() -> None:
    assert _described(["First Name", "Vorname", "名"]) == ["First name"] * 3
    assert _described(["E-mail Address", "E-Mail-Adresse", "电子邮件"]) == ["E-mail"] * 3
    assert _described(["Mobile Phone", "Mobiltelefon", "手机"]) == ["Phone (mobile)"] * 3
    assert _described(["Company", "Firma", "公司名称"]) == ["Company"] * 3
    assert _described(["Zip", "PLZ", "邮编"]) == ["Postal code"] * 3
    assert _described(["Notes", "Bemerkung", "备注"]) == ["Notes"] * 3
    assert _described(["姓名", "*手机号码："]) == ["Full name", "Phone (mobile)"]


def test_outlook_english_layout() -> None:
    headers = [
        "Title",
        "First Name",
        "Middle Name",
        "Last Name",
        "Company",
        "Job Title",
        "Business Street",
        "Business City",
        "Business Postal Code",
        "Business Phone",
        "Business Fax",
        "Home Phone",
        "E-mail Address",
        "E-mail Type",
        "E-mail 2 Address",
        "Categories",
        "Birthday",
    ]
    assert _described(headers) == [
        "(ignore)",
        "First name",
        "Middle name",
        "Last name",
        "Company",
        "Job title",
        "Street (work)",
        "City (work)",
        "Postal code (work)",
        "Phone (work)",
        "Phone (work fax)",
        "Phone (home)",
        "E-mail",
        "(ignore)",
        "E-mail",
        "Tags",
        "Birthday",
    ]


def test_act_layout() -> None:
    headers = [
        "Contact",
        "Company",
        "Title",
        "Phone",
        "Mobile Phone",
        "E-mail",
        "Address 1",
        "Address 2",
        "City",
        "State",
        "ZIP Code",
        "Record Manager",
        "Referred By",
        "ID/Status",
    ]
    assert _described(headers) == [
        "Full name",
        "Company",
        "Job title",
        "Phone",
        "Phone (mobile)",
        "E-mail",
        "Street",
        "Street",
        "City",
        "Region",
        "Postal code",
        "Owner",
        "Source",
        "Tags",
    ]


def test_act_two_street_lines_make_one_address(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "act.csv",
        [
            ["Contact", "Company", "Address 1", "Address 2", "City"],
            ["Dana Scully", "FBI", "935 Pennsylvania Ave", "Room 4", "Washington"],
        ],
    )
    import_file(db, path)
    (address,) = contact_named(db, "Dana Scully").addresses
    assert (address.street, address.city) == ("935 Pennsylvania Ave\nRoom 4", "Washington")


def test_google_pairs_type_and_value_columns() -> None:
    mapping = guess_mapping(
        [
            "Name",
            "Given Name",
            "Family Name",
            "Phone 1 - Type",
            "Phone 1 - Value",
            "Phone 2 - Type",
            "Phone 2 - Value",
        ]
    )
    assert mapping[0] == IGNORE  # the full name, when its parts are there too
    assert mapping[3] == ColumnMap("phone_label", slot="phone1")
    assert mapping[6] == ColumnMap("phone", slot="phone2")


def test_unknown_headers_are_ignored_or_custom_fields() -> None:
    assert guess_mapping(["Shoe size", "Lieblingsfarbe"]) == (IGNORE, IGNORE)
    assert guess_mapping(["Shoe size"], custom_fields=["shoe SIZE"]) == (custom("shoe SIZE"),)


def test_user_mapping_saved_in_database_and_reused(db: Database, tmp_path: Path) -> None:
    headers = ["Kunde", "Telefonnummer", "Größe"]
    path = write_csv(tmp_path / "odd.csv", [headers, ["Eva Braun", "0171 5555555", "38"]])
    plan = plan_import(path)
    assert describe(plan.mapping[0]) == "(ignore)"
    chosen = (ColumnMap("full_name"), ColumnMap("phone", "mobile"), custom("Size"))
    save_named_mapping(db, "Odd supplier", headers, chosen)
    saved = named_mappings(db)["Odd supplier"]
    assert mapping_from_json(saved, headers, "Odd supplier") == chosen
    from dataclasses import replace

    run_import(db, replace(plan, mapping=mapping_from_json(saved, headers, "saved")))
    eva = contact_named(db, "Eva Braun")
    assert [(p.label, p.e164) for p in eva.phones] == [("mobile", "+491715555555")]
    assert [(c.name, c.value) for c in eva.custom] == [("Size", "38")]


def test_mapping_file(tmp_path: Path) -> None:
    headers = ["A", "B"]
    path = tmp_path / "map.json"
    path.write_text(mapping_to_json(headers, (ColumnMap("email", "work"), IGNORE)), "utf-8")
    assert load_mapping_file(path, ["B", "A", "Vorname"]) == (
        IGNORE,
        ColumnMap("email", "work"),
        ColumnMap("first_name"),
    )
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(RapportError, match=r"map\.json is not a saved column mapping"):
        load_mapping_file(path, headers)
