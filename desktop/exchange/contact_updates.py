"""Merging incoming rows into contacts already stored ('update empty fields' and
'overwrite'): loading them as records, and writing back what changed for all of a chunk's
contacts at once, with enough kept in import_changes to restore them on undo."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import BindParameter, Connection, bindparam, select, update

from desktop.exchange.bulk import insert_rows
from desktop.exchange.contact_writer import STORED, Writer
from desktop.exchange.merge import MergeDiff
from desktop.exchange.validation import AddressOut, CheckedRecord, EmailOut, PhoneOut
from desktop.store import names
from desktop.store.entities import (
    Base,
    ContactTag,
    CustomField,
    CustomValue,
    Group,
    GroupMember,
    Tag,
    utcnow,
)

CONTACTS = Base.metadata.tables["contacts"]
PHONES = Base.metadata.tables["contact_phones"]
EMAILS = Base.metadata.tables["contact_emails"]
ADDRESSES = Base.metadata.tables["contact_addresses"]


@dataclass(frozen=True)
class Merge:
    """One existing contact after merging incoming rows into it."""

    contact_id: int
    current: CheckedRecord
    diff: MergeDiff
    #: phones, e-mails and addresses it had before
    counts: tuple[int, int, int]


def load_contacts(conn: Connection, ids: Sequence[int]) -> dict[int, CheckedRecord]:
    """Existing contacts as records, to merge incoming rows into."""
    found: dict[int, CheckedRecord] = {}
    if not ids:
        return found
    param = {"v": list(ids)}
    exp: BindParameter[int] = bindparam("v", expanding=True)
    columns = [CONTACTS.c[n] for n in (*STORED, "company_name")]
    for row in conn.execute(select(CONTACTS.c.id, *columns).where(CONTACTS.c.id.in_(exp)), param):
        record = CheckedRecord(0)
        record.values = {n: row._mapping[n] for n in STORED}
        record.values["company"] = row.company_name
        found[row.id] = record
    for cid, label, number, e164, digits in conn.execute(
        select(
            PHONES.c.contact_id, PHONES.c.label, PHONES.c.number, PHONES.c.e164, PHONES.c.digits
        ).where(PHONES.c.contact_id.in_(exp)),
        param,
    ):
        found[cid].phones.append(PhoneOut(label, number, e164, digits))
    for cid, label, address, key in conn.execute(
        select(EMAILS.c.contact_id, EMAILS.c.label, EMAILS.c.address, EMAILS.c.address_key).where(
            EMAILS.c.contact_id.in_(exp)
        ),
        param,
    ):
        found[cid].emails.append(EmailOut(label, address, key))
    parts = ("label", "street", "city", "region", "postal_code", "country")
    for row in conn.execute(
        select(ADDRESSES.c.contact_id, *(ADDRESSES.c[p] for p in parts)).where(
            ADDRESSES.c.contact_id.in_(exp)
        ),
        param,
    ):
        found[row[0]].addresses.append(AddressOut(*row[1:]))
    for cid, name in conn.execute(
        select(ContactTag.contact_id, Tag.name)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .where(ContactTag.contact_id.in_(exp)),
        param,
    ):
        found[cid].tags.append(name)
    for cid, name in conn.execute(
        select(GroupMember.contact_id, Group.name)
        .join(Group, Group.id == GroupMember.group_id)
        .where(GroupMember.contact_id.in_(exp)),
        param,
    ):
        found[cid].groups.append(name)
    for cid, name, value in conn.execute(
        select(CustomValue.contact_id, CustomField.name, CustomValue.value)
        .join(CustomField, CustomField.id == CustomValue.field_id)
        .where(CustomValue.contact_id.in_(exp)),
        param,
    ):
        if cid is not None:  # contact values only (the column is shared with companies)
            found[cid].custom[name] = value
    return found


def apply_merges(writer: Writer, merges: Sequence[Merge]) -> None:
    """Write merges into existing contacts, a statement per kind of row for all of them;
    each Merge's `current` already holds the merged state."""
    if not merges:
        return
    extras = [
        CheckedRecord(
            0,
            phones=m.diff.phones,
            emails=m.diff.emails,
            addresses=m.diff.addresses,
            tags=m.diff.tags,
            groups=m.diff.groups,
            custom={
                n: m.current.custom[n] for n in m.diff.custom_before if not m.diff.custom_before[n]
            },
        )
        for m in merges
    ]
    writer.prepare([*extras, *(m.current for m in merges)])
    for m in merges:
        for name, old in m.diff.custom_before.items():
            if old:  # a value that was there is changed in place (overwrite)
                writer.conn.execute(
                    update(CustomValue)
                    .where(
                        CustomValue.contact_id == m.contact_id,
                        CustomValue.field_id == writer.fields[name],
                    )
                    .values(value=m.current.custom[name])
                )
    added = writer.children(
        [(m.contact_id, extra) for m, extra in zip(merges, extras, strict=True)],
        [m.counts for m in merges],
        returning=True,
    )
    stored = [m.contact_id for m in merges if m.contact_id not in writer.created_ids]
    notes = writer.history(
        [(cid, "") for cid in stored], f"Updated by the import of {writer.source}"
    )
    history = dict(zip(stored, notes, strict=True))
    by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for m in merges:
        values = _changed_columns(writer, m)
        row = {f"v_{k}": v for k, v in values.items()}
        row["v_id"] = m.contact_id
        by_columns.setdefault(tuple(sorted(values)), []).append(row)
    now = utcnow()
    for columns, rows in by_columns.items():
        stmt = (
            update(CONTACTS)
            .where(CONTACTS.c.id == bindparam("v_id"))
            .values(
                {
                    **{c: bindparam(f"v_{c}") for c in columns},
                    "version": CONTACTS.c.version + 1,
                    "updated_at": now,
                }
            )
        )
        writer.conn.execute(stmt, rows)
    writer.updated_ids.update(m.contact_id for m in merges)
    # a contact this import created is removed whole by undo: nothing to restore
    changes = [
        (
            writer.batch_id,
            m.contact_id,
            "updated",
            json.dumps(
                _undo_record(writer, m, added.get(m.contact_id, {}), history[m.contact_id]),
                ensure_ascii=False,
            ),
        )
        for m in merges
        if m.contact_id not in writer.created_ids
    ]
    insert_rows(
        writer.conn, "import_changes", ("batch_id", "contact_id", "action", "before"), changes
    )


