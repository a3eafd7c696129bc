"""Writing contacts as vCard 3.0 (RFC 2426), the version every address book reads.

What vCard has no property for (CRM number, source, owner, consent, groups, custom fields) is
written as X-RAPPORT- properties, which other programs keep or ignore and Rapport's import
reads back (vcard_reader.RAPPORT_FIELDS), so a round trip keeps every field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from desktop.exchange.export_rows import ExportContact
from desktop.exchange.vcard_reader import RAPPORT_FIELDS
from desktop.store.names import display_name

_TYPES = {
    "mobile": "CELL",
    "work": "WORK",
    "home": "HOME",
    "fax": "FAX",
    "pager": "PAGER",
    "main": "MAIN",
    "work fax": "WORK,FAX",
    "home fax": "HOME,FAX",
    "other": "OTHER",
}


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue after CRLF and a space, never inside a
    character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _type(label: str, extra: str = "") -> str:
    if not label:
        return f";TYPE={extra}" if extra else ""
    known = _TYPES.get(label.casefold())
    types = ",".join(t for t in (extra, known) if t) if known else extra
    param = f";TYPE={types}" if types else ""
    # Labels vCard has no type for travel as an Apple-style group label, which Gmail and
    # Rapport read back.
    return param if known else f"{param};X-LABEL={_escape(label)}"


def vcard(contact: ExportContact) -> str:
    v = contact.values
    first, last = str(v.get("first_name") or ""), str(v.get("last_name") or "")
    company = str(v.get("company_name") or "")
    middle, prefix, suffix = (
        _escape(str(v.get(k) or "")) for k in ("middle_name", "name_prefix", "name_suffix")
    )
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(last)};{_escape(first)};{middle};{prefix};{suffix}",
        f"FN:{_escape(display_name(first, last) or company)}",
    ]
    if v.get("nickname"):
        lines.append(f"NICKNAME:{_escape(str(v['nickname']))}")
    if not (first or last) and company:
        lines.append("X-ABSHOWAS:COMPANY")  # Apple's mark of a company's card; read back
    if company or v.get("department"):
        lines.append(f"ORG:{_escape(company)};{_escape(str(v.get('department') or ''))}")
    if v.get("title"):
        lines.append(f"TITLE:{_escape(str(v['title']))}")
    for label, number in contact.phones:
        lines.append(f"TEL{_type(label)}:{_escape(number)}")
    for label, address in contact.emails:
        lines.append(f"EMAIL{_type(label, 'INTERNET')}:{_escape(address)}")
    for a in contact.addresses:
        parts = ";".join(
            _escape(a[p]) for p in ("street", "city", "region", "postal_code", "country")
        )
        lines.append(f"ADR{_type(a['label'])}:;;{parts}")
    birthday = v.get("birthday")
    if isinstance(birthday, date):
        lines.append(f"BDAY:{birthday.isoformat()}")
    anniversary = v.get("anniversary")
    if isinstance(anniversary, date):
        # vCard 3.0 has no ANNIVERSARY (4.0 has); this is the name KDE, Evolution and others read
        lines.append(f"X-ANNIVERSARY:{anniversary.isoformat()}")
    lines += [f"URL:{_escape(url)}" for url in str(v.get("website") or "").splitlines() if url]
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in contact.tags))
    if v.get("notes"):
        lines.append(f"NOTE:{_escape(str(v['notes']))}")
    lines += _rapport_lines(contact)
    lines.append(f"UID:rapport-{_escape(str(v.get('crm_number') or ''))}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _rapport_lines(contact: ExportContact) -> Iterator[str]:
    """Rapport's own fields as X-RAPPORT- properties."""
    for prop, key in RAPPORT_FIELDS.items():
        value = contact.values.get(key)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            value = value.isoformat()
        if value:
            yield f"{prop.upper()}:{_escape(str(value))}"
    for group in contact.groups:
        yield f"X-RAPPORT-GROUP:{_escape(group)}"
    for name, value in sorted(contact.custom.items()):
        if value:
            # a quoted parameter holds ':', ';' and ',' but never a double quote
            yield f'X-RAPPORT-FIELD;X-NAME="{name.replace(chr(34), chr(39))}":{_escape(value)}'


def write_vcards(path: Path, contacts: Iterable[ExportContact]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for contact in contacts:
            handle.write(vcard(contact))
            count += 1
    return count
