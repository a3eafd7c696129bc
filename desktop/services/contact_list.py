"""The contact list's queries: one page of rows, the ordered ids, a capped count.

A million contacts are never loaded at once. The list asks for its first page with LIMIT
(bounded work whatever the size), then for the ordered ids alone (8 bytes a contact, off the
GUI thread), then fetches any other page by its ids. Every ORDER BY runs on an indexed column
with the id as tie-breaker, which SQLite reads straight off the index.

Search needs care: an FTS prefix match combined with ORDER BY can be planned two ways. For a
few matches, look each one up and sort them (cheap); for many matches (one letter matches half
the list), walk the sort index and keep the rows that match, stopping at the page's end. Which
one is fast depends on how many match, so `plan_search` counts matches up to a cap first (the
FTS prefix indexes make that bounded too) and `SearchPlan` says which way to go.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import OperationalError

from desktop.store.search_index import match_parameter, match_subquery_sql

#: below this many matches the matches are looked up and sorted; above, the index is walked
SPARSE_LIMIT = 5_000
#: how long a walk of the sort index may take before the matches are sorted instead
WALK_BUDGET_S = 0.04
_ID_SLICE = 20_000


@dataclass(frozen=True)
class SortColumn:
    key: str
    #: an indexed column of contacts
    sql: str


SORT_COLUMNS = {
    "crm": SortColumn("crm", "crm_number"),
    "name": SortColumn("name", "sort_name"),
    "company": SortColumn("company", "company_name"),
    "city": SortColumn("city", "city"),
    "owner": SortColumn("owner", "owner"),
}


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: the search text, filters and sort."""

    search: str = ""
    group_id: int | None = None
    tag_id: int | None = None
    owner: str = ""
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    crm_number: str
    display_name: str
    company: str
    phone: str
    email: str
    city: str
    owner: str
    tags: str
    consent_withdrawn: bool


@dataclass(frozen=True)
class SearchPlan:
    """The WHERE clause and parameters for a query, planned for its number of matches."""

    #: conditions with a `{search}` slot for the full-text condition
    template: str
    params: dict[str, Any]
    order_by: str
    #: matches counted up to SPARSE_LIMIT + 1 (None without search text)
    capped_matches: int | None
    #: walk the sort index (many matches) instead of sorting the matches
    walk: bool = False
    subquery: str = ""

    @property
    def where(self) -> str:
        # A unary + keeps SQLite from driving the query by the (many) matches, so it walks the
        # sort index instead and stops after one page.
        column = "+id" if self.walk else "id"
        return self.template.format(search=f"{column} IN ({self.subquery})")

    def sorted_instead(self) -> SearchPlan:
        return replace(self, walk=False)


def plan(conn: Connection, query: ListQuery) -> SearchPlan:
    """Build the WHERE/ORDER BY for `query`; a search that has no words matches nothing."""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    capped: int | None = None
    subquery = ""
    if query.search.strip():
        match = match_parameter(conn, query.search)
        if match is None:
            conditions.append("1 = 0")
        else:
            params["match"] = match
            subquery = match_subquery_sql(conn)
            capped = conn.execute(
                text(f"SELECT count(*) FROM ({subquery} LIMIT {SPARSE_LIMIT + 1}) AS m"), params
            ).scalar_one()
            conditions.append("{search}")
    if query.group_id is not None:
        conditions.append("id IN (SELECT contact_id FROM group_members WHERE group_id = :gid)")
        params["gid"] = query.group_id
    if query.tag_id is not None:
        conditions.append("id IN (SELECT contact_id FROM contact_tags WHERE tag_id = :tid)")
        params["tid"] = query.tag_id
    if query.owner:
        conditions.append("owner = :owner")
        params["owner"] = query.owner
    column = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["name"]).sql
    direction = "DESC" if query.descending else "ASC"
    return SearchPlan(
        template=" AND ".join(conditions) or "1 = 1",
        params=params,
        order_by=f"{column} {direction}, id {direction}",
        capped_matches=capped,
        walk=capped is not None and capped > SPARSE_LIMIT and conn.dialect.name == "sqlite",
        subquery=subquery,
    )


