"""Writing checked records into the store with Core bulk statements.

One `Writer` lives for one import transaction: it caches company, tag, group and custom field
ids as it finds or creates them, and inserts new contacts a chunk at a time (executemany, ids
and CRM numbers reserved for the whole chunk at once), recording each in import_changes so
the import can be undone. Merges into stored contacts are in contact_updates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Connection, Table, bindparam, insert, select

from desktop.exchange.bulk import db_value, insert_rows, reserve_ids
from desktop.exchange.crm_keep import CrmNumbers
from desktop.exchange.record import TEXT_FIELDS
from desktop.exchange.validation import CheckedRecord, Prepared
from desktop.store import names, search_index
from desktop.store.entities import Base, Company, CustomField, FieldTarget, HistoryKind, utcnow

# the texts a record holds, but for the company (stored as company_name and a link)
_TEXT_STORED = tuple(name for name in TEXT_FIELDS if name != "company")
#: the contacts columns an import writes from a record's values
STORED = (*_TEXT_STORED, "birthday", "consent_given_at", "anniversary")

_CONTACT_COLUMNS = (
    "id",
    "crm_number",
    # Prepared.contact_values (see contact_values)
    *_TEXT_STORED,
    "display_name",
    "sort_name",
    "sort_key",
    "company_name",
    "primary_phone",
    "primary_email",
    "city",
    # the dates (stored as the database wants them), the company's id, and the row's own
    "birthday",
    "consent_given_at",
    "anniversary",
    "company_id",
    "created_at",
    "updated_at",
    "version",
)
_COMPANY_AT = len(_TEXT_STORED) + 3
_PHONE_COLUMNS = ("contact_id", "label", "number", "e164", "digits", "is_primary", "position")
_EMAIL_COLUMNS = ("contact_id", "label", "address", "address_key", "is_primary", "position")
_ADDRESS_COLUMNS = (
    "contact_id",
    "label",
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "is_primary",
    "position",
)


def prepare(record: CheckedRecord) -> Prepared:
    """What `Writer.create` writes for a new contact that needs neither database nor ids:
    built by the worker process that checked the row, so the importing process, which does
    all the writing, has less to do."""
    shown, ordered = record.shown_and_sorted()
    return Prepared(search_text(record, shown[:401]), contact_values(record, shown, ordered))


def contact_values(record: CheckedRecord, shown: str, ordered: str) -> tuple[object, ...]:
    """The record's contacts columns; `shown` and `ordered` its display and sort names
    (CheckedRecord.shown_and_sorted), worked out once by the caller."""
    values = record.values
    ordered = ordered[:401]
    return (
        *(values[name] for name in _TEXT_STORED),
        shown[:401],
        ordered,
        names.sort_key(ordered),
        record.text("company"),
        record.phones[0].number if record.phones else "",
        record.emails[0].address if record.emails else "",
        record.addresses[0].city if record.addresses else "",
    )


def search_text(record: CheckedRecord, shown: str) -> str:
    """The search document of the contact `create` writes from this record (`shown`: its
    stored display name), but for its CRM number (search_index.with_crm_number adds it):
    what search_index._documents would read back for it."""
    city = record.addresses[0].city if record.addresses else ""
    return search_index.contact_text(
        "",
        (
            record.text("first_name"),
            record.text("last_name"),
            shown,
            record.text("nickname"),
            record.text("alternate_name"),
        ),
        record.text("company"),
        [e.address for e in record.emails],
        [(p.number, p.e164) for p in record.phones],
        [city, *(a.city for a in record.addresses if a.city != "")],
    )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


class Writer:
    def __init__(self, conn: Connection, batch_id: int, source: str, unit: str = "row") -> None:
        self.conn = conn
        self.batch_id = batch_id
        #: the file's name, for the history items on the cards
        self.source = source
        #: what a record's number counts in that file: 'row', or 'card' for vCards
        self.unit = unit
        self._companies: dict[str, int] = {}
        self._companies_loaded = False
        self.tags: dict[str, int] = {}
        self.groups: dict[str, int] = {}
        self.fields: dict[str, int] = {}
        self.created_ids: set[int] = set()
        self.updated_ids: set[int] = set()
        #: search documents of the created contacts, (id, search_index.contact_text)
        self.documents: list[tuple[int, str]] = []
        #: the CRM numbers of new contacts: the file's where free (issue 13.7)
        self.crm = CrmNumbers(unit)

    # -- look-ups ---------------------------------------------------------------------------

    def _find_or_create(self, cache: dict[str, int], table: Table, names: set[str]) -> None:
        """Ids of named tags or groups (exact names: they are unique), creating the missing."""
        missing = sorted(n for n in names if n and n not in cache)
        if not missing:
            return
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
        self._insert_named(self._companies, _table("companies"), list(missing.values()), fold=True)

    def _insert_named(
        self, cache: dict[str, int], table: Table, names: list[str], fold: bool
    ) -> None:
        if not names:
            return
        now = db_value(self.conn, utcnow())
        ids = reserve_ids(self.conn, table.name, len(names))
        rows = [(i, n, now, now) for i, n in zip(ids, names, strict=True)]
        insert_rows(self.conn, table.name, ("id", "name", "created_at", "updated_at"), rows)
        for row_id, name in zip(ids, names, strict=True):
            cache[name.casefold() if fold else name] = row_id

    def prepare(self, records: Sequence[CheckedRecord]) -> None:
        """Find or create every company, tag, group and custom field these records name."""
        self._companies_by_name({r.text("company") for r in records})
        self._find_or_create(self.tags, _table("tags"), {t for r in records for t in r.tags})
        self._find_or_create(self.groups, _table("groups"), {g for r in records for g in r.groups})
        names = {n for r in records for n in r.custom} - set(self.fields)
        if names:
            rows = self.conn.execute(
                select(CustomField.id, CustomField.name).where(
                    CustomField.applies_to == FieldTarget.CONTACT
                )
            )
            self.fields.update({name: field_id for field_id, name in rows})
            for name in sorted(names - set(self.fields)):
                self.fields[name] = self.conn.execute(
                    insert(CustomField).returning(CustomField.id),
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
        numbers = self.crm.assign(self.conn, records)
        ids = reserve_ids(self.conn, "contacts", len(records))
        now = db_value(self.conn, utcnow())
        rows = []
        for row_id, crm, record in zip(ids, numbers, records, strict=True):
            ready = record.prepared or prepare(record)
            values = record.values
            rows.append(
                (
                    row_id,
                    crm,
                    *ready.contact_values,
                    db_value(self.conn, values["birthday"]),
                    db_value(self.conn, values["consent_given_at"]),
                    db_value(self.conn, values["anniversary"]),
                    self.company_id(cast(str, ready.contact_values[_COMPANY_AT])),
                    now,
                    now,
                    1,
                )
            )
            self.documents.append((row_id, search_index.with_crm_number(ready.search_text, crm)))
        insert_rows(self.conn, "contacts", _CONTACT_COLUMNS, rows)
        self.children(list(zip(ids, records, strict=True)), [(0, 0, 0)] * len(ids))
        insert_rows(
            self.conn,
            "import_changes",
            ("batch_id", "contact_id", "action", "before"),
            [(self.batch_id, i, "created", "") for i in ids],
        )
        self.history(
            [(i, f"{self.unit} {r.row}") for i, r in zip(ids, records, strict=True)],
            f"Imported from {self.source}",
        )
        self.created_ids.update(ids)
        self.crm.created(ids, records)
        return ids

    def history(self, entries: list[tuple[int, str]], subject: str) -> list[int]:
        """An 'imported' history item on each card, so a salesperson sees where a contact
        or a change came from; returns the items' ids (undo removes them)."""
        ids = reserve_ids(self.conn, "history_items", len(entries))
        now = db_value(self.conn, utcnow())
        rows = [
            (i, cid, HistoryKind.IMPORTED.value, now, subject[:500], text, now, now)
            for i, (cid, text) in zip(ids, entries, strict=True)
        ]
        columns = (
            "id",
            "contact_id",
            "kind",
            "occurred_at",
            "subject",
            "text",
            "created_at",
            "updated_at",
        )
        insert_rows(self.conn, "history_items", columns, rows)
        return ids

    def mirrors(self, record: CheckedRecord) -> dict[str, object]:
        company = record.text("company")
        return {
            "company_name": company,
            "company_id": self.company_id(company),
            "primary_phone": record.phones[0].number if record.phones else "",
            "primary_email": record.emails[0].address if record.emails else "",
            "city": record.addresses[0].city if record.addresses else "",
        }

    def children(
        self,
        pairs: list[tuple[int, CheckedRecord]],
        starts: list[tuple[int, int, int]],
        returning: bool = False,
    ) -> dict[int, dict[str, list[int]]]:
        """Insert phones, e-mails, addresses, tags, groups and custom values. `starts` is
        each contact's count of existing rows, for positions and the primary flag. With
        `returning`, the ids of the new phone, e-mail and address rows by contact."""
        phones: list[tuple[object, ...]] = []
        emails: list[tuple[object, ...]] = []
        addresses: list[tuple[object, ...]] = []
        links: list[tuple[object, ...]] = []
        members: list[tuple[object, ...]] = []
        values: list[tuple[object, ...]] = []
        for (cid, rec), (p0, e0, a0) in zip(pairs, starts, strict=True):
            for i, p in enumerate(rec.phones, p0):
                phones.append((cid, p.label, p.number, p.e164, p.digits, i == 0, i))
            for i, e in enumerate(rec.emails, e0):
                emails.append((cid, e.label, e.address, e.key, i == 0, i))
            for i, a in enumerate(rec.addresses, a0):
                addresses.append(
                    (cid, a.label, a.street, a.city, a.region, a.postal_code, a.country, i == 0, i)
                )
            links += [(cid, self.tags[t]) for t in rec.tags]
            members += [(cid, self.groups[g]) for g in rec.groups]
            values += [(cid, self.fields[n], v) for n, v in rec.custom.items() if v]
        added: dict[int, dict[str, list[int]]] = {}
        for name, table, columns, rows in (
            ("phones", "contact_phones", _PHONE_COLUMNS, phones),
            ("emails", "contact_emails", _EMAIL_COLUMNS, emails),
            ("addresses", "contact_addresses", _ADDRESS_COLUMNS, addresses),
        ):
            if returning and rows:
                ids = reserve_ids(self.conn, table, len(rows))
                for row_id, row in zip(ids, rows, strict=True):
                    owner = cast(int, row[0])
                    added.setdefault(owner, {}).setdefault(name, []).append(row_id)
                rows = [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)]
                columns = ("id", *columns)
            insert_rows(self.conn, table, columns, rows)
        insert_rows(self.conn, "contact_tags", ("contact_id", "tag_id"), links)
        insert_rows(self.conn, "group_members", ("contact_id", "group_id"), members)
        insert_rows(self.conn, "custom_values", ("contact_id", "field_id", "value"), values)
        return added
