"""One incoming contact as read from a file, before it is checked or stored.

Every reader (spreadsheet rows through a mapping, vCards directly) produces these, so checking,
duplicate matching and writing are written once. Each value remembers the column (or vCard
property) it came from, so a problem can name the row and the column a user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.contact_values import TEXT_LIMITS

#: Single-valued text fields of a contact an import can fill, with their column lengths: the
#: card's (an import keeps what the card could hold).
TEXT_FIELDS: dict[str, int] = TEXT_LIMITS
#: Date fields, kept as the text read until checking parses them.
DATE_FIELDS: tuple[str, ...] = ("birthday", "consent_given_at", "anniversary")
ADDRESS_PARTS: dict[str, int] = {
    "street": 500,
    "city": 200,
    "region": 200,
    "postal_code": 40,
    "country": 100,
}


@dataclass(slots=True)
class Value:
    """A value and where it came from (a column header or a vCard property)."""

    text: str
    column: str
    label: str = ""


@dataclass(slots=True)
class AddressIn:
    label: str = ""
    column: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    #: a one-text address (Google's 'Formatted') used only when the parts are empty
    formatted: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, part).strip() for part in ADDRESS_PARTS) and not (
            self.formatted.strip()
        )


@dataclass(slots=True)
class IncomingRecord:
    """What one row or one vCard says about a contact; `row` is 1-based as a user counts."""

    row: int
    fields: dict[str, Value] = field(default_factory=dict)
    phones: list[Value] = field(default_factory=list)
    emails: list[Value] = field(default_factory=list)
    addresses: list[AddressIn] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    #: custom field name -> value
    custom: dict[str, Value] = field(default_factory=dict)
    #: a full name still to be split into first and last name
    full_name: Value | None = None

    def text(self, name: str) -> str:
        value = self.fields.get(name)
        return value.text if value else ""

    def is_blank(self) -> bool:
        return not (
            any(v.text.strip() for v in self.fields.values())
            or any(v.text.strip() for v in self.phones)
            or any(v.text.strip() for v in self.emails)
            or any(not a.is_empty() for a in self.addresses)
            or self.tags
            or self.groups
            or any(v.text.strip() for v in self.custom.values())
            or (self.full_name and self.full_name.text.strip())
        )
