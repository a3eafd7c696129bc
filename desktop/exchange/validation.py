"""Checking an incoming record and putting it in the form it will be stored in.

Each problem names the row and the column a user sees in their file. A problem never loses
the text: a phone or e-mail that does not check out is kept as typed, a date that is not a
date and a text too long for its field go into the notes, so 'import with warnings' keeps
everything the file said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple, TypeVar

from desktop.errors import ValidationError
from desktop.exchange.fast_checks import quick_email, quick_phone
from desktop.exchange.legal_forms import is_company_name
from desktop.exchange.phone_region import region_of_country
from desktop.exchange.record import ADDRESS_PARTS, TEXT_FIELDS, IncomingRecord, Value
from desktop.services.contact_fields import check_custom, check_date, check_email, check_phone
from desktop.store import names

# Outlook writes an empty date as 0.0.00; Excel exports 00.00.0000 or 0000-00-00.
_ZERO_DATE = re.compile(r"^[0.\-/ ]*$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d")
# Two-character Chinese family names; every other Chinese name has a one-character family name.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 "
    "西门 百里 呼延 钟离 闻人 赫连 澹台 濮阳 太史 申屠 公冶 宗政 拓跋".split()
)
T = TypeVar("T")
WARNING_TAG = "Import warning"
# Letters in a phone ('151U7086XXXX'), except an extension at the end ('ext. 12', 'x12').
_EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*\d+$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_NON_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass(slots=True)
class PhoneOut:
    label: str
    number: str
    e164: str
    digits: str


@dataclass(slots=True)
class EmailOut:
    label: str
    address: str
    key: str


@dataclass(slots=True)
class AddressOut:
    label: str
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


class Prepared(NamedTuple):
    """A new contact's row, built from its checked record off the importing process (see
    contact_writer.prepare): the parts that need no id, CRM number or database."""

    #: the search document without the CRM number (contact_writer.search_text)
    search_text: str
    #: the contacts columns contact_writer.create writes from the record's own values
    contact_values: tuple[object, ...]


@dataclass(slots=True)
class CheckedRecord:
    """A row as it will be stored: `values` holds the contacts table's own columns."""

    row: int
    values: dict[str, object] = field(default_factory=dict)
    phones: list[PhoneOut] = field(default_factory=list)
    emails: list[EmailOut] = field(default_factory=list)
    addresses: list[AddressOut] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: why this row cannot be imported at all ('' when it can)
    fatal: str = ""
    #: duplicate-matching keys, worked out once (duplicates.match_keys)
    keys: list[str] | None = None
    #: what the worker that checked the row built for writing it; None when the record
    #: changed since (a later row merged into it) or was checked in the importing process
    prepared: Prepared | None = None

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return value if isinstance(value, str) else ""

    @property
    def display_name(self) -> str:
        return self.shown_and_sorted()[0]

    @property
    def sort_name(self) -> str:
        return self.shown_and_sorted()[1]

    def shown_and_sorted(self) -> tuple[str, str]:
        """(display name, sort name), the name fields read once: a writer that needs both
        for each of 100,000 rows would otherwise read them five times over."""
        first, last, company = self.text("first_name"), self.text("last_name"), self.text("company")
        shown = names.display_name(first, last) or company
        if not shown:
            shown = (
                self.emails[0].address
                if self.emails
                else (self.phones[0].number if self.phones else "")
            )
        return shown, names.sort_name(first, last, company or shown)


