"""Finding contacts: a salesperson types part of what they remember and sees the contact.

Contacts are written through the ORM, so these tests also prove that the store keeps the
index current by itself (no caller re-indexes anything).
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.services.search import ContactHit, search_contacts
from desktop.store.crm_numbers import allocate, format_crm
from desktop.store.database import Database
from desktop.store.entities import Contact, ContactAddress, ContactEmail, ContactPhone
from desktop.store.names import display_name, sort_name
from desktop.store.search_index import contact_text, search_ids
from desktop.store.search_terms import fold_accents, query_tokens

pytestmark = pytest.mark.postgres


def add_contact(
    db: Database,
    first: str,
    last: str,
    *,
    company: str = "",
    phone: tuple[str, str] | None = None,
    email: str = "",
    city: str = "",
) -> int:
    """A contact saved the way the card saves one: through the ORM, with a CRM number."""
    with db.session() as session:
        number = allocate(session.connection(), 1)[0]
        contact = Contact(
            crm_number=format_crm(number),
            first_name=first,
            last_name=last,
            display_name=display_name(first, last),
            sort_name=sort_name(first, last),
            company_name=company,
        )
        if phone:
            contact.phones.append(
                ContactPhone(number=phone[0], e164=phone[1], digits=phone[1].lstrip("+"))
            )
        if email:
            contact.emails.append(ContactEmail(address=email, address_key=email.lower()))
        if city:
            contact.addresses.append(ContactAddress(city=city, street="Hauptstraße 1"))
        session.add(contact)
        session.flush()
        return contact.id


@pytest.fixture
def people(any_db: Database) -> dict[str, int]:
    return {
        "smith": add_contact(
            any_db, "John", "Smith", company="Acme Corporation", email="john.smith@acme.com"
        ),
        "wang": add_contact(
            any_db,
            "伟",
            "王",
            company="北京华星科技有限公司",
            phone=("138 1234 5678", "+8613812345678"),
        ),
        "mueller": add_contact(
            any_db,
            "Jürgen",
            "Müller",
            company="Müller & Söhne GmbH",
            phone=("+49 30 1234567", "+49301234567"),
            city="Köln",
        ),
        "li": add_contact(any_db, "娜", "李", company="上海贸易有限公司", email="li.na@example.cn"),
    }


def names(hits: list[ContactHit]) -> list[str]:
    return [hit.display_name for hit in hits]


def test_a_latin_prefix_finds_the_family_name(any_db: Database, people: dict[str, int]) -> None:
    assert names(search_contacts(any_db, "smi")) == ["John Smith"]
    assert names(search_contacts(any_db, "Joh Smi")) == ["John Smith"]


def test_a_chinese_family_or_given_name_finds_the_whole_name(
    any_db: Database, people: dict[str, int]
) -> None:
    assert names(search_contacts(any_db, "王")) == ["王伟"]
    assert names(search_contacts(any_db, "伟")) == ["王伟"]
    assert names(search_contacts(any_db, "王伟")) == ["王伟"]


def test_part_of_a_chinese_company_name_finds_its_people(
    any_db: Database, people: dict[str, int]
) -> None:
    assert names(search_contacts(any_db, "科技")) == ["王伟"]
    assert names(search_contacts(any_db, "贸易")) == ["李娜"]


@pytest.mark.parametrize("typed", ["030 1234", "+4930", "030-1234567", "+49 30 1234567"])
def test_a_phone_number_in_any_spelling_finds_the_contact(
    any_db: Database, people: dict[str, int], typed: str
) -> None:
    assert names(search_contacts(any_db, typed)) == ["Jürgen Müller"]


def test_a_run_of_digits_finds_every_phone_that_holds_it(
    any_db: Database, people: dict[str, int]
) -> None:
    # issue 15.2: 1234567 ends +49 30 1234567 and stands inside +86 138 1234 5678
    assert names(search_contacts(any_db, "1234567")) == ["王伟", "Jürgen Müller"]


def test_an_email_address_finds_the_contact(any_db: Database, people: dict[str, int]) -> None:
    assert names(search_contacts(any_db, "john.smith@acme")) == ["John Smith"]
    assert names(search_contacts(any_db, "li.na@")) == ["李娜"]


def test_a_city_and_a_company_word_find_the_contact(
    any_db: Database, people: dict[str, int]
) -> None:
    assert names(search_contacts(any_db, "köln")) == ["Jürgen Müller"]
    assert names(search_contacts(any_db, "acme")) == ["John Smith"]


def test_typing_without_accents_finds_accented_names(
    any_db: Database, people: dict[str, int]
) -> None:
    assert names(search_contacts(any_db, "mull")) == ["Jürgen Müller"]
    assert names(search_contacts(any_db, "jurg")) == ["Jürgen Müller"]
    assert names(search_contacts(any_db, "Müll")) == ["Jürgen Müller"]
    assert names(search_contacts(any_db, "KÖLN")) == ["Jürgen Müller"]


@pytest.mark.parametrize(
    ("token", "folded"),
    [("müller", "muller"), ("hélène", "helene"), ("nguyễn", "nguyen"), ("王伟", "王伟"),
     ("한국", "한국"), ("smith", "smith")],
)  # fmt: skip
def test_accents_fold_away_but_other_scripts_stay_whole(token: str, folded: str) -> None:
    assert fold_accents(token) == folded


def test_words_fold_as_sqlite_s_tokenizer_folds_them() -> None:
    """query_tokens + fold_accents must agree with FTS5's unicode61 tokenizer, letter by
    letter, or the contact list's text scan and the index would find different contacts."""
    letters = [
        chr(code)
        for code in (*range(0xC0, 0x250), *range(0x370, 0x528), *range(0x1E00, 0x1F00))
        # U+037F and U+0528-052F came to Unicode after unicode61's case tables
        if chr(code).isalpha() and code != 0x37F
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(d, tokenize = 'unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO t(rowid, d) VALUES (?, ?)", enumerate(f"x{c}x" for c in letters))
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    by_sqlite = dict(conn.execute("SELECT doc, term FROM v"))
    ours = {
        i: " ".join(fold_accents(t) for t in query_tokens(f"x{c}x")) for i, c in enumerate(letters)
    }
    differ = {letters[i]: (by_sqlite[i], ours[i]) for i in by_sqlite if by_sqlite[i] != ours[i]}
    assert differ == {}
    assert len(by_sqlite) > 900


def test_a_document_holds_index_words_only() -> None:
    """Every word of a document is one the tokenizer would make: a Japanese name's suffixes
    split at its middle dot, accented words beside their folded forms, none a prefix of
    another (they would cost index entries and find nothing new)."""
    document = contact_text(
        "C-000042",
        ("マイケル・ジャクソン", "Müller", "マイケル・ジャクソン Müller"),
        "Café Zoë",
        ["j.mueller@example.com"],
        [("+49 30 1234567", "+49301234567")],
        ["Köln"],
    ).split()
    assert "・" not in "".join(document)
    assert {"ャクソン", "ケル", "müller", "muller", "cafe", "café", "zoe", "köln", "koln"} <= set(
        document
    )
    assert {"301234567", "0301234567", "c000042", "000042"} <= set(document)
    assert not [a for a in document for b in document if a != b and b.startswith(a)]


def test_a_crm_number_finds_that_contact_first(any_db: Database, people: dict[str, int]) -> None:
    crm = format_crm(2)
    hits = search_contacts(any_db, crm)
    assert hits[0].id == people["wang"] and hits[0].crm_number == crm
    assert search_contacts(any_db, "c2")[0].id == people["wang"]
    assert search_contacts(any_db, "C-000003")[0].display_name == "Jürgen Müller"


def test_a_hit_carries_what_the_result_line_shows(any_db: Database, people: dict[str, int]) -> None:
    (hit,) = search_contacts(any_db, "smith")
    assert hit == ContactHit(
        id=people["smith"],
        crm_number="C-000001",
        display_name="John Smith",
        company="Acme Corporation",
        email="",  # the mirror columns are the contacts service's to fill, not the ORM's
        phone="",
        city="",
    )


@pytest.mark.parametrize(
    "typed",
    ['"', "'", "*", "smi*", "AND", "OR smith", "NOT", "NEAR(smith)", "(", ")", ":", "^", "-",
     "a:b", "col:smith", '"unterminated', "{doc}", "+", "   ", ""],
)  # fmt: skip
def test_search_syntax_and_empty_input_never_crash(
    any_db: Database, people: dict[str, int], typed: str
) -> None:
    hits = search_contacts(any_db, typed)
    assert all(isinstance(hit, ContactHit) for hit in hits)
    with any_db.transaction() as conn:
        assert isinstance(search_ids(conn, typed), list)


def test_words_that_look_like_operators_are_searched_as_words(any_db: Database) -> None:
    add_contact(any_db, "Andrea", "Nordmann")
    assert names(search_contacts(any_db, "AND")) == ["Andrea Nordmann"]
    assert names(search_contacts(any_db, "nor")) == ["Andrea Nordmann"]


def test_an_empty_query_finds_nothing(any_db: Database, people: dict[str, int]) -> None:
    assert search_contacts(any_db, "") == []
    assert search_contacts(any_db, " ,; ") == []


def test_editing_a_phone_through_the_orm_updates_the_index(
    any_db: Database, people: dict[str, int]
) -> None:
    with any_db.session() as session:
        phone = session.scalars(
            select(ContactPhone).where(ContactPhone.contact_id == people["mueller"])
        ).one()
        phone.number, phone.e164, phone.digits = "+49 89 7654321", "+49897654321", "49897654321"
    assert names(search_contacts(any_db, "089 7654")) == ["Jürgen Müller"]
    assert search_contacts(any_db, "030 1234") == []


def test_renaming_a_contact_updates_the_index(any_db: Database, people: dict[str, int]) -> None:
    with any_db.session() as session:
        contact = session.get(Contact, people["wang"])
        assert contact is not None
        contact.last_name = "张"
        contact.display_name = "张伟"
    assert names(search_contacts(any_db, "张")) == ["张伟"]
    assert search_contacts(any_db, "王") == []


def test_a_deleted_contact_is_no_longer_found(any_db: Database, people: dict[str, int]) -> None:
    with any_db.session() as session:
        contact = session.get(Contact, people["wang"])
        session.delete(contact)
    assert search_contacts(any_db, "王") == []
    assert search_contacts(any_db, "138 1234") == []
    assert names(search_contacts(any_db, "李")) == ["李娜"]


def test_the_limit_is_respected_and_checked(any_db: Database) -> None:
    for i in range(5):
        add_contact(any_db, f"Anna{i}", "Schmidt")
    assert len(search_contacts(any_db, "schmidt", limit=3)) == 3
    with pytest.raises(ValidationError, match="limit"):
        search_contacts(any_db, "schmidt", limit=0)
