"""What a contact card holds, as values: read by load_contact, edited as a ContactDraft.

Frozen dataclasses only; the functions that read and write them are in contacts.py (which
re-exports these names, so `from desktop.services.contacts import ContactDraft` works).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

#: A contact's single-valued texts, with the most characters each can hold.
TEXT_LIMITS: dict[str, int] = {
    "first_name": 200,
    "last_name": 200,
    "title": 200,
    "department": 200,
    "company": 300,
    "source": 200,
    "owner": 200,
    "consent_purpose": 300,
    "consent_source": 300,
    "notes": 1_000_000,
    # what address books carry beside first and last name (issue 13.5)
    "middle_name": 200,
    "name_prefix": 100,
    "name_suffix": 100,
    "nickname": 200,
    "alternate_name": 401,
    "website": 2000,
}


@dataclass(frozen=True)
class PhoneEntry:
    label: str
    number: str
    #: international form when the number parsed, else "" (the card shows a warning mark)
    e164: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class EmailEntry:
    label: str
    address: str
    is_primary: bool = False


@dataclass(frozen=True)
class AddressEntry:
    label: str
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    is_primary: bool = False

    def one_line(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(p for p in (self.street.replace("\n", ", "), place, self.country) if p)


@dataclass(frozen=True)
class CustomEntry:
    field_id: int
    name: str
    field_type: str
    choices: str
    value: str


@dataclass(frozen=True)
class ContactDetail:
    id: int
    crm_number: str
    first_name: str
    last_name: str
    display_name: str
    title: str
    department: str
    company: str
    company_id: int | None
    phones: tuple[PhoneEntry, ...]
    emails: tuple[EmailEntry, ...]
    addresses: tuple[AddressEntry, ...]
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    #: every contact custom field, with "" where this contact has no value
    custom: tuple[CustomEntry, ...]
    birthday: date | None
    notes: str
    consent_purpose: str
    consent_source: str
    consent_given_at: datetime | None
    consent_withdrawn_at: datetime | None
    owner: str
    source: str
    version: int
    created_at: datetime
    updated_at: datetime
    # what address books carry beside first and last name (issue 13.5)
    middle_name: str = ""
    name_prefix: str = ""
    name_suffix: str = ""
    nickname: str = ""
    #: the name in another script, or how it is pronounced
    alternate_name: str = ""
    #: web addresses, one a line
    website: str = ""
    anniversary: date | None = None

    def to_draft(self) -> ContactDraft:
        """A draft equal to this card, to edit."""
        return ContactDraft(
            id=self.id,
            version=self.version,
            first_name=self.first_name,
            last_name=self.last_name,
            title=self.title,
            department=self.department,
            company=self.company,
            phones=self.phones,
            emails=self.emails,
            addresses=self.addresses,
            tags=self.tags,
            groups=self.groups,
            custom={entry.field_id: entry.value for entry in self.custom if entry.value},
            birthday=self.birthday.isoformat() if self.birthday else "",
            notes=self.notes,
            consent_purpose=self.consent_purpose,
            consent_source=self.consent_source,
            consent_given_at=_date_text(self.consent_given_at),
            consent_withdrawn_at=_date_text(self.consent_withdrawn_at),
            owner=self.owner,
            source=self.source,
            middle_name=self.middle_name,
            name_prefix=self.name_prefix,
            name_suffix=self.name_suffix,
            nickname=self.nickname,
            alternate_name=self.alternate_name,
            website=self.website,
            anniversary=self.anniversary.isoformat() if self.anniversary else "",
        )


@dataclass(frozen=True)
class ContactDraft:
    """What the card edits. Dates are text as typed; save_contact checks them."""

    id: int | None = None
    version: int = 0
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    department: str = ""
    company: str = ""
    phones: tuple[PhoneEntry, ...] = ()
    emails: tuple[EmailEntry, ...] = ()
    addresses: tuple[AddressEntry, ...] = ()
    tags: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    #: custom field id -> value as typed
    custom: Mapping[int, str] = field(default_factory=dict)
    birthday: str = ""
    notes: str = ""
    consent_purpose: str = ""
    consent_source: str = ""
    consent_given_at: str = ""
    consent_withdrawn_at: str = ""
    owner: str = ""
    source: str = ""
    middle_name: str = ""
    name_prefix: str = ""
    name_suffix: str = ""
    nickname: str = ""
    alternate_name: str = ""
    website: str = ""
    anniversary: str = ""


def _date_text(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""
