"""A round trip (issue 13.7): export to csv, xlsx or vcf, import into an empty database, and
every field of every contact is as it was, CRM numbers included; contacts that share an
e-mail stay two contacts. A CRM number that is taken gets a new one, and the summary says so."""

from __future__ import annotations

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
    trip through one keeps each contact's entries in the columns' label order; the first is
    then the primary one."""
    for kind in ("phones", "emails", "addresses"):
        entries = sorted(card[kind], key=lambda e: label_order(e["label"]))
        card[kind] = tuple({**e, "is_primary": i == 0} for i, e in enumerate(entries))
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


@pytest.mark.xfail(
    strict=True, reason="a spreadsheet has columns by label, not a contact's own order"
)
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
