"""Writing checked records into the store with Core bulk statements.

One `Writer` lives for one import transaction: it caches company, tag, group and custom field
ids as it finds or creates them, inserts new contacts a chunk at a time (executemany, CRM
numbers allocated for the whole chunk at once), and applies merges to existing contacts,
recording what each write did in import_changes so the import can be undone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Table, bindparam, insert, select, text, update

from desktop.exchange.merge import MergeDiff
from desktop.exchange.validation import AddressOut, CheckedRecord, EmailOut, PhoneOut
from desktop.store import crm_numbers
from desktop.store.entities import (
    Company,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    ContactTag,
    CustomField,
    CustomValue,
    FieldTarget,
    Group,
    GroupMember,
    ImportChange,
    Tag,
    utcnow,
)

CONTACTS = Contact.__table__
PHONES = ContactPhone.__table__
EMAILS = ContactEmail.__table__
ADDRESSES = ContactAddress.__table__
_STORED = (
    "first_name",
    "last_name",
    "title",
    "department",
    "source",
    "owner",
    "notes",
    "consent_purpose",
    "consent_source",
    "birthday",
    "consent_given_at",
)


class Writer:
    def __init__(self, conn: Connection, batch_id: int) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self._companies: dict[str, int] = {}
        self._companies_loaded = False
        self._tags: dict[str, int] = {}
        self._groups: dict[str, int] = {}
        self._fields: dict[str, int] = {}
        self.created_ids: set[int] = set()
        self.updated_ids: set[int] = set()

    # -- look-ups ---------------------------------------------------------------------------

    def _find_or_create(self, cache: dict[str, int], entity: type, names: set[str]) -> None:
        """Ids of named tags or groups (exact names: they are unique), creating the missing."""
        missing = sorted(n for n in names if n and n not in cache)
        if not missing:
            return
        table = entity.__table__
        stmt = select(table.c.id, table.c.name).where(
            table.c.name.in_(bindparam("v", expanding=True))
        )
        for start in range(0, len(missing), 500):
            for row_id, name in self.conn.execute(stmt, {"v": missing[start : start + 500]}):
                cache[name] = row_id
        self._insert_named(cache, table, [n for n in missing if n not in cache], fold=False)

    def _companies_by_name(self, names: set[str]) -> None:
        """Companies match ignoring case, as the card's company field does. All names are read
        once (a scan of lower(name) per chunk would cost more than the chunk)."""
        if not self._companies_loaded:
            for row_id, name in self.conn.execute(select(Company.id, Company.name)):
                self._companies.setdefault(name.casefold(), row_id)
            self._companies_loaded = True
        missing = {n.casefold(): n for n in names if n and n.casefold() not in self._companies}
        self._insert_named(self._companies, Company.__table__, list(missing.values()), fold=True)

    def _insert_named(
        self, cache: dict[str, int], table: Table, names: list[str], fold: bool
    ) -> None:
        if not names:
            return
        now = utcnow()
        ids = reserve_ids(self.conn, table.name, len(names))
        self.conn.execute(
            insert(table),
            [
                {"id": i, "name": n, "created_at": now, "updated_at": now}
                for i, n in zip(ids, names, strict=True)
            ],
        )
        for row_id, name in zip(ids, names, strict=True):
            cache[name.casefold() if fold else name] = row_id

    def prepare(self, records: Sequence[CheckedRecord]) -> None:
        """Find or create every company, tag, group and custom field these records name."""
        self._companies_by_name({r.text("company") for r in records})
        self._find_or_create(self._tags, Tag, {t for r in records for t in r.tags})
        self._find_or_create(self._groups, Group, {g for r in records for g in r.groups})
        names = {n for r in records for n in r.custom} - set(self._fields)
        if names:
            rows = self.conn.execute(
                select(CustomField.id, CustomField.name).where(
                    CustomField.applies_to == FieldTarget.CONTACT
                )
            )
            self._fields.update({name: field_id for field_id, name in rows})
            for name in sorted(names - set(self._fields)):
                self._fields[name] = self.conn.execute(
                    insert(CustomField.__table__).returning(CustomField.id),
                    {
                        "name": name,
                        "field_type": "text",
                        "applies_to": "contact",
                        "created_at": utcnow(),
                        "updated_at": utcnow(),
                    },
                ).scalar_one()

    def company_id(self, name: str) -> int | None:
        return self._companies.get(name.casefold()) if name else None

    # -- new contacts -----------------------------------------------------------------------

    def create(self, records: Sequence[CheckedRecord]) -> list[int]:
        if not records:
            return []
        self.prepare(records)
        numbers = crm_numbers.allocate(self.conn, len(records))
        now = utcnow()
        rows = []
        for number, record in zip(numbers, records, strict=True):
            row = {name: record.values.get(name) for name in _STORED}
            row.update(self._mirrors(record))
            row.update(
                crm_number=crm_numbers.format_crm(number),
                display_name=record.display_name[:401],
                sort_name=record.sort_name[:401],
                created_at=now,
                updated_at=now,
                version=1,
            )
            rows.append(row)
        ids = reserve_ids(self.conn, "contacts", len(rows))
        for row_id, row in zip(ids, rows, strict=True):
            row["id"] = row_id
        self.conn.execute(insert(CONTACTS), rows)
        self._children(list(zip(ids, records, strict=True)), [(0, 0, 0)] * len(ids))
        self.conn.execute(
            insert(ImportChange.__table__),
            [
                {"batch_id": self.batch_id, "contact_id": i, "action": "created", "before": ""}
                for i in ids
            ],
        )
        self.created_ids.update(ids)
        return ids

    def _mirrors(self, record: CheckedRecord) -> dict[str, object]:
        company = record.text("company")
        return {
            "company_name": company,
            "company_id": self.company_id(company),
            "primary_phone": record.phones[0].number if record.phones else "",
            "primary_email": record.emails[0].address if record.emails else "",
            "city": record.addresses[0].city if record.addresses else "",
        }

    def _children(
        self,
        pairs: list[tuple[int, CheckedRecord]],
        starts: list[tuple[int, int, int]],
        returning: bool = False,
    ) -> dict[int, dict[str, list[int]]]:
        """Insert phones, e-mails, addresses, tags, groups and custom values. `starts` is
        each contact's count of existing rows, for positions and the primary flag. With
        `returning`, the ids of the new phone, e-mail and address rows by contact."""
        phones, emails, addresses, tags, groups, values = [], [], [], [], [], []
        for (cid, rec), (p0, e0, a0) in zip(pairs, starts, strict=True):
            phones += [_phone_row(cid, p, p0 + i) for i, p in enumerate(rec.phones)]
            emails += [_email_row(cid, e, e0 + i) for i, e in enumerate(rec.emails)]
            addresses += [_address_row(cid, a, a0 + i) for i, a in enumerate(rec.addresses)]
            tags += [{"contact_id": cid, "tag_id": self._tags[t]} for t in rec.tags]
            groups += [{"contact_id": cid, "group_id": self._groups[g]} for g in rec.groups]
            values += [
                {"contact_id": cid, "field_id": self._fields[n], "value": v}
                for n, v in rec.custom.items()
                if v
            ]
        added: dict[int, dict[str, list[int]]] = {}
        for name, table, rows in (
            ("phones", PHONES, phones),
            ("emails", EMAILS, emails),
            ("addresses", ADDRESSES, addresses),
        ):
            if rows and returning:
                for row_id, row in zip(
                    reserve_ids(self.conn, table.name, len(rows)), rows, strict=True
                ):
                    row["id"] = row_id
                    added.setdefault(int(row["contact_id"]), {}).setdefault(name, []).append(row_id)
            if rows:
                self.conn.execute(insert(table), rows)
        for table, rows in (
            (ContactTag.__table__, tags),
            (GroupMember.__table__, groups),
            (CustomValue.__table__, values),
        ):
            if rows:
                self.conn.execute(insert(table), rows)
        return added

    # -- existing contacts ------------------------------------------------------------------

    def load(self, ids: Sequence[int]) -> dict[int, CheckedRecord]:
        """Existing contacts as records, to merge incoming rows into."""
        found: dict[int, CheckedRecord] = {}
        if not ids:
            return found
        param = {"v": list(ids)}
        exp = bindparam("v", expanding=True)
        columns = [CONTACTS.c[n] for n in (*_STORED, "company_name")]
        for row in self.conn.execute(
            select(CONTACTS.c.id, *columns).where(CONTACTS.c.id.in_(exp)), param
        ):
            record = CheckedRecord(0)
            record.values = {n: row._mapping[n] for n in _STORED}
            record.values["company"] = row.company_name
            found[row.id] = record
        for cid, label, number, e164, digits in self.conn.execute(
            select(
                PHONES.c.contact_id, PHONES.c.label, PHONES.c.number, PHONES.c.e164, PHONES.c.digits
            ).where(PHONES.c.contact_id.in_(exp)),
            param,
        ):
            found[cid].phones.append(PhoneOut(label, number, e164, digits))
        for cid, label, address, key in self.conn.execute(
            select(
                EMAILS.c.contact_id, EMAILS.c.label, EMAILS.c.address, EMAILS.c.address_key
            ).where(EMAILS.c.contact_id.in_(exp)),
            param,
        ):
            found[cid].emails.append(EmailOut(label, address, key))
        parts = ("label", "street", "city", "region", "postal_code", "country")
        for row in self.conn.execute(
            select(ADDRESSES.c.contact_id, *(ADDRESSES.c[p] for p in parts)).where(
                ADDRESSES.c.contact_id.in_(exp)
            ),
            param,
        ):
            found[row[0]].addresses.append(AddressOut(*row[1:]))
        for cid, name in self.conn.execute(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id.in_(exp)),
            param,
        ):
            found[cid].tags.append(name)
        for cid, name in self.conn.execute(
            select(GroupMember.contact_id, Group.name)
            .join(Group, Group.id == GroupMember.group_id)
            .where(GroupMember.contact_id.in_(exp)),
            param,
        ):
            found[cid].groups.append(name)
        for cid, name, value in self.conn.execute(
            select(CustomValue.contact_id, CustomField.name, CustomValue.value)
            .join(CustomField, CustomField.id == CustomValue.field_id)
            .where(CustomValue.contact_id.in_(exp)),
            param,
        ):
            found[cid].custom[name] = value
        return found

    def apply(self, merges: Sequence[Merge]) -> None:
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
                    n: m.current.custom[n]
                    for n in m.diff.custom_before
                    if not m.diff.custom_before[n]
                },
            )
            for m in merges
        ]
        self.prepare([*extras, *(m.current for m in merges)])
        for m in merges:
            for name, old in m.diff.custom_before.items():
                if old:  # a value that was there is changed in place (overwrite)
                    self.conn.execute(
                        update(CustomValue.__table__)
                        .where(
                            CustomValue.contact_id == m.contact_id,
                            CustomValue.field_id == self._fields[name],
                        )
                        .values(value=m.current.custom[name])
                    )
        added = self._children(
            [(m.contact_id, extra) for m, extra in zip(merges, extras, strict=True)],
            [m.counts for m in merges],
            returning=True,
        )
        by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for m in merges:
            values = self._changed_columns(m)
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
            self.conn.execute(stmt, rows)
        self.updated_ids.update(m.contact_id for m in merges)
        changes = [
            {
                "batch_id": self.batch_id,
                "contact_id": m.contact_id,
                "action": "updated",
                "before": json.dumps(
                    self._undo_record(m, added.get(m.contact_id, {})), ensure_ascii=False
                ),
            }
            # a contact this import created is removed whole by undo; nothing to restore
            for m in merges
            if m.contact_id not in self.created_ids
        ]
        if changes:
            self.conn.execute(insert(ImportChange.__table__), changes)

    def _changed_columns(self, m: Merge) -> dict[str, object]:
        current, diff = m.current, m.diff
        values: dict[str, object] = {n: current.values.get(n) for n in diff.before if n in _STORED}
        if diff.before.keys() & {"first_name", "last_name", "company"}:
            values["display_name"] = current.display_name[:401]
            values["sort_name"] = current.sort_name[:401]
        if "company" in diff.before:
            values["company_name"] = current.text("company")
            values["company_id"] = self.company_id(current.text("company"))
        mirrors = self._mirrors(current)
        for name, had in zip(("primary_phone", "primary_email", "city"), m.counts, strict=True):
            if not had and mirrors[name]:
                values[name] = mirrors[name]
        return values

    def _undo_record(self, m: Merge, added: dict[str, list[int]]) -> dict[str, object]:
        return {
            "fields": {n: _jsonable(v) for n, v in m.diff.before.items()},
            "added": added,
            "tags": [self._tags[t] for t in m.diff.tags],
            "groups": [self._groups[g] for g in m.diff.groups],
            "custom": {str(self._fields[n]): v for n, v in m.diff.custom_before.items()},
        }


@dataclass(frozen=True)
class Merge:
    """One existing contact after merging incoming rows into it."""

    contact_id: int
    current: CheckedRecord
    diff: MergeDiff
    #: phones, e-mails and addresses it had before
    counts: tuple[int, int, int]


def reserve_ids(conn: Connection, table: str, count: int) -> list[int]:
    """`count` new primary keys for `table`, so bulk inserts need no RETURNING (which
    SQLAlchemy runs a row at a time on SQLite when the order of ids must be kept).

    SQLite: the import transaction has written already, so it holds the write lock and
    nobody else can take MAX(id)+1 before it commits. PostgreSQL: taken from the sequence."""
    if count <= 0:
        return []
    if conn.dialect.name == "sqlite":
        first = conn.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one()
        return list(range(first, first + count))
    return list(
        conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        ).scalars()
    )


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _phone_row(cid: int, phone: PhoneOut, position: int) -> dict[str, object]:
    return {
        "contact_id": cid,
        "label": phone.label,
        "number": phone.number,
        "e164": phone.e164,
        "digits": phone.digits,
        "is_primary": position == 0,
        "position": position,
    }


def _email_row(cid: int, email: EmailOut, position: int) -> dict[str, object]:
    return {
        "contact_id": cid,
        "label": email.label,
        "address": email.address,
        "address_key": email.key,
        "is_primary": position == 0,
        "position": position,
    }


def _address_row(cid: int, address: AddressOut, position: int) -> dict[str, object]:
    return {
        "contact_id": cid,
        "label": address.label,
        "street": address.street,
        "city": address.city,
        "region": address.region,
        "postal_code": address.postal_code,
        "country": address.country,
        "is_primary": position == 0,
        "position": position,
    }
