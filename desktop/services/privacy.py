"""A person's rights over what is kept about them: see all of it, and have it erased.

'Export this person's data' writes every stored field of one contact and of everything linked
to them to a JSON file (columns read from the schema, so a field added by a later migration is
exported without this module knowing it) and the card as a vCard 3.0.

'Erase this person' lives in desktop.services.erasure.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import vobject
from sqlalchemy import Connection, Table, select

from desktop.errors import RapportError
from desktop.store.database import Database
from desktop.store.entities import Base, utcnow

_UNSAFE_FILE_CHARS = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_MAX_NAME_BYTES = 150


@dataclass(frozen=True)
class PersonExport:
    json_path: Path
    vcard_path: Path
    #: records written per kind ('phones': 2, 'history': 14, ...)
    counts: dict[str, int]


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in conn.execute(stmt)]


def _owned(conn: Connection, name: str, contact_id: int) -> list[dict[str, Any]]:
    table = _table(name)
    stmt = select(table).where(table.c.contact_id == contact_id).order_by(table.c.id)
    return _rows(conn, stmt)


def _names(conn: Connection, named: str, links: str, key: str, contact_id: int) -> list[str]:
    """Names of the tags (or groups) the contact is linked to, sorted."""
    names, link = _table(named), _table(links)
    stmt = (
        select(names.c.name)
        .join(link, link.c[key] == names.c.id)
        .where(link.c.contact_id == contact_id)
        .order_by(names.c.name)
    )
    return list(conn.scalars(stmt))


def person_record(conn: Connection, contact_id: int) -> dict[str, Any]:
    """Everything kept about one contact, as plain JSON-ready values."""
    contacts = _table("contacts")
    found = _rows(conn, select(contacts).where(contacts.c.id == contact_id))
    if not found:
        raise RapportError(f"contact {contact_id} does not exist (deleted meanwhile?)")
    contact = found[0]
    companies = _table("companies")
    fields, values = _table("custom_fields"), _table("custom_values")
    activities, links = _table("activities"), _table("activity_contacts")
    types = _table("activity_types")
    deals, lines, stages = _table("deals"), _table("deal_lines"), _table("pipeline_stages")
    products, purchases = _table("products"), _table("transactions")
    theirs = select(links.c.activity_id).where(links.c.contact_id == contact_id)
    activity_rows = _rows(
        conn,
        select(activities, types.c.name.label("type_name"))
        .join(types, types.c.id == activities.c.type_id)
        .where(activities.c.id.in_(theirs))
        .order_by(activities.c.id),
    )
    for activity in activity_rows:
        # Others at the same meeting are someone else's data: counted, never named.
        activity["other_contacts"] = len(
            conn.execute(
                select(links.c.contact_id).where(
                    links.c.activity_id == activity["id"], links.c.contact_id != contact_id
                )
            ).all()
        )
    deal_rows = _rows(
        conn,
        select(deals, stages.c.name.label("stage_name"))
        .join(stages, stages.c.id == deals.c.stage_id)
        .where(deals.c.contact_id == contact_id)
        .order_by(deals.c.id),
    )
    for deal in deal_rows:
        deal["lines"] = _rows(conn, select(lines).where(lines.c.deal_id == deal["id"]))
    return {
        "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
        "contact": contact,
        "company": next(
            iter(_rows(conn, select(companies).where(companies.c.id == contact["company_id"]))),
            None,
        ),
        "phones": _owned(conn, "contact_phones", contact_id),
        "emails": _owned(conn, "contact_emails", contact_id),
        "addresses": _owned(conn, "contact_addresses", contact_id),
        "tags": _names(conn, "tags", "contact_tags", "tag_id", contact_id),
        "groups": _names(conn, "groups", "group_members", "group_id", contact_id),
        "custom_values": _rows(
            conn,
            select(fields.c.name.label("field"), fields.c.field_type, values.c.value)
            .join(fields, fields.c.id == values.c.field_id)
            .where(values.c.contact_id == contact_id)
            .order_by(fields.c.position, fields.c.name),
        ),
        "history": _owned(conn, "history_items", contact_id),
        "activities": activity_rows,
        "deals": deal_rows,
        "purchases": _rows(
            conn,
            select(purchases, products.c.name.label("product_name"), products.c.sku)
            .outerjoin(products, products.c.id == purchases.c.product_id)
            .where(purchases.c.contact_id == contact_id)
            .order_by(purchases.c.occurred_on, purchases.c.id),
        ),
    }


def person_vcard(record: dict[str, Any]) -> str:
    """The contact's card as vCard 3.0 text."""
    contact = record["contact"]
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(
        family=contact["last_name"], given=contact["first_name"]
    )
    card.add("fn").value = contact["display_name"] or contact["crm_number"]
    if contact["company_name"] or contact["department"]:
        card.add("org").value = [contact["company_name"], contact["department"]]
    if contact["title"]:
        card.add("title").value = contact["title"]
    for phone in record["phones"]:
        _typed(card.add("tel"), phone["number"], phone["label"], phone["is_primary"])
    for email in record["emails"]:
        _typed(card.add("email"), email["address"], email["label"], email["is_primary"], "INTERNET")
    for address in record["addresses"]:
        entry = card.add("adr")
        entry.value = vobject.vcard.Address(
            street=address["street"],
            city=address["city"],
            region=address["region"],
            code=address["postal_code"],
            country=address["country"],
        )
        _typed(entry, None, address["label"], address["is_primary"])
    if contact["birthday"]:
        card.add("bday").value = contact["birthday"]
    if record["tags"]:
        card.add("categories").value = record["tags"]
    if contact["notes"]:
        card.add("note").value = contact["notes"]
    card.add("uid").value = f"rapport:{contact['crm_number']}"
    card.add("x-rapport-crm").value = contact["crm_number"]
    return str(card.serialize())


def _typed(line: Any, value: str | None, label: str, primary: bool, *extra: str) -> None:
    if value is not None:
        line.value = value
    types = [*extra, *re.findall(r"[A-Za-z0-9-]+", label.upper())]
    if primary:
        types.append("PREF")
    if types:
        line.type_param = types


def _file_stem(contact: dict[str, Any]) -> str:
    name = _UNSAFE_FILE_CHARS.sub(" ", contact["display_name"]).strip(" .")
    # File systems count bytes (255 at most), not characters; leave room for the suffixes.
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = name[:-1]
    return f"{contact['crm_number']} {name.rstrip(' .')}".strip()


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise RapportError(f"cannot write {path}: {exc.strerror}") from exc


def export_person(db: Database, contact_id: int, folder: Path) -> PersonExport:
    """Write '<CRM> <name>.json' (every field, history, activities, deals, purchases, notes)
    and '<CRM> <name>.vcf' into `folder`."""
    if not folder.is_dir():
        raise RapportError(f"{folder} is not a folder")
    with db.transaction() as conn:
        record = person_record(conn, contact_id)
    stem = _file_stem(record["contact"])
    json_path = folder / f"{stem}.json"
    vcard_path = folder / f"{stem}.vcf"
    _write_atomically(json_path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    _write_atomically(vcard_path, person_vcard(record))
    counts = {k: len(v) for k, v in record.items() if isinstance(v, list)}
    return PersonExport(json_path, vcard_path, counts)
