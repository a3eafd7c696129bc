"""A round trip (issue 13.7): export to csv, xlsx or vcf, import into an empty database, and
every field of every contact is as it was, CRM numbers included; contacts that share an
e-mail stay two contacts. A CRM number that is taken gets a new one, and the summary says so."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from exchange_support import import_file, write_csv
from sqlalchemy import select, text

from desktop.errors import RapportError
from desktop.exchange.export_rows import label_order
from desktop.exchange.exporter import export_contacts
from desktop.services.contacts import (
    AddressEntry,
    ContactDraft,
    EmailEntry,
    PhoneEntry,
    load_contact,
    save_contact,
)
from desktop.store import crm_numbers
from desktop.store.database import Database, open_database
from desktop.store.entities import Contact, CustomField


def _fields(db: Database) -> dict[str, int]:
    with db.session() as session:
        session.add_all(
            [
                CustomField(name="Shoe size", field_type="text", position=1),
                CustomField(name="Budget", field_type="number", position=2),
            ]
        )
    with db.session() as session:
        return {f.name: f.id for f in session.scalars(select(CustomField))}


def _sample(db: Database) -> None:
    """Chinese and accented names, name parts, nickname, alternate name, web addresses and an
    anniversary, several phones, e-mails and addresses with labels, tags, groups, consent,
    custom fields, two people sharing an e-mail and a phone, a company card,
    text a spreadsheet would take for a formula, and a gap in the CRM numbers."""
    fields = _fields(db)
    drafts = [
        ContactDraft(
            first_name="伟",
            last_name="王",
            company="北京星辰科技有限公司",
            title="总经理",
            department="销售部",
            phones=(PhoneEntry("mobile", "+86 138 0013 8000"),),
            emails=(EmailEntry("work", "wang.wei@xingchen.example.cn"),),
            addresses=(
                AddressEntry("work", "朝阳区建国路88号", "北京", "北京市", "100022", "中国"),
            ),
            tags=("VIP", "展会 2025"),
            groups=("China", "Key accounts"),
            birthday="1975-08-08",
            consent_purpose="newsletter",
            consent_source="business card",
            consent_given_at="2024-05-01",
            owner="sam",
            source="Canton fair",
            notes="首次见面: 广交会\nlikes tea",
            alternate_name="Wei Wang",
            nickname="老王",
            website="https://xingchen.example.cn",
        ),
        ContactDraft(
            first_name="Ömer",
            middle_name="Faruk",
            last_name="Çelik",
            name_prefix="Dr.",
            name_suffix="MBA",
            anniversary="2005-09-17",
            website="https://ornek.example/omer?lang=tr,en\nhttps://blog.example/omer;celik",
            company="Örnek A.Ş.",
            title="Müdür",
            phones=(
                PhoneEntry("work", "+90 212 555 0101"),
                PhoneEntry("work", "+90 212 555 0102"),
                PhoneEntry("work fax", "+90 212 555 0199"),
                PhoneEntry("", "+90 532 555 0100"),
            ),
            emails=(
                EmailEntry("home", "omer@example.com.tr"),
                EmailEntry("work", "o.celik@ornek.example"),
            ),
            addresses=(
                AddressEntry("home", "İstiklal Cd. 1\nKat 3", "İstanbul", "", "34433", "Türkiye"),
                AddressEntry("work", "Büyükdere Cd. 100", "İstanbul", "Şişli", "34394", ""),
            ),
            tags=("fair 2025", "vip"),
            groups=("Messe",),
            custom={fields["Shoe size"]: "44", fields["Budget"]: "1250.5"},
            notes="=SUM(A1:A3), not a formula; semicolon; comma, backslash \\ done",
            owner="sam",
        ),
        ContactDraft(
            first_name="José",
            last_name="Müller-Lüdenscheidt",
            company="Shared Office GmbH",
            title="-2+3",
            phones=(PhoneEntry("main", "+49 40 1234567"),),
            emails=(EmailEntry("", "info@shared-office.example"),),
            source="website",
        ),
        ContactDraft(
            first_name="Anna",
            last_name="Schmidt",
            company="Shared Office GmbH",
            phones=(PhoneEntry("main", "+49 40 1234567"),),
            emails=(EmailEntry("", "info@shared-office.example"),),
            birthday="1988-02-29",
            custom={fields["Shoe size"]: "38"},
        ),
        ContactDraft(
            company="Façade Systems Ltd",
            phones=(PhoneEntry("main", "+44 20 7946 0000"),),
            emails=(EmailEntry("", "hello@facade.example"),),
            tags=("supplier",),
        ),
    ]
    for index, draft in enumerate(drafts):
        if index == 3:
            # numbers handed out and never used (deleted contacts): the gap must stay
            with db.transaction() as conn:
                crm_numbers.allocate(conn, 96)
        save_contact(db, draft)


def _cards(db: Database) -> dict[str, dict[str, Any]]:
    """Every contact by CRM number, as the card shows it, without what a database gives
    anew (ids, versions, times)."""
    with db.session() as session:
        ids = session.scalars(select(Contact.id)).all()
    cards = {}
    for contact_id in ids:
        card = asdict(load_contact(db, contact_id))
        for name in ("id", "company_id", "version", "created_at", "updated_at"):
            del card[name]
        card["custom"] = {c["name"]: c["value"] for c in card["custom"] if c["value"]}
        cards[card["crm_number"]] = card
    return cards


def _in_column_order(card: dict[str, Any]) -> dict[str, Any]:
    """A spreadsheet has a column per label ('Phone (work)', 'Phone (work) #2'), so a round
    trip through one keeps each contact's entries in the columns' label order, after the
    primary one (which a 'Which phone is primary' column names)."""
    for kind in ("phones", "emails", "addresses"):
        card[kind] = tuple(
            sorted(card[kind], key=lambda e: (not e["is_primary"], label_order(e["label"])))
        )
    return card


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf"])
def test_round_trip_into_an_empty_database_keeps_every_field(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    _sample(db)
    before = _cards(db)
    assert sorted(before) == ["C-000001", "C-000002", "C-000003", "C-000100", "C-000101"]
    out = tmp_path / f"all.{fmt}"
    assert export_contacts(db, fmt, out) == 5
    empty = open_database(tmp_path / "empty.db")
    try:
        result = import_file(empty, out)
        assert (result.created, result.updated, result.skipped) == (5, 0, 0), result.summary()
        assert "is taken" not in result.summary()
        after = _cards(empty)
        if fmt != "vcf":
            before = {n: _in_column_order(card) for n, card in before.items()}
            after = {n: _in_column_order(card) for n, card in after.items()}
        for number, card in before.items():
            assert after.get(number) == card, number
        assert after == before
        # a kept number is never handed out again
        assert save_contact(empty, ContactDraft(last_name="Neu")).crm_number == "C-000102"
    finally:
        empty.close()


def test_spreadsheet_round_trip_keeps_which_phone_is_primary(db: Database, tmp_path: Path) -> None:
    save_contact(
        db,
        ContactDraft(
            last_name="Vogel",
            phones=(PhoneEntry("work", "+49 30 1111111"), PhoneEntry("mobile", "+49 171 222222")),
        ),
    )
    export_contacts(db, "xlsx", tmp_path / "one.xlsx")
    empty = open_database(tmp_path / "empty.db")
    try:
        import_file(empty, tmp_path / "one.xlsx")
        assert _cards(empty)["C-000001"]["phones"][0]["number"] == "+49 30 1111111"
    finally:
        empty.close()


_SECOND_WORK_PHONE_PRIMARY = (
    PhoneEntry("work", "+49 30 1111111"),
    PhoneEntry("work", "+49 30 2222222", is_primary=True),
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_round_trip_keeps_a_second_work_phone_primary(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    """The primary entry is neither the first column nor the first of its label."""
    save_contact(
        db,
        ContactDraft(
            last_name="Fink",
            phones=(*_SECOND_WORK_PHONE_PRIMARY, PhoneEntry("mobile", "+49 171 333333")),
            emails=(
                EmailEntry("work", "fink@work.example"),
                EmailEntry("", "fink@example.com", True),
            ),
            addresses=(
                AddressEntry("work", "Hauptstr. 1", "Berlin"),
                AddressEntry("home", "Gartenweg 2", "Potsdam", is_primary=True),
            ),
        ),
    )
    out = tmp_path / f"one.{fmt}"
    export_contacts(db, fmt, out)
    empty = open_database(tmp_path / "empty.db")
    try:
        import_file(empty, out)
        card = _cards(empty)["C-000001"]
    finally:
        empty.close()
    assert [p["number"] for p in card["phones"] if p["is_primary"]] == ["+49 30 2222222"]
    assert [e["address"] for e in card["emails"] if e["is_primary"]] == ["fink@example.com"]
    assert [a["city"] for a in card["addresses"] if a["is_primary"]] == ["Potsdam"]
    assert sorted(p["number"] for p in card["phones"]) == [
        "+49 171 333333",
        "+49 30 1111111",
        "+49 30 2222222",
    ]


def test_the_export_names_the_primary_entries_in_words_a_user_reads(
    db: Database, tmp_path: Path
) -> None:
    save_contact(
        db,
        ContactDraft(
            last_name="Fink",
            phones=_SECOND_WORK_PHONE_PRIMARY,
            emails=(EmailEntry("", "fink@example.com"),),
        ),
    )
    out = tmp_path / "one.csv"
    export_contacts(db, "csv", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    cells = dict(zip(header, row, strict=True))
    assert cells["Which phone is primary"] == "Phone (work) #2"
    assert cells["Which e-mail is primary"] == "E-mail"
    # no contact has an address, so there is no column for one
    assert "Which address is primary" not in cells
    assert header.index("Which phone is primary") == header.index("Phone (work) #2") + 1


def test_a_hand_made_file_names_the_primary_phone_by_its_label(
    db: Database, tmp_path: Path
) -> None:
    """German headers; a bare label in the cell; a cell naming no phone the row has changes
    nothing; Outlook's 'Primary Phone' column is still a phone number."""
    path = write_csv(
        tmp_path / "hand.csv",
        [
            ["Nachname", "Telefon (work)", "Handy", "Welches Telefon ist primär", "Primary Phone"],
            ["Adler", "030 111111", "0171 222222", "mobile", ""],
            ["Biber", "030 333333", "0171 444444", "fax", ""],
            ["Cedric", "030 555555", "", "", "030 666666"],
        ],
    )
    result = import_file(db, path)
    assert result.created == 3, result.summary()
    with db.transaction() as conn:
        primary = dict(
            conn.execute(
                text(
                    "SELECT c.last_name, p.number FROM contacts c "
                    "JOIN contact_phones p ON p.contact_id = c.id WHERE p.is_primary"
                )
            ).all()
        )
        numbers = conn.execute(
            text(
                "SELECT count(*) FROM contact_phones p JOIN contacts c ON c.id = p.contact_id "
                "WHERE c.last_name = 'Cedric'"
            )
        ).scalar()
    assert primary == {"Adler": "0171 222222", "Biber": "030 333333", "Cedric": "030 555555"}
    assert numbers == 2