def _changed_columns(writer: Writer, m: Merge) -> dict[str, object]:
    current, diff = m.current, m.diff
    values: dict[str, object] = {n: current.values.get(n) for n in diff.before if n in STORED}
    if diff.before.keys() & {"first_name", "last_name", "company"}:
        values["display_name"] = current.display_name[:401]
        values["sort_name"] = current.sort_name[:401]
        values["sort_key"] = names.sort_key(current.sort_name[:401])
    if "company" in diff.before:
        values["company_name"] = current.text("company")
        values["company_id"] = writer.company_id(current.text("company"))
    mirrors = writer.mirrors(current)
    for name, had in zip(("primary_phone", "primary_email", "city"), m.counts, strict=True):
        if not had and mirrors[name]:
            values[name] = mirrors[name]
    return values


def _undo_record(
    writer: Writer, m: Merge, added: dict[str, list[int]], history: int
) -> dict[str, object]:
    return {
        "history": history,
        "fields": {n: _jsonable(v) for n, v in m.diff.before.items()},
        "added": added,
        "tags": [writer.tags[t] for t in m.diff.tags],
        "groups": [writer.groups[g] for g in m.diff.groups],
        "custom": {str(writer.fields[n]): v for n, v in m.diff.custom_before.items()},
    }


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