def split_full_name(text: str) -> tuple[str, str]:
    """(first, last) of 'Anna Schmidt', 'Schmidt, Anna' or '王伟' / '欧阳娜娜'."""
    name = " ".join(text.split())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    if names.is_east_asian(name) and " " not in name:
        size = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
        return name[size:], name[:size]
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def check_record(
    record: IncomingRecord, region: str, custom_types: dict[str, tuple[str, str]] | None = None
) -> CheckedRecord:
    """Check one record; `custom_types` maps custom field names to (type, choices)."""
    out = CheckedRecord(record.row)
    notes_extra: list[str] = []
    fields = dict(record.fields)
    if record.full_name and not (fields.get("first_name") or fields.get("last_name")):
        _name_fields(record.full_name, fields)
    for name, limit in TEXT_FIELDS.items():
        value = fields.get(name)
        if value is None:  # most of the 20-odd fields, in most files
            out.values[name] = ""
            continue
        text = _clean(value.text)
        if len(text) > limit:
            out.problems.append(
                Problem(
                    record.row,
                    value.column,
                    f"longer than {limit:,} characters; the whole text is kept in the notes",
                )
            )
            notes_extra.append(f"{value.column}: {text}")
            text = text[:limit]
        out.values[name] = text
    # kept where free, else named in the summary (crm_keep)
    out.values["crm_number"] = _clean(record.text("crm_number"))[:100]
    out.values["birthday"] = _date(record, fields.get("birthday"), out, notes_extra)
    out.values["anniversary"] = _date(record, fields.get("anniversary"), out, notes_extra)
    given = _date(record, fields.get("consent_given_at"), out, notes_extra)
    out.values["consent_given_at"] = datetime(given.year, given.month, given.day) if given else None
    if record.phones:
        region = _row_region(record) or region
    for value in record.phones:
        _phone(out, value, region)
    for value in record.emails:
        _email(out, value)
    # Outlook fills 'Business Phone' and 'Company Main Phone' with the same number: keep one.
    out.phones = _first_of_each(out.phones, lambda p: p.digits or p.number)
    out.emails = _first_of_each(out.emails, lambda e: e.key)
    for address in record.addresses:
        parts = {p: _clean(getattr(address, p))[:limit] for p, limit in ADDRESS_PARTS.items()}
        if not any(parts.values()):
            parts["street"] = _clean(address.formatted)[: ADDRESS_PARTS["street"]]
        out.addresses.append(AddressOut(_clean(address.label)[:50], **parts))
    if record.tags:
        out.tags = list(dict.fromkeys(_clean(t)[:100] for t in record.tags if _clean(t)))
    if record.groups:
        out.groups = list(dict.fromkeys(_clean(g)[:200] for g in record.groups if _clean(g)))
    for name, value in record.custom.items():
        field_type, choices = (custom_types or {}).get(name, ("text", ""))
        try:
            out.custom[name] = check_custom(name, field_type, choices, _clean(value.text))
        except ValidationError as exc:
            out.problems.append(Problem(record.row, value.column, exc.message))
            notes_extra.append(f"{value.column}: {value.text}")
    if notes_extra:
        out.values["notes"] = "\n".join(filter(None, [out.text("notes"), *notes_extra]))
    if not (out.text("first_name") or out.text("last_name") or out.text("company")):
        if out.emails or out.phones:
            out.problems.append(Problem(record.row, "name", "no name or company"))
        else:
            out.fatal = f"row {record.row}: no name, company, e-mail or phone"
    return out


def _row_region(record: IncomingRecord) -> str:
    """The region of the row's own country (a country column, a vCard address), or ''."""
    for address in record.addresses:
        if address.country:
            found = region_of_country(address.country)
            if found:
                return found
    return ""


def _name_fields(full_name: Value, fields: dict[str, Value]) -> None:
    """A full name as first and last name, or as the company when it is a firm's name
    ('Acme Systems, Inc.'): kept in the notes when the row names another company."""
    text = " ".join(full_name.text.split())
    if not is_company_name(text):
        first, last = split_full_name(text)
        fields["first_name"] = Value(first, full_name.column)
        fields["last_name"] = Value(last, full_name.column)
        return
    company = fields.get("company")
    if company is None or not company.text.strip():
        fields["company"] = Value(text, full_name.column)
    elif company.text.strip().casefold() != text.casefold():
        line = f"{full_name.column}: {text}"
        notes = fields.get("notes")
        fields["notes"] = Value(f"{notes.text}\n{line}" if notes else line, full_name.column)


def _first_of_each(items: list[T], key: Callable[[T], str]) -> list[T]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


def _clean(text: str) -> str:
    return text.replace("\x00", "").strip()


def _date(
    record: IncomingRecord, value: Value | None, out: CheckedRecord, notes: list[str]
) -> date | None:
    if value is None or _ZERO_DATE.match(value.text):
        return None
    text = value.text.strip()
    iso = _ISO_DATETIME.match(text)
    try:
        return check_date(value.column, iso.group(1) if iso else text)
    except ValidationError:
        out.problems.append(Problem(record.row, value.column, f"'{text}' is not a date"))
        notes.append(f"{value.column}: {text}")
        return None


def _phone(out: CheckedRecord, value: Value, region: str) -> None:
    text = _clean(value.text)[:100]
    if not text:
        return
    quick = quick_phone(text, region)
    if quick is not None:
        out.phones.append(PhoneOut(_clean(value.label)[:50], text, *quick))
        return
    try:
        check = check_phone(value.column, text, region)
    except ValidationError as exc:
        out.problems.append(Problem(out.row, value.column, exc.message))
        return
    if _LETTER.search(_EXTENSION.sub("", text)):
        # phonenumbers reads letters as keypad digits; in a list they are masked digits
        out.problems.append(Problem(out.row, value.column, f"'{text}' has letters in it"))
        out.phones.append(PhoneOut(_clean(value.label)[:50], text, "", _NON_DIGIT.sub("", text)))
        return
    if check.warning:
        out.problems.append(
            Problem(out.row, value.column, f"'{text}' is not a phone number we can read")
        )
    out.phones.append(PhoneOut(_clean(value.label)[:50], check.number, check.e164, check.digits))


def _email(out: CheckedRecord, value: Value) -> None:
    text = _clean(value.text)
    if not text:
        return
    address = quick_email(text) or ""
    try:
        address = address or check_email(value.column, text)
    except ValidationError:
        out.problems.append(
            Problem(out.row, value.column, f"'{text[:80]}' is not a valid e-mail address")
        )
        address = text[:320]
    out.emails.append(EmailOut(_clean(value.label)[:50], address, address.casefold()))
