"""Fuzz the store's public functions with hostile text and dates: nothing crashes, nothing
invalid is stored, and every refusal is a ValidationError or RapportError naming its field."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from fuzz_strategies import FUZZ, hostile_date_text, hostile_datetimes, hostile_text
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.errors import RapportError, ValidationError
from desktop.services.consent import give_consent, load_consent, withdraw_consent
from desktop.services.contacts import (
    AddressEntry,
    ContactDraft,
    EmailEntry,
    PhoneEntry,
    load_contact,
    save_contact,
)
from desktop.services.privacy import export_person
from desktop.store import crm_numbers, names
from desktop.store.backup import read_manifest
from desktop.store.database import Database
from desktop.store.entities import Contact
from desktop.store.restore import restore_backup
from desktop.store.search_index import search_ids

DRAFT_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "department",
    "company",
    "owner",
    "source",
    "notes",
    "consent_purpose",
    "consent_source",
)


def _stored_text_is_valid(contact: Contact) -> None:
    for column in Contact.__table__.columns:
        value = getattr(contact, column.key)
        if isinstance(value, str):
            assert "\x00" not in value, column.key
            length = getattr(column.type, "length", None)
            assert length is None or len(value) <= length, column.key


@FUZZ
@given(text=hostile_text)
def test_names_and_crm_numbers_never_crash(text: str) -> None:
    assert isinstance(names.display_name(text, text), str)
    assert isinstance(names.sort_name(text, text, text), str)
    number = crm_numbers.parse_crm(text)
    if number is not None:
        assert crm_numbers.parse_crm(crm_numbers.format_crm(number)) == number


@FUZZ
@given(text=hostile_text)
def test_search_never_crashes_on_what_is_typed(db: Database, text: str) -> None:
    with db.transaction() as conn:
        assert search_ids(conn, text, limit=5) == []  # an empty database finds nothing


@FUZZ
@given(
    field=st.sampled_from(DRAFT_FIELDS),
    text=hostile_text,
    phone=hostile_text,
    email=hostile_text,
    street=hostile_text,
    birthday=hostile_date_text,
)
def test_saving_a_hostile_contact_stores_valid_data_or_names_the_field(
    db: Database, field: str, text: str, phone: str, email: str, street: str, birthday: str
) -> None:
    draft = replace(
        ContactDraft(first_name="Fuzz"),
        **{field: text},
        phones=(PhoneEntry("work", phone),),
        emails=(EmailEntry("work", email),),
        addresses=(AddressEntry("home", street=street),),
        birthday=birthday,
    )
    try:
        saved = save_contact(db, draft)
    except ValidationError as refusal:
        assert refusal.field in (
            *DRAFT_FIELDS,
            "phones[0]",
            "emails[0]",
            "addresses[0].street",
            "birthday",
        )
        assert str(refusal).startswith(f"{refusal.field}: ")
        return
    with db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.id == saved.id)).one()
        _stored_text_is_valid(contact)
    assert load_contact(db, saved.id).id == saved.id


@pytest.fixture
def person(db: Database) -> int:
    return save_contact(db, ContactDraft(first_name="Consent", last_name="Fuzz")).id


@FUZZ
@given(purpose=hostile_text, source=hostile_text, moment=hostile_datetimes)
def test_consent_with_hostile_input(
    db: Database, person: int, purpose: str, source: str, moment: datetime
) -> None:
    before = load_consent(db, person)
    try:
        state = give_consent(db, person, purpose, source, moment)
    except ValidationError as refusal:
        assert refusal.field in ("consent purpose", "consent source", "consent given at")
        assert load_consent(db, person) == before  # nothing changed
        return
    assert state.purpose == purpose.strip() and "\x00" not in state.purpose
    assert len(state.purpose) <= 300 and len(state.source) <= 300
    try:
        withdraw_consent(db, person, moment)
    except ValidationError as refusal:
        assert refusal.field == "consent withdrawn at"


@FUZZ
@given(first=hostile_text, last=hostile_text)
def test_export_file_names_stay_in_the_folder(
    db: Database, tmp_path: Path, first: str, last: str
) -> None:
    try:
        saved = save_contact(db, ContactDraft(first_name=first, last_name=last, company="X"))
    except ValidationError:
        return
    out = tmp_path / "export"
    out.mkdir(exist_ok=True)
    result = export_person(db, saved.id, out)
    assert result.json_path.parent == out and result.vcard_path.parent == out
    assert result.json_path.is_file() and result.vcard_path.is_file()


@FUZZ
@given(blob=st.binary(max_size=2000), manifest=hostile_text)
def test_hostile_backup_files_are_refused_cleanly(
    db: Database, tmp_path: Path, blob: bytes, manifest: str
) -> None:
    assert db.path is not None
    raw = tmp_path / "raw.zip"
    raw.write_bytes(blob)
    with pytest.raises(RapportError):
        restore_backup(raw, db.path)
    crafted = tmp_path / "crafted.zip"
    with zipfile.ZipFile(crafted, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.writestr("rapport.db.gz", blob)
    with pytest.raises(RapportError):
        read_manifest(crafted)
    with pytest.raises(RapportError):
        restore_backup(crafted, db.path)
