"""vCard 2.1, 3.0 and 4.0 files as IncomingRecords.

vobject parses the lines; two things it does not do are done here first: joining
quoted-printable soft line breaks of vCard 2.1 (a value ending in '=' continues on the next
line) and reading 2.1's bare type parameters (TEL;WORK;VOICE). Photos are skipped: Rapport
keeps no pictures (until attachments exist), and skipping them keeps a 50 MB address book
from being held as images; `losses` counts them, and the lines vobject could not read, for
the import's summary (vobject's own log lines about them are silenced).

A card may give its name in two scripts (vCard 4.0 ALTID with LANGUAGE): the one in the
user's language is the name, the other the alternate name; neither is dropped.
"""

from __future__ import annotations

import locale
import logging
import os
import quopri
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vobject
from vobject.base import ParseError, VObjectError, textLineToContentLine

from desktop.errors import RapportError
from desktop.exchange.record import AddressIn, IncomingRecord, Value
from desktop.exchange.sources import MAX_FIELD_CHARS, detect_encoding
from desktop.store.names import display_name

MAX_VCARD_BYTES = 200_000_000
_QP = re.compile(r"ENCODING=QUOTED-PRINTABLE", re.IGNORECASE)
_CHARSET = re.compile(r"CHARSET=([\w-]+)", re.IGNORECASE)
#: properties not imported, and what the summary calls them
_SKIPPED = {"PHOTO": "photo", "LOGO": "logo", "SOUND": "sound", "KEY": "key"}
_ANNIVERSARIES = ("anniversary", "x-anniversary", "x-evolution-anniversary", "x-ms-anniversary")
_LISTED = 10
_TYPE_LABELS = {
    "cell": "mobile",
    "work": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
_IGNORED_TYPES = frozenset(
    {"internet", "voice", "pref", "x400", "msg", "postal", "parcel", "dom", "intl", "text"}
)
_STRUCTURED = frozenset({"N", "ADR", "ORG"})
#: Rapport's own fields in its vCards (vcard_export), property -> field
RAPPORT_FIELDS = {
    "x-rapport-crm-number": "crm_number",
    "x-rapport-source": "source",
    "x-rapport-owner": "owner",
    "x-rapport-consent-purpose": "consent_purpose",
    "x-rapport-consent-source": "consent_source",
    "x-rapport-consent-given": "consent_given_at",
    "x-rapport-alternate-name": "alternate_name",
}
_APPLE_LABEL = re.compile(r"^_\$!<(.+)>!\$_$")


class _Quiet(logging.Filter):
    """vobject logs each line it skips ('Skipped line 12 ...') to the terminal, hundreds for
    one iPhone card; `losses` counts them for the summary instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Skipped")


logging.getLogger("vobject.base").addFilter(_Quiet())


def user_language() -> str:
    """The user's language as two letters ('de', 'zh'), from the system's locale; Windows
    names ('German_Germany') are turned into codes by Python's table of locale names."""
    name = (
        os.environ.get("LC_ALL")
        or os.environ.get("LC_MESSAGES")
        or os.environ.get("LANG")
        or locale.getlocale()[0]
        or ""
    )
    return locale.normalize(name).replace("-", "_").split("_")[0].split(".")[0].lower()


def read_vcards(path: Path, language: str | None = None) -> Iterator[IncomingRecord]:
    """Every contact in the file, numbered from 1 in file order; a name given in several
    languages is taken in `language` (default: the user's)."""
    language = language or user_language()
    try:
        for number, card in enumerate(
            vobject.readComponents(_prepared(path), ignoreUnreadable=True), 1
        ):
            if card.name.upper() != "VCARD":
                continue
            yield _record(number, card, language)
    except ParseError as exc:
        raise RapportError(f"{path.name} is not a readable vCard file: {exc}") from None


def _prepared(path: Path, dropped: Counter[tuple[str, int]] | None = None) -> str:
    size = path.stat().st_size
    if size > MAX_VCARD_BYTES:
        raise RapportError(
            f"{path.name} is {size / 1e6:.0f} MB; vCard files over 200 MB are refused"
        )
    return _prepare(path.read_bytes().decode(detect_encoding(path)), dropped)


def losses(path: Path) -> list[str]:
    """What the import of this file leaves out, for its summary: photos (and logos, sounds,
    keys) by card, and lines no vCard reader can read, counted by card."""
    dropped: Counter[tuple[str, int]] = Counter()
    skipped: Counter[int] = Counter()
    card = 0
    for line in _prepared(path, dropped).split("\r\n"):
        if line.strip().upper() == "BEGIN:VCARD":
            card += 1
        if not line.strip():
            continue
        try:
            textLineToContentLine(line)
        except VObjectError:
            skipped[card] += 1
    notes = []
    for kind in _SKIPPED.values():
        cards = sorted(n for k, n in dropped if k == kind)
        if cards:
            notes.append(
                f"{_counted(len(cards), kind)} not imported (Rapport keeps no {kind}s yet): "
                f"{_cards(cards)}"
            )
    if skipped:
        where = [f"card {n}: {skipped[n]}" for n in sorted(skipped)[:_LISTED]]
        more = ", ..." if len(skipped) > _LISTED else ""
        notes.append(
            f"{_counted(sum(skipped.values()), 'unreadable line')} skipped ({', '.join(where)}"
            f"{more})"
        )
    return notes


def _counted(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _cards(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers[:_LISTED])
    more = ", ..." if len(numbers) > _LISTED else ""
    return f"card{'s' if len(numbers) > 1 else ''} {listed}{more}"


def _prepare(text: str, dropped: Counter[tuple[str, int]] | None = None) -> str:
    """Unfold lines, join quoted-printable soft breaks and decode those values, drop photos,
    and write vCard 2.1 values in 3.0 escaping (2.1 has no escapes: a comma in a note is a
    comma) so that vobject's 3.0 rules read them right."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[str] = []
    index = 0
    while index < len(physical):
        line = physical[index]
        index += 1
        if logical and line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
            continue
        head = line.split(":", 1)[0]
        if ":" in line and _QP.search(head):
            while line.endswith("=") and index < len(physical):
                line = line[:-1] + physical[index]
                index += 1
        logical.append(line)
    out: list[str] = []
    card: list[str] = []
    number = 0
    for line in logical:
        card.append(line)
        if line.strip().upper() == "END:VCARD":
            number += 1
            out.extend(_card_lines(card, number, dropped))
            card = []
    out.extend(_card_lines(card, number + 1, dropped))
    return "\r\n".join(out)


def _card_lines(
    card: list[str], number: int, dropped: Counter[tuple[str, int]] | None
) -> Iterator[str]:
    legacy = any(line.strip().upper() == "VERSION:2.1" for line in card)
    for line in card:
        if ":" not in line:
            yield line
            continue
        head, value = line.split(":", 1)
        name = head.split(";", 1)[0].split(".")[-1].upper()
        if name in _SKIPPED:
            if dropped is not None:
                dropped[(_SKIPPED[name], number)] += 1
            continue
        qp = _QP.search(head)
        if qp:
            charset = _CHARSET.search(head)
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                charset.group(1) if charset else "utf-8", "replace"
            )
            head = _CHARSET.sub("", _QP.sub("", head)).replace(";;", ";").rstrip(";")
        if legacy and name not in ("BEGIN", "END", "VERSION"):
            value = value.replace("\\", "\\\\")
            if name not in _STRUCTURED:
                value = value.replace(",", "\\,").replace(";", "\\;")
        if qp or legacy:
            value = value.replace("\r\n", "\n").replace("\n", "\\n")
        yield f"{head}:{value}"


def _labels(line: Any) -> list[str]:
    named = line.params.get("X-LABEL")
    if named:
        return [str(named[0])]
    types = list(line.params.get("TYPE", []))
    types += list(getattr(line, "singletonparams", []))
    found = []
    for item in types:
        for part in str(item).split(","):
            key = part.strip().lower()
            if key in _IGNORED_TYPES or not key:
                continue
            found.append(_TYPE_LABELS.get(key, key))
    if "fax" in found and len(found) > 1:
        return [f"{next(x for x in found if x != 'fax')} fax"]
    return found[:1]


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else " ".join(str(v) for v in value if v)
    if len(text) > MAX_FIELD_CHARS:
        raise RapportError(f"a vCard value is longer than {MAX_FIELD_CHARS:,} characters")
    return text.strip()


def _record(number: int, card: Any, language: str) -> IncomingRecord:
    record = IncomingRecord(number)
    contents: dict[str, list[Any]] = card.contents
    group_labels = {
        line.group: _apple_label(line.value) for line in contents.get("x-ablabel", []) if line.group
    }
    _names(record, contents, language)
    if "org" in contents:
        org = contents["org"][0].value
        parts = [org] if isinstance(org, str) else list(org)
        _put(record, "company", _text(parts[0]) if parts else "", "ORG")
        if len(parts) > 1:
            _put(record, "department", _text(parts[1]), "ORG")
    if not (record.text("first_name") or record.text("last_name")) and "fn" in contents:
        shown = _text(contents["fn"][0].value)
        # a company's card names the company as FN: no person's name to split
        is_company = [_text(line.value).upper() for line in contents.get("x-abshowas", [])]
        if shown != record.text("company") and "COMPANY" not in is_company:
            record.full_name = Value(shown, "FN")
    for key, field in (("title", "title"), ("bday", "birthday"), ("nickname", "nickname")):
        if key in contents:
            _put(record, field, _text(contents[key][0].value), key.upper())
    urls = [u for line in contents.get("url", []) if (u := _text(line.value))]
    _put(record, "website", "\n".join(dict.fromkeys(urls)), "URL")
    _anniversary(record, contents, group_labels)
    notes = [_text(line.value) for line in contents.get("note", [])]
    _put(record, "notes", "\n".join(n for n in notes if n), "NOTE")
    for line in contents.get("tel", []):
        label = group_labels.get(line.group) or next(iter(_labels(line)), "")
        record.phones.append(Value(_text(line.value), "TEL", label))
    for line in contents.get("email", []):
        label = group_labels.get(line.group) or next(iter(_labels(line)), "")
        record.emails.append(Value(_text(line.value), "EMAIL", label))
    for line in contents.get("adr", []):
        adr = line.value
        label = group_labels.get(line.group) or next(iter(_labels(line)), "")
        street = "\n".join(p for p in (_text(adr.box), _text(adr.extended), _text(adr.street)) if p)
        address = AddressIn(
            label,
            "ADR",
            street,
            _text(adr.city),
            _text(adr.region),
            _text(adr.code),
            _text(adr.country),
        )
        if not address.is_empty():
            record.addresses.append(address)
    _rapport_fields(record, contents)
    for line in contents.get("categories", []):
        record.tags.extend(
            _text(v)
            for v in (line.value if isinstance(line.value, list) else [line.value])
            if _text(v)
        )
    return record


def _language(line: Any) -> str:
    return str(next(iter(line.params.get("LANGUAGE", [])), "")).split("-")[0].lower()


def _in_language(lines: list[Any], language: str) -> tuple[Any, list[Any]]:
    """The line in the user's language (else the first) and the others."""
    chosen = next((line for line in lines if _language(line) == language), lines[0])
    return chosen, [line for line in lines if line is not chosen]


def _names(record: IncomingRecord, contents: dict[str, list[Any]], language: str) -> None:
    """N's parts (FN is read later, when N is empty); of a name in several scripts the one in
    the user's language, the others as the alternate name."""
    names = [line for line in contents.get("n", []) if not isinstance(line.value, str)]
    others: list[str] = []
    if names:
        name, rest = _in_language(names, language)
        _put(record, "first_name", _text(name.value.given), "N")
        _put(record, "middle_name", _text(name.value.additional), "N")
        _put(record, "last_name", _text(name.value.family), "N")
        _put(record, "name_prefix", _text(name.value.prefix), "N")
        _put(record, "name_suffix", _text(name.value.suffix), "N")
        others = [display_name(_text(n.value.given), _text(n.value.family)) for n in rest]
    shown = contents.get("fn", [])
    if len(shown) > 1:
        fn, rest = _in_language(shown, language)
        contents["fn"] = [fn]
        others += [_text(line.value) for line in rest if not others]
    if not others:  # Apple's phonetic name: how the name is said
        parts = ("x-phonetic-first-name", "x-phonetic-last-name")
        others = [" ".join(_text(contents[p][0].value) for p in parts if p in contents)]
    _put(record, "alternate_name", "; ".join(dict.fromkeys(o for o in others if o)), "N")


def _anniversary(
    record: IncomingRecord, contents: dict[str, list[Any]], group_labels: dict[str, str]
) -> None:
    for key in _ANNIVERSARIES:
        if key in contents:
            _put(record, "anniversary", _text(contents[key][0].value), key.upper())
            return
    for line in contents.get("x-abdate", []):
        if group_labels.get(line.group, "").casefold() == "anniversary":
            _put(record, "anniversary", _text(line.value), "X-ABDATE")
            return


def _rapport_fields(record: IncomingRecord, contents: dict[str, list[Any]]) -> None:
    """What Rapport's own export wrote as X-RAPPORT- properties."""
    for prop, field in RAPPORT_FIELDS.items():
        if prop in contents:
            _put(record, field, _text(contents[prop][0].value), prop.upper())
    record.groups += [g for line in contents.get("x-rapport-group", []) if (g := _text(line.value))]
    for line in contents.get("x-rapport-field", []):
        name = str(next(iter(line.params.get("X-NAME", [])), "")).strip()
        if name:
            record.custom[name] = Value(_text(line.value), f"X-RAPPORT-FIELD {name}")


def _apple_label(value: str) -> str:
    match = _APPLE_LABEL.match(value)
    return (match.group(1) if match else value).lower() if match else value


def _put(record: IncomingRecord, field: str, text: str, column: str) -> None:
    if text:
        record.fields[field] = Value(text, column)
