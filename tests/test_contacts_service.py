"""The contact services as the card and the list use them: save, reload, refuse, delete, undo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services.contact_deletion import delete_contacts, restore_contacts
from desktop.services.contact_duplicates import find_duplicates
from desktop.services.contact_fields import check_date, check_email, check_phone
from desktop.services.contact_history import add_history, list_history, list_purchases
from desktop.services.contact_organizing import (
    add_to_group,
    list_groups,
    list_owners,
    list_tags,
    remove_from_group,
    tag_contacts,
    untag_contacts,
)
from desktop.services.contacts import (
    AddressEntry,
    ContactDraft,
    EmailEntry,
    PhoneEntry,
    find_by_crm,
    load_contact,
    save_contact,
)
from desktop.store.database import Database
from desktop.store.entities import (
    Company,
    Contact,
    CustomField,
    Deal,
    PipelineStage,
    Transaction,
)
from desktop.store.search_index import search_ids


def anna(**changes: object) -> ContactDraft:
    base = ContactDraft(
        first_name="Anna",
        last_name="Schmidt",
        company="Müller GmbH",
        title="Einkauf",
        phones=(
            PhoneEntry("work", "030 1234567"),
            PhoneEntry("mobile", "0171 5555555", is_primary=True),
        ),
        emails=(EmailEntry("work", "Anna.Schmidt@Example.com"),),
        addresses=(AddressEntry("work", "Hauptstr. 1", "Berlin", "", "10115", "Germany"),),
        tags=("VIP",),
        groups=("Messe 2026",),
        birthday="24.12.1980",
        owner="Sandra Keller",
    )
    return ContactDraft(**{**base.__dict__, **changes})


@pytest.mark.postgres
def test_a_new_contact_gets_a_crm_number_and_its_mirror_columns(any_db: Database) -> None:
    saved = save_contact(any_db, anna())
    assert saved.crm_number == "C-000001"
    assert saved.display_name == "Anna Schmidt"
    assert saved.phones[0].e164 == "+49301234567"
    assert [p.is_primary for p in saved.phones] == [False, True]
    assert saved.emails[0].address == "Anna.Schmidt@example.com"
    assert saved.birthday is not None and saved.birthday.isoformat() == "1980-12-24"
    assert saved.tags == ("VIP",) and saved.groups == ("Messe 2026",)
    with any_db.session() as session:
        row = session.get(Contact, saved.id)
        assert row is not None
        assert (row.company_name, row.primary_phone, row.primary_email, row.city) == (
            "Müller GmbH",
            "0171 5555555",
            "Anna.Schmidt@example.com",
            "Berlin",
        )
        assert row.sort_name == "schmidt anna"
        company = session.get(Company, row.company_id)
        assert company is not None and company.name == "Müller GmbH"
    with any_db.transaction() as conn:
        assert search_ids(conn, "schm") == [saved.id]
        assert search_ids(conn, "1234567") == [saved.id]


@pytest.mark.postgres
def test_an_edit_is_saved_and_read_back_and_the_company_is_shared(any_db: Database) -> None:
    first = save_contact(any_db, anna())
    second = save_contact(any_db, anna(first_name="Bernd", emails=()))
    assert first.company_id == second.company_id
    draft = load_contact(any_db, first.id).to_draft()
    edited = save_contact(
        any_db, ContactDraft(**{**draft.__dict__, "title": "CEO", "tags": ("A", "B")})
    )
    again = load_contact(any_db, first.id)
    assert again.title == "CEO" and again.tags == ("A", "B")
    assert again.version == edited.version > first.version
    assert again.crm_number == first.crm_number


def test_chinese_names_are_family_first_without_space(db: Database) -> None:
    saved = save_contact(db, ContactDraft(first_name="伟", last_name="王"))
    assert saved.display_name == "王伟"


def test_a_company_alone_is_enough_but_nothing_at_all_is_refused(db: Database) -> None:
    assert save_contact(db, ContactDraft(company="ACME")).display_name == "ACME"
    with pytest.raises(ValidationError) as error:
        save_contact(db, ContactDraft(first_name="  "))
    assert error.value.field == "last_name"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"emails": (EmailEntry("", "anna@@example"),)}, "emails[0]", "@"),
        ({"emails": (EmailEntry("", "anna example.com"),)}, "emails[0]", "@"),
        ({"phones": (PhoneEntry("", "   "),)}, "phones[0]", "required"),
        ({"birthday": "31.02.1980"}, "birthday", "not a date"),
        ({"birthday": "yesterday-ish"}, "birthday", "not a date"),
        ({"birthday": "0019-01-01"}, "birthday", "out of range"),
        (
            {"consent_given_at": "2024-05-01", "consent_withdrawn_at": "2024-04-01"},
            "consent_withdrawn_at",
            "before",
        ),
        ({"first_name": "x" * 201}, "first_name", "at most 200"),
        ({"notes": "a\x00b"}, "notes", "NUL"),
        ({"tags": ("",)}, "tags[0]", "name"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    db: Database, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        save_contact(db, anna(**changes))
    assert error.value.field == field
    assert words in error.value.message
    with db.session() as session:
        assert session.scalar(select(func.count(Contact.id))) == 0


def test_a_custom_field_value_is_checked_by_its_type(db: Database) -> None:
    with db.session() as session:
        session.add_all(
            [
                CustomField(name="Budget", field_type="number"),
                CustomField(name="Segment", field_type="choice", choices="A\nB"),
            ]
        )
    detail = save_contact(db, anna())
    budget, segment = (c.field_id for c in detail.custom)
    saved = save_contact(
        db, ContactDraft(**{**detail.to_draft().__dict__, "custom": {budget: "1,5", segment: "B"}})
    )
    assert [c.value for c in saved.custom] == ["1.5", "B"]
    for bad in ({budget: "lots"}, {segment: "C"}):
        with pytest.raises(ValidationError):
            save_contact(db, ContactDraft(**{**saved.to_draft().__dict__, "custom": bad}))
    assert [c.value for c in load_contact(db, detail.id).custom] == ["1.5", "B"]


def test_an_unparseable_phone_is_kept_as_typed_with_a_warning(db: Database) -> None:
    check = check_phone("phone", "call the front desk", "DE")
    assert check.e164 == "" and check.warning
    saved = save_contact(db, anna(phones=(PhoneEntry("", "ext. 12"),)))
    assert saved.phones == (PhoneEntry("", "ext. 12", "", True),)


def test_field_checks_accept_what_people_type() -> None:
    assert check_email("e", " a@b.de ") == "a@b.de"
    assert check_phone("p", "+1 212 555 0100").international == "+1 212-555-0100"
    assert str(check_date("d", "1980-12-24")) == "1980-12-24"
    assert str(check_date("d", "12/24/1980")) == "1980-12-24"
    assert check_date("d", "") is None


@pytest.mark.postgres
def test_a_stale_draft_is_refused_with_a_conflict(any_db: Database) -> None:
    saved = save_contact(any_db, anna())
    draft = saved.to_draft()
    save_contact(any_db, ContactDraft(**{**draft.__dict__, "title": "first edit"}))
    with pytest.raises(ConflictError, match="changed elsewhere"):
        save_contact(any_db, ContactDraft(**{**draft.__dict__, "title": "second edit"}))
    assert load_contact(any_db, saved.id).title == "first edit"


def test_crm_numbers_are_found_as_typed(db: Database) -> None:
    saved = save_contact(db, anna())
    assert find_by_crm(db, "C-000001") == saved.id
    assert find_by_crm(db, "c1") == saved.id
    assert find_by_crm(db, "C-000002") is None
    assert find_by_crm(db, "Anna") is None


@pytest.mark.postgres
def test_duplicates_by_email_phone_digits_and_name(any_db: Database) -> None:
    saved = save_contact(any_db, anna())
    by_mail = find_duplicates(
        any_db, ContactDraft(last_name="X", emails=(EmailEntry("", "anna.schmidt@example.COM"),))
    )
    by_phone = find_duplicates(
        # issue 13.2: a phone alone matches only when the names agree
        any_db,
        ContactDraft(last_name="Schmidt", phones=(PhoneEntry("", "+49 30 1234567"),)),
    )
    by_name = find_duplicates(
        any_db, ContactDraft(first_name="anna", last_name="SCHMIDT", company="müller gmbh")
    )
    assert [(m.contact_id, m.reason) for m in by_mail] == [
        (saved.id, "e-mail anna.schmidt@example.COM")
    ]
    assert [m.crm_number for m in by_phone] == ["C-000001"]
    assert by_name and by_name[0].reason == "same name and company"
    assert find_duplicates(any_db, saved.to_draft()) == []
    assert find_duplicates(any_db, ContactDraft(last_name="Schmidt", company="Other")) == []


@pytest.mark.postgres
def test_delete_and_undo_bring_back_the_same_card(any_db: Database) -> None:
    saved = save_contact(any_db, anna())
    other = save_contact(any_db, anna(first_name="Bernd", emails=()))
    add_history(any_db, saved.id, "call", "talked about prices", result="reached")
    with any_db.session() as session:
        stage = session.scalars(select(PipelineStage)).first()
        assert stage is not None
        session.add(Deal(title="Big one", contact_id=saved.id, stage_id=stage.id, amount_cents=100))
        session.add(
            Transaction(contact_id=saved.id, occurred_on=saved.created_at.date(), amount_cents=999)
        )
    deleted = delete_contacts(any_db, [saved.id])
    assert deleted.count == 1
    with pytest.raises(RapportError):
        load_contact(any_db, saved.id)
    with any_db.session() as session:
        assert session.scalars(select(Deal.contact_id)).one() is None
    with any_db.transaction() as conn:
        assert search_ids(conn, "anna") == []

    restore_contacts(any_db, deleted)
    back = load_contact(any_db, saved.id)
    assert back == saved
    assert [h.result for h in list_history(any_db, saved.id)] == ["reached"]
    assert list_purchases(any_db, saved.id).totals == {"EUR": 999}
    with any_db.session() as session:
        assert session.scalars(select(Deal.contact_id)).one() == saved.id
    with any_db.transaction() as conn:
        assert search_ids(conn, "anna") == [saved.id]
    assert load_contact(any_db, other.id).crm_number == "C-000002"
    assert save_contact(any_db, anna(first_name="Clara")).crm_number == "C-000003"


@pytest.mark.postgres
def test_tags_and_groups_for_several_contacts_at_once(any_db: Database) -> None:
    ids = [
        save_contact(any_db, anna(first_name=n, emails=(), tags=(), groups=())).id for n in "ABC"
    ]
    before = load_contact(any_db, ids[0]).version
    assert add_to_group(any_db, ids[:2], "Newsletter") == ids[:2]
    assert add_to_group(any_db, ids, "Newsletter") == ids[2:]
    assert tag_contacts(any_db, ids, "hot") == ids
    assert tag_contacts(any_db, ids[1:], "Hot") == []  # the same tag, whatever the case
    assert tag_contacts(any_db, ids, "2026") == ids
    assert load_contact(any_db, ids[0]).groups == ("Newsletter",)
    assert load_contact(any_db, ids[2]).tags == ("2026", "hot")
    assert load_contact(any_db, ids[0]).version > before
    assert [g.name for g in list_groups(any_db)] == ["Newsletter"]
    assert [t.name for t in list_tags(any_db)] == ["2026", "hot"]
    assert list_owners(any_db) == ["Sandra Keller"]
    with pytest.raises(ValidationError):
        add_to_group(any_db, ids, " ")
    assert remove_from_group(any_db, ids, "Newsletter") == ids
    assert untag_contacts(any_db, ids[:1], "hot") == ids[:1]
    assert load_contact(any_db, ids[0]).tags == ("2026",)
    assert load_contact(any_db, ids[1]).groups == ()


def test_history_newest_first_and_empty_entries_refused(db: Database) -> None:
    saved = save_contact(db, anna())
    add_history(db, saved.id, "note", "first")
    add_history(db, saved.id, "call", "", result="left message")
    assert [h.kind for h in list_history(db, saved.id)] == ["call", "note"]
    with pytest.raises(ValidationError):
        add_history(db, saved.id, "note", "  ")
    with pytest.raises(ValidationError):
        add_history(db, saved.id, "gossip", "x")
