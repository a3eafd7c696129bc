"""The contact list's queries: one page of rows, the ordered ids, a capped count.

A million contacts are never loaded at once. The list asks for its first page with LIMIT
(bounded work whatever the size), then for the ordered ids alone (8 bytes a contact, off the
GUI thread), then fetches any other page by its ids. Every ORDER BY runs on an indexed column
with the id as tie-breaker, which SQLite reads straight off the index.

Search needs care: an FTS prefix match combined with ORDER BY can be run three ways (see
Strategy). For a few matches, look each one up and sort them; for many (one letter matches
half the list), walk the sort index and keep the rows that match, stopping at the page's end.
Which one is fast depends on how many match and where they fall in the order, so `plan`
counts matches up to a cap first (the FTS prefix indexes make that cheap) and `first_page`
tries the walk under a time budget.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import OperationalError

from desktop.store.search_index import match_parameter, match_subquery_sql
from desktop.store.search_terms import query_tokens

#: up to this many matches they are looked up and sorted straight away
SPARSE_LIMIT = 5_000
#: above this many, sorting them costs more than collecting them and walking the sort index
MANY_MATCHES = 50_000
#: how long probing row by row may take before the matches are collected and walked
PROBE_BUDGET_S = 0.008
#: how long collecting and walking may take before the matches are sorted instead
WALK_BUDGET_S = 0.025
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


class Strategy(Enum):
    """How a full-text match meets the chosen ORDER BY (see the module docstring)."""

    #: look every match up and sort them: cost grows with the number of matches
    SORT = "sort"
    #: walk the sort index and ask FTS about each row: cheap while matches come early
    PROBE = "probe"
    #: collect the matches first, then walk the sort index: cost grows with both
    WALK = "walk"


@dataclass(frozen=True)
class SearchPlan:
    """The WHERE clause and parameters for a query, planned for its number of matches."""

    #: conditions with a `{search}` slot for the full-text condition
    template: str
    params: dict[str, Any]
    order_by: str
    #: matches counted up to MANY_MATCHES + 1 (None without search text)
    capped_matches: int | None
    strategy: Strategy = Strategy.SORT
    #: tried when `strategy` runs out of `budget_s` (None: no budget)
    fallback: Strategy | None = None
    budget_s: float = 0.0
    subquery: str = ""

    @property
    def where(self) -> str:
        if self.strategy is Strategy.PROBE:
            # SQLite's FTS5 answers "does this rowid match" from its index, row by row.
            condition = f"EXISTS ({self.subquery} AND rowid = contacts.id)"
        elif self.strategy is Strategy.WALK:
            # A unary + keeps SQLite from driving the query by the matches, so it walks the
            # sort index instead and stops after one page.
            condition = f"+id IN ({self.subquery})"
        else:
            condition = f"id IN ({self.subquery})"
        return self.template.format(search=condition)

    def using(self, strategy: Strategy) -> SearchPlan:
        return replace(self, strategy=strategy, fallback=None)

    def sorted_instead(self) -> SearchPlan:
        return replace(self, strategy=Strategy.SORT, fallback=None)


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
            # Counting FTS matches is cheap next to looking them up (a prefix index lists them).
            capped = conn.execute(
                text(f"SELECT count(*) FROM ({subquery} LIMIT {MANY_MATCHES + 1}) AS m"), params
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
    planned = SearchPlan(
        template=" AND ".join(conditions) or "1 = 1",
        params=params,
        order_by=f"{column} {direction}, id {direction}",
        capped_matches=capped,
        subquery=subquery,
    )
    if capped is None or capped <= SPARSE_LIMIT or conn.dialect.name != "sqlite":
        return planned
    if capped <= MANY_MATCHES:
        return replace(
            planned, strategy=Strategy.WALK, fallback=Strategy.SORT, budget_s=WALK_BUDGET_S
        )
    tokens = query_tokens(query.search)
    if len(tokens) == 1 and len(tokens[0]) == 1:
        # One letter: matches are everywhere in the order, and its prefix index makes each
        # probe cheap; should they cluster late after all, collect and walk.
        return replace(
            planned, strategy=Strategy.PROBE, fallback=Strategy.WALK, budget_s=PROBE_BUDGET_S
        )
    return replace(planned, strategy=Strategy.WALK)


_ROW_COLUMNS = (
    "id, crm_number, display_name, company_name, primary_phone, primary_email, city, owner, "
    "consent_withdrawn_at IS NOT NULL"
)


def first_page(conn: Connection, planned: SearchPlan, limit: int) -> list[ContactRow]:
    """The first `limit` rows, by the plan's strategy; one that runs out of its time budget
    (matches clustered at the end of the order: Chinese names sort after Latin ones) gives
    way to its fallback."""
    if planned.fallback is None:
        return _page(conn, planned, limit)
    try:
        with _budget(conn, planned.budget_s):
            return _page(conn, planned, limit)
    except OperationalError as error:
        if "interrupt" not in str(error):
            raise
    return _page(conn, planned.using(planned.fallback), limit)


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
    raw: Any = conn.connection.dbapi_connection
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
    return [
        ContactRow(
            cid,
            crm,
            name,
            company,
            phone,
            email,
            city,
            owner,
            ", ".join(tags.get(cid, ())),
            bool(withdrawn),
        )
        for cid, crm, name, company, phone, email, city, owner, withdrawn in rows
    ]
