"""Lookup finds what a salesperson types (issue 15.2, 15.8; issue 14.8): CRM digits alone,
any run of a phone's digits, accented and Chinese names in their alphabetical place, and a
pasted wall of words that neither backend chokes on."""

from __future__ import annotations

import pytest

from desktop.models import contact_list_model
from desktop.models.contact_list_model import COLUMN_KEYS, ContactListModel
from desktop.services import contact_list
from desktop.services.contact_list import ListQuery
from desktop.services.contacts import ContactDraft, PhoneEntry, save_contact
from desktop.services.search import search_contacts
from desktop.store.database import Database
from desktop.store.search_terms import MAX_QUERY_WORDS, query_words


def names(model: ContactListModel) -> list[str]:
    column = COLUMN_KEYS.index("name")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def add(db: Database, first: str, last: str = "", phone: str = "", e164: str = "") -> int:
    phones = (PhoneEntry("mobile", phone, e164),) if phone else ()
    return save_contact(db, ContactDraft(first_name=first, last_name=last, phones=phones)).id


@pytest.mark.postgres
@pytest.mark.parametrize("typed", ["2895", "4857", "572895", "48572895", "0648572895", "28 95"])
def test_any_run_of_a_phones_digits_finds_it(any_db: Database, typed: str) -> None:
    mobile = add(any_db, "Margaux", "Petit", "+33 6 48 57 28 95", "+33648572895")
    add(any_db, "Other", "Number", "+33 6 11 22 33 44", "+33611223344")
    assert [hit.id for hit in search_contacts(any_db, typed)] == [mobile]


@pytest.mark.postgres
def test_digits_that_are_in_no_phone_find_nothing(any_db: Database) -> None:
    add(any_db, "Margaux", "Petit", "+33 6 48 57 28 95", "+33648572895")
    assert search_contacts(any_db, "2896") == []
    assert search_contacts(any_db, "95728") == []


@pytest.mark.parametrize("typed", ["2895", "57 2895", "4857"])
def test_the_list_finds_phone_runs_by_every_strategy(db: Database, typed: str) -> None:
    mobile = add(db, "Margaux", "Petit", "+33 6 48 57 28 95", "+33648572895")
    add(db, "Other", "Number", "06 11 22 33 44", "+33611223344")
    with db.engine.connect() as conn:
        planned = contact_list.plan(conn, ListQuery(search=typed))
        for strategy in contact_list.Strategy:
            rows = contact_list.first_page(conn, planned.using(strategy), 10)
            assert [r.id for r in rows] == [mobile], strategy


@pytest.mark.postgres
def test_crm_digits_alone_find_that_contact_before_phone_matches(any_db: Database) -> None:
    by_phone = add(any_db, "Adam", "Abel", "+49 30 1234 0002", "+493012340002")
    crm = add(any_db, "Zora", "Zimmer")  # C-000002
    assert [hit.id for hit in search_contacts(any_db, "0002")] == [crm, by_phone]
    assert [hit.id for hit in search_contacts(any_db, "2")][:1] == [crm]


@pytest.mark.postgres
def test_the_list_puts_the_crm_number_typed_first(
    any_db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    # qtbot: the ids arrive by a queued signal, which needs the application's event loop
    add(any_db, "Adam", "Abel", "+49 30 1234 0002", "+493012340002")
    add(any_db, "Zora", "Zimmer")  # C-000002, sorts last by name
    add(any_db, "Bert", "Brandt", "+49 40 0002 777", "+49400002777")
    monkeypatch.setattr(contact_list_model, "PAGE_SIZE", 1)
    model = ContactListModel(any_db)
    for typed in ("0002", "C-000002", "c2"):
        model.set_query(ListQuery(search=typed))
        assert names(model) == ["Zora Zimmer"], typed
        model.wait_for_ids()
        assert names(model)[0] == "Zora Zimmer", typed
    model.set_query(ListQuery(search="0002"))
    model.wait_for_ids()
    assert names(model) == ["Zora Zimmer", "Adam Abel", "Bert Brandt"]
    # a filter the contact does not pass leaves it out, pinned or not
    model.set_query(ListQuery(search="0002", owner="nobody"))
    model.wait_for_ids()
    assert names(model) == []
    model.close()


@pytest.mark.postgres
def test_accented_and_chinese_names_sort_in_their_alphabetical_place(
    any_db: Database, qtbot: object
) -> None:
    for first, last in (
        ("Zoë", ""),
        ("Élodie", ""),
        ("Claudia", ""),
        ("Céline", ""),
        ("伟", "王"),
        ("Émile", "Zola"),
        ("Ørjan", ""),
    ):
        add(any_db, first, last)
    model = ContactListModel(any_db)
    model.set_query(ListQuery())
    expected = ["Céline", "Claudia", "Élodie", "Ørjan", "王伟", "Zoë", "Émile Zola"]
    assert names(model) == expected
    model.set_query(ListQuery(descending=True))
    model.wait_for_ids()
    assert names(model) == expected[::-1]
    model.close()


def test_a_query_keeps_its_first_distinct_words_only() -> None:
    typed = "b a b " + " ".join(f"w{i}" for i in range(20_000))
    assert query_words(typed) == ["b", "a", *(f"w{i}" for i in range(MAX_QUERY_WORDS - 2))]


@pytest.mark.postgres
def test_a_twenty_thousand_word_search_answers_on_either_backend(
    any_db: Database, qtbot: object
) -> None:
    anna = add(any_db, "Anna", "Schmidt")
    add(any_db, "Anna", "Berg")
    pasted = "anna schm " * 10_000
    assert [hit.id for hit in search_contacts(any_db, pasted)] == [anna]
    many = " ".join(f"word{i}" for i in range(20_000))
    assert search_contacts(any_db, many) == []
    model = ContactListModel(any_db)
    for typed, expected in ((pasted, ["Anna Schmidt"]), (many, [])):
        model.set_query(ListQuery(search=typed))
        model.wait_for_ids()
        assert names(model) == expected
    model.close()