_ROW_COLUMNS = (
    "id, crm_number, display_name, company_name, primary_phone, primary_email, city, owner, "
    "consent_withdrawn_at IS NOT NULL"
)


def first_page(conn: Connection, planned: SearchPlan, limit: int) -> list[ContactRow]:
    """The first `limit` rows. A walk of the sort index is fast when matches are spread over
    the order and slow when they cluster at its end (Chinese names sort after Latin ones);
    it gets WALK_BUDGET_S and then the matches are sorted instead."""
    if planned.walk:
        try:
            with _budget(conn, WALK_BUDGET_S):
                return _page(conn, planned, limit)
        except OperationalError as error:
            if "interrupt" not in str(error):
                raise
        planned = planned.sorted_instead()
    return _page(conn, planned, limit)


def _page(conn: Connection, planned: SearchPlan, limit: int) -> list[ContactRow]:
    rows = conn.execute(
        text(
            f"SELECT {_ROW_COLUMNS} FROM contacts WHERE {planned.where} "
            f"ORDER BY {planned.order_by} LIMIT {int(limit)}"
        ),
        planned.params,
    ).all()
    return _with_tags(conn, rows)


@contextmanager
def _budget(conn: Connection, seconds: float) -> Iterator[None]:
    """Interrupt the statement run inside the block after `seconds` (SQLite only)."""
    raw = conn.connection.dbapi_connection
    if not hasattr(raw, "set_progress_handler"):
        yield
        return
    deadline = time.perf_counter() + seconds
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 5_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def ordered_ids(
    conn: Connection, planned: SearchPlan, stop: Callable[[], bool] = lambda: False
) -> array[int]:
    """Every matching id in list order: 8 MB for a million contacts. All matches are needed
    here, so sorting them beats walking the whole index past the last one.

    On SQLite the ids come back as one group_concat string (built in C without the GIL, about
    4x faster than a million row tuples) and are parsed in slices, so the GUI thread gets
    the interpreter between slices."""
    planned = planned.sorted_instead()
    select = f"SELECT id FROM contacts WHERE {planned.where} ORDER BY {planned.order_by}"
    ids: array[int] = array("q")
    if conn.dialect.name == "sqlite":
        # SQLite before 3.44 has no ORDER BY inside group_concat; it concatenates in the
        # order the subquery yields, which the ordered id test pins down.
        joined = conn.execute(
            text(f"SELECT group_concat(id) FROM ({select})"), planned.params
        ).scalar_one()
        parts = joined.split(",") if joined else []
        for start in range(0, len(parts), _ID_SLICE):
            if stop():  # a newer query wants the time; the caller drops this
                break
            ids.extend(map(int, parts[start : start + _ID_SLICE]))
        return ids
    result = conn.execute(text(select), planned.params)
    for chunk in result.partitions(_ID_SLICE):
        if stop():
            break
        ids.extend(row[0] for row in chunk)
    return ids


def rows_by_ids(conn: Connection, ids: Sequence[int]) -> list[ContactRow]:
    """Rows for these ids, in the order given; ids deleted meanwhile are left out."""
    if not ids:
        return []
    stmt = text(f"SELECT {_ROW_COLUMNS} FROM contacts WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    found = {row[0]: row for row in conn.execute(stmt, {"ids": list(ids)})}
    return _with_tags(conn, [found[i] for i in ids if i in found])


def count(conn: Connection, planned: SearchPlan) -> int:
    return conn.execute(
        text(f"SELECT count(*) FROM contacts WHERE {planned.where}"), planned.params
    ).scalar_one()


def _with_tags(conn: Connection, rows: Sequence[Any]) -> list[ContactRow]:
    if not rows:
        return []
    stmt = text(
        "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.contact_id IN :ids ORDER BY t.name"
    ).bindparams(bindparam("ids", expanding=True))
    tags: dict[int, list[str]] = {}
    for cid, name in conn.execute(stmt, {"ids": [row[0] for row in rows]}):
        tags.setdefault(cid, []).append(name)
    return [ContactRow(*row[:8], ", ".join(tags.get(row[0], ())), bool(row[8])) for row in rows]
