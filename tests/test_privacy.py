"""A person's data: exported whole (JSON and vCard), erased whole (down to the file's bytes),
and consent honoured by the shared filter that exports and mailing lists use."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import vobject
from privacy_fixtures import SECRET_WORDS, add_rich_contact
from sqlalchemy import select

from desktop.errors import RapportError, ValidationError
from desktop.services.consent import (
    consenting_filter,
    consenting_ids,
    give_consent,
    load_consent,
    withdraw_consent,
)
from desktop.services.erasure import erase_person, erasure_count
from desktop.services.privacy import export_person
from desktop.store.backup import backup_before
from desktop.store.database import Database
from desktop.store.entities import Activity, Contact, Deal, ErasureRecord
from desktop.store.integrity import check_file
from desktop.store.search_index import search_ids


@pytest.mark.postgres
def test_export_writes_every_linked_record(any_db: Database, tmp_path: Path) -> None:
    person, _ = add_rich_contact(any_db)
    result = export_person(any_db, person, tmp_path)
    assert result.json_path.name == "C-900001 Zebulon Quaxworth.json"
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert data["contact"]["notes"] == "Prefers calls after Quaxworth lunch"
    assert data["contact"]["birthday"] == "1970-05-17"
    assert data["contact"]["consent_purpose"] == "newsletter"
    assert [p["e164"] for p in data["phones"]] == ["+49301234567"]
    assert [e["address"] for e in data["emails"]] == ["zebulon.q@quax.example"]
    assert data["addresses"][0]["street"] == "Quaxstrasse 5"
    assert data["tags"] == ["vip"] and data["groups"] == ["Fair 2025"]
    assert data["custom_values"] == [{"field": "Shoe size", "field_type": "number", "value": "44"}]
    assert [h["subject"] for h in data["history"]] == ["Spoke to Zebulon"]
    assert sorted(a["subject"] for a in data["activities"]) == ["Call Quaxworth", "Fair meeting"]
    shared = next(a for a in data["activities"] if a["subject"] == "Fair meeting")
    assert shared["other_contacts"] == 1
    assert "Bystander" not in result.json_path.read_text(encoding="utf-8")
    assert data["deals"][0]["title"] == "Widgets for Quax"
    assert data["deals"][0]["stage_name"] == "Lead"
    assert data["purchases"][0]["product_name"] == "Widget"
    assert data["purchases"][0]["amount_cents"] == 3000
    card = vobject.readOne(result.vcard_path.read_text(encoding="utf-8"))
    assert card.version.value == "3.0"
    assert card.fn.value == "Zebulon Quaxworth"
    assert card.n.value.family == "Quaxworth"
    assert card.tel.value == "+49 30 1234567"
    assert card.email.value == "zebulon.q@quax.example"
    assert card.adr.value.street == "Quaxstrasse 5"
    assert card.bday.value == "1970-05-17"
    assert card.categories.value == ["vip"]


def test_export_refuses_missing_contact_or_folder(db: Database, tmp_path: Path) -> None:
    with pytest.raises(RapportError, match="contact 4242 does not exist"):
        export_person(db, 4242, tmp_path)
    person, _ = add_rich_contact(db)
    with pytest.raises(RapportError, match="is not a folder"):
        export_person(db, person, tmp_path / "nope")
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("*.vcf"))


@pytest.mark.postgres
def test_erase_removes_the_person_and_keeps_the_rest(any_db: Database) -> None:
    person, bystander = add_rich_contact(any_db)
    erasure = erase_person(any_db, person)
    assert erasure.removed["contacts"] == 1
    assert erasure.removed["activities"] == 1  # the call only they were on
    assert erasure.removed["deals"] == 1  # unlinked, not deleted
    with any_db.session() as s:
        assert s.get(Contact, person) is None
        assert s.get(Contact, bystander) is not None
        assert [a.subject for a in s.scalars(select(Activity))] == ["Fair meeting"]
        assert s.scalar(select(Deal.contact_id)) is None
        records = s.scalars(select(ErasureRecord)).all()
    assert len(records) == 1
    assert "Zebulon" not in records[0].note and "C-900001" not in records[0].note
    with any_db.transaction() as conn:
        assert search_ids(conn, "Zebulon") == []
        assert search_ids(conn, "Berta") == [bystander]
        for table in ("contact_phones", "history_items", "transactions", "import_changes"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one() == 0
    assert erasure_count(any_db) == 1
    assert "Erased Zebulon Quaxworth (C-900001)" in erasure.message


def test_erased_person_is_gone_from_the_file_bytes(db: Database) -> None:
    assert db.path is not None
    person, _ = add_rich_contact(db)
    before = db.path.read_bytes() + Path(f"{db.path}-wal").read_bytes()
    assert b"Quaxworth" in before  # the check below can fail
    erase_person(db, person)
    wal = Path(f"{db.path}-wal")
    raw = db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    for word in SECRET_WORDS:
        assert word.encode() not in raw, word
        assert word.lower().encode() not in raw, word
    assert check_file(db.path).ok


def test_erase_names_the_backups_that_still_hold_the_person(db: Database) -> None:
    person, _ = add_rich_contact(db)
    backup = backup_before(db, "import")
    assert backup is not None
    erasure = erase_person(db, person)
    assert erasure.backups == (backup.path,)
    assert backup.path.name in erasure.message
    assert "still hold them" in erasure.message


def test_erase_twice_or_read_only_is_refused(db: Database) -> None:
    person, _ = add_rich_contact(db)
    erase_person(db, person)
    with pytest.raises(RapportError, match="erased already"):
        erase_person(db, person)


@pytest.mark.postgres
def test_withdrawn_consent_leaves_contact_out_of_bulk_use(any_db: Database) -> None:
    person, bystander = add_rich_contact(any_db)
    assert load_consent(any_db, person).summary == "Given 2024-01-02 for newsletter"
    state = withdraw_consent(any_db, person, datetime(2025, 3, 1))
    assert state.withdrawn and state.summary == "Withdrawn 2025-03-01"
    assert withdraw_consent(any_db, person).withdrawn_at == datetime(2025, 3, 1)  # first date kept
    with any_db.session() as s:
        kept = s.scalars(select(Contact.id).where(consenting_filter()).order_by(Contact.id)).all()
    assert kept == [bystander]
    with any_db.transaction() as conn:
        assert consenting_ids(conn, [bystander, person]) == [bystander]
    again = give_consent(any_db, person, "newsletter", "signed form")
    assert not again.withdrawn and again.source == "signed form"


def test_consent_refusals_name_the_field(db: Database) -> None:
    person, _ = add_rich_contact(db)
    with pytest.raises(ValidationError) as empty:
        give_consent(db, person, "   ")
    assert empty.value.field == "consent purpose"
    with pytest.raises(ValidationError) as nul:
        give_consent(db, person, "news\x00letter")
    assert nul.value.field == "consent purpose"
    with pytest.raises(ValidationError) as future:
        give_consent(db, person, "newsletter", given_at=datetime.now() + timedelta(days=400))
    assert future.value.field == "consent given at"
    with pytest.raises(ValidationError) as early:
        withdraw_consent(db, person, datetime(2023, 1, 1))
    assert early.value.field == "consent withdrawn at"
    with pytest.raises(RapportError, match="contact 999 does not exist"):
        withdraw_consent(db, 999)
    assert load_consent(db, person).purpose == "newsletter"  # nothing changed
