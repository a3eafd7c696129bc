"""Deleting contacts so that undo brings them back exactly.

A delete cascades through every table that points at a contact (phones, tags, history,
purchases, activity links, ...) and nulls the links of tables that outlive it (deals). Before
deleting, every row the cascade will remove and every link it will null is read into a
snapshot, found by walking the schema's foreign keys, so tables added by later migrations are
covered without this module knowing them. Restoring writes the rows back with their own ids
and CRM numbers and re-indexes the contacts for search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from desktop.errors import RapportError
from desktop.store.database import Database
from desktop.store.entities import Base
from desktop.store.search_index import reindex_contacts

_CHUNK = 500


@dataclass(frozen=True)
class NulledLink:
    table: str
    column: str
    primary_keys: tuple[dict[str, Any], ...]
    value: Any


@dataclass(frozen=True)
class DeletedContacts:
    """Everything a delete removed, in insert order (parents before children)."""

    contact_ids: tuple[int, ...]
    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    nulled: tuple[NulledLink, ...]

    @property
    def count(self) -> int:
        return len(self.contact_ids)


def _children(table: Table) -> list[tuple[Table, str, str, str | None]]:
    """(child table, child column, parent column, ondelete) for every FK pointing at table."""
    found = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                found.append((child, fk.parent.name, fk.column.name, fk.ondelete))
    return found


def _collect(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    removed: dict[str, list[dict[str, Any]]],
    nulled: list[NulledLink],
) -> None:
    removed.setdefault(table.name, []).extend(rows)
    for child, column, parent_column, ondelete in _children(table):
        keys = sorted({row[parent_column] for row in rows if row[parent_column] is not None})
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            stmt = select(child).where(child.c[column].in_(bindparam("k", expanding=True)))
            found = [dict(r._mapping) for r in conn.execute(stmt, {"k": chunk})]
            if not found:
                continue
            if (ondelete or "").upper() == "CASCADE":
                _collect(conn, child, found, removed, nulled)
            elif (ondelete or "").upper() == "SET NULL":
                pk_names = [c.name for c in child.primary_key.columns]
                for row in found:
                    nulled.append(
                        NulledLink(
                            child.name,
                            column,
                            (dict((n, row[n]) for n in pk_names),),
                            row[column],
                        )
                    )
            else:
                raise RapportError(
                    f"cannot delete: {child.name} still refers to {len(found)} of these records"
                )


def delete_contacts(db: Database, contact_ids: Iterable[int]) -> DeletedContacts:
    """Delete the contacts and everything hanging off them; the snapshot undoes it."""
    ids = sorted({int(i) for i in contact_ids})
    contacts = Base.metadata.tables["contacts"]
    with db.transaction() as conn:
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), _CHUNK):
            stmt = select(contacts).where(contacts.c.id.in_(ids[start : start + _CHUNK]))
            rows.extend(dict(r._mapping) for r in conn.execute(stmt))
        removed: dict[str, list[dict[str, Any]]] = {}
        nulled: list[NulledLink] = []
        _collect(conn, contacts, rows, removed, nulled)
        present = [row["id"] for row in rows]
        for start in range(0, len(present), _CHUNK):
            conn.execute(
                contacts.delete().where(contacts.c.id.in_(present[start : start + _CHUNK]))
            )
        reindex_contacts(conn, present)
    order = [t.name for t in Base.metadata.sorted_tables if t.name in removed]
    return DeletedContacts(
        contact_ids=tuple(present),
        rows=tuple((name, tuple(removed[name])) for name in order),
        nulled=tuple(nulled),
    )


def restore_contacts(db: Database, snapshot: DeletedContacts) -> None:
    """Put deleted contacts back as they were: same ids, CRM numbers, links and history.
    Refused (nothing written) when a restored row would clash with one made since."""
    tables = Base.metadata.tables
    with db.transaction() as conn:
        try:
            for name, rows in snapshot.rows:
                if rows:
                    conn.execute(tables[name].insert(), list(rows))
        except Exception as error:  # an id or CRM number taken again since the delete
            raise RapportError(f"cannot undo the delete: {error}".splitlines()[0]) from error
        for link in snapshot.nulled:
            table = tables[link.table]
            for pk in link.primary_keys:
                condition = [table.c[k] == v for k, v in pk.items()]
                conn.execute(
                    update(table)
                    .where(*condition, table.c[link.column].is_(None))
                    .values({link.column: link.value})
                )
        reindex_contacts(conn, snapshot.contact_ids)
