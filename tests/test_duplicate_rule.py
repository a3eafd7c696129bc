"""The card's 'is this someone we know?' and the import ask the same question."""

from __future__ import annotations

from desktop.services.contact_duplicates import find_duplicates
from desktop.services.contact_values import EmailEntry, PhoneEntry
from desktop.services.contacts import ContactDraft, save_contact
from desktop.store.database import Database


def test_the_card_does_not_call_a_shared_number_with_another_name_a_duplicate(
    db: Database,
) -> None:
    saved = save_contact(
        db,
        ContactDraft(
            first_name="Anna", last_name="Schmidt", phones=(PhoneEntry("", "+49 30 9999999"),)
        ),
    )
    other = ContactDraft(company="Acme Ltd", phones=(PhoneEntry("", "030 9999999"),))
    assert find_duplicates(db, other) == []
    again = ContactDraft(
        first_name="A.", last_name="schmidt", phones=(PhoneEntry("", "030 9999999"),)
    )
    assert [m.contact_id for m in find_duplicates(db, again)] == [saved.id]
    nameless = ContactDraft(
        emails=(EmailEntry("", "x@example.com"),), phones=(PhoneEntry("", "030 9999999"),)
    )
    assert [m.reason for m in find_duplicates(db, nameless)] == ["phone 030 9999999"]


def test_the_card_and_the_import_agree_on_short_numbers_and_names_without_company(
    db: Database,
) -> None:
    save_contact(
        db, ContactDraft(first_name="Anna", last_name="Schmidt", phones=(PhoneEntry("", "1234"),))
    )
    # six digits (491234) are an extension, no number to match by; a name alone is no match
    assert (
        find_duplicates(db, ContactDraft(last_name="Schmidt", phones=(PhoneEntry("", "1234"),)))
        == []
    )
    assert find_duplicates(db, ContactDraft(first_name="Anna", last_name="Schmidt")) == []