@pytest.mark.postgres
def test_taken_crm_numbers_get_new_ones_and_the_summary_names_them(
    any_db: Database, tmp_path: Path
) -> None:
    db = any_db
    save_contact(db, ContactDraft(first_name="Berta", last_name="Bestand"))  # holds C-000001
    path = write_csv(
        tmp_path / "numbers.csv",
        [
            ["CRM number", "First name", "Last name", "E-mail"],
            ["C-000001", "Carl", "Neu", "carl@example.com"],
            ["C-000050", "Dora", "Neu", "dora@example.com"],
            ["C-000050", "Emil", "Neu", "emil@example.com"],
            ["", "Frida", "Neu", "frida@example.com"],
            ["no number", "Gustav", "Neu", "gustav@example.com"],
        ],
    )
    result = import_file(db, path)
    assert result.created == 5
    with db.transaction() as conn:
        numbers = dict(conn.execute(text("SELECT first_name, crm_number FROM contacts")).all())
    assert numbers["Berta"] == "C-000001"
    assert numbers["Dora"] == "C-000050"
    # the counter goes on above the kept number
    assert {numbers["Carl"], numbers["Emil"], numbers["Frida"], numbers["Gustav"]} == {
        "C-000051",
        "C-000052",
        "C-000053",
        "C-000054",
    }
    summary = result.summary()
    assert f"row 2: CRM number C-000001 is taken (Berta Bestand); given {numbers['Carl']}" in (
        summary
    )
    assert f"row 4: CRM number C-000050 is taken (row 3); given {numbers['Emil']}" in summary
    assert f"row 6: 'no number' is not a CRM number; given {numbers['Gustav']}" in summary


@pytest.mark.parametrize("fmt", ["csv", "vcf"])
def test_importing_an_export_back_changes_nothing(db: Database, tmp_path: Path, fmt: str) -> None:
    """Each row finds its own contact by CRM number, even Anna, whose e-mail José also has."""
    _sample(db)
    before = _cards(db)
    out = tmp_path / f"all.{fmt}"
    export_contacts(db, fmt, out)
    with pytest.raises(
        RapportError,
        match=f"nothing imported from all.{fmt}: 5 read, 0 skipped "
        "as duplicates, 5 unchanged, 0 rejected",
    ):
        import_file(db, out)
    assert _cards(db) == before
