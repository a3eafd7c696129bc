"""Which column of a file fills which field of a contact.

A mapping is one `ColumnMap` per column. It is guessed from the headers (header_words), shown
to the user, changed by them, and may be saved under a name (ImportMapping) or to a JSON file
and used again; saved mappings are keyed by header text, so they survive reordered columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from sqlalchemy import select

from desktop.errors import RapportError
from desktop.exchange import header_words as words
from desktop.exchange.export_rows import PRIMARY_TITLES, SLOT_WORDS
from desktop.exchange.record import (
    ADDRESS_PARTS,
    DATE_FIELDS,
    TEXT_FIELDS,
    AddressIn,
    IncomingRecord,
    Value,
)
from desktop.store.database import Database
from desktop.store.entities import ImportMapping

CUSTOM_PREFIX = "custom:"
#: a column kept as a 'header: value' line in the notes (what no field of a contact holds)
KEEP_IN_NOTES = "keep_in_notes"
# What Rapport's own exports write: 'Phone (work)', 'E-mail', 'Street (home) #2'.
_OWN_EXPORT = re.compile(
    r"^(phone|e-mail|street|city|region|postal code|country)(?: \((.*)\))?(?: #(\d+))?$",
    re.IGNORECASE,
)
_OWN_PARTS = {
    "phone": "phone",
    "e-mail": "email",
    "street": "street",
    "city": "city",
    "region": "region",
    "postal code": "postal_code",
    "country": "country",
}
# Google Contacts: 'Phone 1 - Type', 'Phone 1 - Value', 'Address 2 - City', ...
_GOOGLE = re.compile(r"^(email|phone|address) (\d+) - (.+)$")
_GOOGLE_ADDRESS = {
    "formatted": "address",
    "street": "street",
    "city": "city",
    "region": "region",
    "postal code": "postal_code",
    "country": "country",
}
_NUMBER_SUFFIX = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile("[\u4e00-\u9fff]")
# Google writes several values into one cell, and system groups with a star.
_MULTI_SPLIT = re.compile(r"\s*:::\s*")
_LIST_SPLIT = re.compile(r"\s*(?::::|;|\n)\s*")
_EXPORT_QUOTE = ("'=", "'+", "'-", "'@", "'\t", "'\r")


@dataclass(frozen=True)
class ColumnMap:
    """What one column fills: `field` ('' = ignored), a label for phones, e-mails and
    addresses, and a slot that groups columns into one address (or a label column with its
    value column)."""

    field: str = ""
    label: str = ""
    slot: str = ""


IGNORE = ColumnMap()
Mapping = tuple[ColumnMap, ...]

# Every field a user can choose for a column, in the order the wizard lists them.
FIELD_TITLES: dict[str, str] = {
    "": "(ignore)",
    "crm_number": "CRM number",
    "full_name": "Full name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "name_prefix": "Name prefix",
    "name_suffix": "Name suffix",
    "nickname": "Nickname",
    "alternate_name": "Alternate name",
    "website": "Website",
    "anniversary": "Anniversary",
    "company": "Company",
    "title": "Job title",
    "department": "Department",
    "phone": "Phone",
    "email": "E-mail",
    "street": "Street",
    "city": "City",
    "region": "Region",
    "postal_code": "Postal code",
    "country": "Country",
    "address": "Address (one text)",
    "birthday": "Birthday",
    "notes": "Notes",
    KEEP_IN_NOTES: "Notes, as “column: value”",
    "tags": "Tags",
    "groups": "Groups",
    "source": "Source",
    "owner": "Owner",
    "consent_purpose": "Consent purpose",
    "consent_source": "Consent source",
    "consent_given_at": "Consent given",
    "phone_label": "Label of a phone",
    "email_label": "Label of an e-mail",
    "address_label": "Label of an address",
    **{f"{kind}_primary": title for kind, title in PRIMARY_TITLES.items()},
}
LABELLED = frozenset(
    {"phone", "email", "street", "city", "region", "postal_code", "country", "address"}
)
COMMON_LABELS = ("", "work", "home", "mobile", "fax", "other")


def describe(column: ColumnMap) -> str:
    """'Phone (mobile)', 'Custom field: Shoe size', '(ignore)': what the wizard shows."""
    if column.field.startswith(CUSTOM_PREFIX):
        return f"Custom field: {column.field[len(CUSTOM_PREFIX) :]}"
    title = FIELD_TITLES.get(column.field, column.field)
    return f"{title} ({column.label})" if column.label and column.field in LABELLED else title


def custom(name: str) -> ColumnMap:
    return ColumnMap(f"{CUSTOM_PREFIX}{name.strip()}")


def _label_of(header: str) -> str:
    latin = [words.LABEL_WORDS[w] for w in _LATIN_WORD.findall(header) if w in words.LABEL_WORDS]
    cjk = [label for word, label in words.CJK_LABEL_WORDS.items() if word in header]
    found = list(dict.fromkeys(latin + cjk))
    if "fax" in found and len(found) > 1:
        other = next(label for label in found if label != "fax")
        return f"{other} fax"
    return found[0] if found else ""


def _ordinal(header: str) -> str:
    numbers = _NUMBER_SUFFIX.findall(header)
    return numbers[-1] if numbers and numbers[-1] != "1" else ""


def guess_column(header: str, custom_fields: Sequence[str] = ()) -> ColumnMap:
    """The field a header most likely means, or IGNORE."""
    raw = header.strip()
    own = _OWN_EXPORT.match(raw)
    if own:
        part = _OWN_PARTS[own.group(1).lower()]
        label = own.group(2) or ""
        number = own.group(3)
        if part in ("phone", "email"):
            return ColumnMap(part, label)  # each column its own entry
        slot = f"{label}#{number}" if number else label
        return ColumnMap(part, label, slot)
    if raw.lower().startswith("custom: "):
        return custom(raw[len("custom: ") :])
    for name in custom_fields:
        if name.casefold() == raw.casefold():
            return custom(name)
    text = words.normalise_header(raw)
    if not text:
        return IGNORE
    if text not in words.EXACT:
        text = words.split_joined(text) or text
    if text in words.EXACT:
        return ColumnMap(words.EXACT[text])
    google = _GOOGLE.match(text)
    if google:
        return _google_column(*google.groups())
    latin = set(_LATIN_WORD.findall(text))
    if latin & words.NOT_A_VALUE:
        return IGNORE
    if latin & words.EMAIL_WORDS or any(w in text for w in words.CJK_EMAIL_WORDS):
        return ColumnMap("email", _label_of(text))
    if latin & words.PHONE_WORDS or any(w in text for w in words.CJK_PHONE_WORDS):
        return ColumnMap("phone", _label_of(text) or _cjk_prefix(text))
    for part, latin_words, cjk_words in words.ADDRESS_WORDS:
        if latin & latin_words or any(w in text for w in cjk_words):
            label = _label_of(text)
            return ColumnMap(part, label, label)
    return IGNORE


def _cjk_prefix(text: str) -> str:
    """'家长联系电话' (parent's phone) keeps '家长' as its label."""
    for word in sorted(words.CJK_PHONE_WORDS, key=len, reverse=True):
        index = text.find(word)
        if index > 0:
            prefix = text[:index].removesuffix("联系")
            return prefix if _CJK.search(prefix) else ""
    return ""


def _google_column(kind: str, number: str, part: str) -> ColumnMap:
    slot = f"{kind}{number}"
    if kind in ("email", "phone"):
        if part == "type":
            return ColumnMap(f"{kind}_label", slot=slot)
        return ColumnMap(kind, slot=slot) if part == "value" else IGNORE
    if part == "type":
        return ColumnMap("address_label", slot=slot)
    field = _GOOGLE_ADDRESS.get(part)
    return ColumnMap(field, slot=slot) if field else IGNORE


def ignored_columns(headers: Sequence[str], mapping: Mapping) -> list[str]:
    """The headers of the columns that fill nothing, for the wizard and the summary."""
    return [h for h, c in zip(headers, mapping, strict=False) if not c.field and h.strip()]


def guess_mapping(headers: Sequence[str], custom_fields: Sequence[str] = ()) -> Mapping:
    """A mapping for a whole header row; where a file has both a full name and its parts
    (Google), or a salutation 'Title' beside 'Job Title' (Outlook), the extra column is
    ignored rather than mixed in."""
    guessed = [guess_column(h, custom_fields) for h in headers]
    fields = {c.field for c in guessed}
    normalised = [words.normalise_header(h) for h in headers]
    result = []
    for header, column in zip(normalised, guessed, strict=True):
        if column.field == "full_name" and fields & {"first_name", "last_name"}:
            column = IGNORE
        elif header == "title" and "job title" in normalised:
            column = IGNORE
        result.append(column)
    return tuple(result)


# -- applying a mapping to a row ----------------------------------------------------------------


_LABEL, _TEXT, _FULL, _MULTI, _ADDRESS, _LIST, _CUSTOM, _NOTE_LINE, _PRIMARY = range(9)


class _Step(NamedTuple):
    column: int
    kind: int
    field: str
    label: str
    slot: str
    header: str


def row_reader(
    mapping: Mapping, headers: Sequence[str]
) -> Callable[[int, Sequence[str]], IncomingRecord]:
    """A function turning one row of text cells into an IncomingRecord; what to do with each
    column is worked out once for the file, not per row."""
    steps = _steps(mapping, tuple(headers))
    return lambda row_number, cells: _apply(steps, row_number, cells)


def _steps(mapping: Mapping, headers: tuple[str, ...]) -> tuple[_Step, ...]:
    """What to do with each mapped column: (index, kind, field, label, slot, header)."""
    steps = []
    for index, column in enumerate(mapping):
        field = column.field
        if not field:
            continue
        header = headers[index] if index < len(headers) else f"column {index + 1}"
        if field.endswith("_label"):
            kind, field = _LABEL, field.removesuffix("_label")
        elif field.endswith("_primary"):
            kind, field = _PRIMARY, field.removesuffix("_primary")
        elif field in TEXT_FIELDS or field in DATE_FIELDS or field == "crm_number":
            kind = _TEXT
        elif field == "full_name":
            kind = _FULL
        elif field in ("phone", "email"):
            kind = _MULTI
        elif field in ADDRESS_PARTS or field == "address":
            kind, field = _ADDRESS, "formatted" if field == "address" else field
        elif field in ("tags", "groups"):
            kind = _LIST
        elif field.startswith(CUSTOM_PREFIX):
            kind, field = _CUSTOM, field[len(CUSTOM_PREFIX) :]
        elif field == KEEP_IN_NOTES:
            kind = _NOTE_LINE
        else:
            continue
        steps.append(_Step(index, kind, field, column.label, column.slot, header))
    return tuple(steps)


def _apply(steps: tuple[_Step, ...], row_number: int, cells: Sequence[str]) -> IncomingRecord:
    record = IncomingRecord(row_number)
    addresses: dict[str, AddressIn] = {}
    entries: dict[tuple[str, str], Value] = {}
    labels: dict[tuple[str, str], str] = {}
    primary: dict[str, str] = {}
    size = len(cells)
    for index, kind, field, label, slot, header in steps:
        if index >= size:
            continue
        text = cells[index].strip()
        if text[:1] == "'" and text.startswith(_EXPORT_QUOTE):
            text = text[1:]  # the apostrophe Rapport's CSV export put before a formula-like text
        if kind == _LABEL:
            labels[(field, slot)] = _clean_label(text)
            continue
        if not text:
            continue
        if kind == _PRIMARY:
            primary[field] = text
            continue
        if kind == _TEXT or kind == _NOTE_LINE:
            if kind == _NOTE_LINE:
                field, text = "notes", f"{header}: {text}"
            previous = record.fields.get(field)
            if previous is None:
                record.fields[field] = Value(text, header)
            elif field == "notes":
                previous.text = f"{previous.text}\n{text}"
        elif kind == _MULTI:
            parts = _MULTI_SPLIT.split(text) if ":::" in text else (text,)
            for n, part in enumerate(parts):
                if part:
                    key = (field, slot or f"{index}.{n}")
                    entries[key] = Value(part, header, label)
        elif kind == _ADDRESS:
            address = addresses.get(slot)
            if address is None:
                address = addresses[slot] = AddressIn(label, header)
            current = getattr(address, field)
            setattr(address, field, f"{current}\n{text}" if current else text)
        elif kind == _FULL:
            record.full_name = record.full_name or Value(text, header)
        elif kind == _LIST:
            values = [v for v in _LIST_SPLIT.split(text) if v and not v.startswith("* ")]
            getattr(record, field).extend(values)
        else:
            record.custom[field] = Value(text, header)
    for (kind_name, slot_name), value in entries.items():
        value.label = labels.get((kind_name, slot_name)) or value.label
        (record.phones if kind_name == "phone" else record.emails).append(value)
    for slot_name, address in addresses.items():
        address.label = labels.get(("address", slot_name)) or address.label
        if not address.is_empty():
            record.addresses.append(address)
    if "phone" in primary:
        _put_first(record.phones, *_slot_named(primary["phone"]))
    if "email" in primary:
        _put_first(record.emails, *_slot_named(primary["email"]))
    if "address" in primary:
        _put_first(record.addresses, *_slot_named(primary["address"]))
    return record


_SLOT_NAME = re.compile(r"^(?P<word>[^(#]*?)\s*(?:\((?P<label>.*)\))?\s*(?:#\s*(?P<nth>\d+))?$")
_SLOT_WORDS = {"email", *(word.casefold() for word in SLOT_WORDS.values())}


def _slot_named(text: str) -> tuple[str, int]:
    """(label, nth) from a 'Which ... is primary' cell: 'Phone (work) #2' as the export
    writes it, or a bare label a user typed ('work', 'mobile #2')."""
    found = _SLOT_NAME.match(text.strip())
    if found is None:
        return text.strip(), 1
    label = found["label"]
    if label is None:
        word = found["word"]
        label = "" if word.casefold() in _SLOT_WORDS else word
    return label.strip(), int(found["nth"] or 1)


_Entry = TypeVar("_Entry", Value, AddressIn)


def _put_first(entries: list[_Entry], label: str, nth: int) -> None:
    """Move the nth entry with `label` (in any case) to the front, where the writer makes it
    primary; a cell naming no entry the row has changes nothing."""
    same = [i for i, e in enumerate(entries) if e.label.casefold() == label.casefold()]
    if len(same) >= nth:
        entries.insert(0, entries.pop(same[nth - 1]))


def _clean_label(text: str) -> str:
    """Google writes '* Other' for its built-in labels."""
    label = text.removeprefix("* ").strip()
    return words.LABEL_WORDS.get(label.casefold(), label)


# -- saving and reusing -------------------------------------------------------------------------


def mapping_to_json(headers: Sequence[str], mapping: Mapping) -> str:
    return json.dumps(
        {h: [c.field, c.label, c.slot] for h, c in zip(headers, mapping, strict=True) if h},
        ensure_ascii=False,
        indent=1,
    )


def mapping_from_json(text: str, headers: Sequence[str], source: str) -> Mapping:
    """A saved mapping applied to these headers; headers it does not name are guessed."""
    try:
        saved = json.loads(text)
        if not isinstance(saved, dict):
            raise ValueError("not an object")
        known = {str(h): ColumnMap(*(str(p) for p in parts[:3])) for h, parts in saved.items()}
    except (ValueError, TypeError) as exc:
        raise RapportError(f"{source} is not a saved column mapping ({exc})") from None
    guessed = guess_mapping(headers)
    return tuple(known.get(h, g) for h, g in zip(headers, guessed, strict=True))


def load_mapping_file(path: Path, headers: Sequence[str]) -> Mapping:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RapportError(f"cannot read the mapping file {path}: {exc}") from None
    return mapping_from_json(text, headers, str(path))


def save_named_mapping(db: Database, name: str, headers: Sequence[str], mapping: Mapping) -> None:
    """Keep a mapping under a name for the next file of the same layout."""
    name = name.strip()
    if not name:
        raise RapportError("a saved mapping needs a name")
    with db.session() as session:
        row = session.scalar(select(ImportMapping).where(ImportMapping.name == name))
        if row is None:
            row = ImportMapping(name=name)
            session.add(row)
        row.mapping = mapping_to_json(headers, mapping)


def named_mappings(db: Database) -> dict[str, str]:
    """Saved mappings by name (JSON text, for mapping_from_json)."""
    with db.session() as session:
        rows = session.execute(
            select(ImportMapping.name, ImportMapping.mapping).order_by(ImportMapping.name)
        )
        return {name: text for name, text in rows}
