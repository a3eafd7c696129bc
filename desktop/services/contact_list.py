"""The contact list's queries: one page of rows, the ordered ids, a capped count.

A million contacts are never loaded at once. The list asks for its first page with LIMIT
(bounded work whatever the size), then for the ordered ids alone (8 bytes a contact, off the
GUI thread), then fetches any other page by its ids. Every ORDER BY runs on an indexed column
with the id as tie-breaker, which SQLite reads straight off the index.

Search needs care: an FTS prefix match combined with ORDER BY can be run three ways (see
Strategy). For a few matches, look each one up and sort them; for more, collect them and walk
the sort index, stopping at the page's end; for very many (one letter matches half the list),
walk the sort index and read each row's words as text, which is cheaper than collecting them.
Which one is fast depends on how many match and where they fall in the order, so `plan`
counts matches up to a cap first (the FTS prefix indexes make that cheap) and `first_page`
tries the walk under a time budget. Measured on the million-contact demo: sorting costs about
1 ms per 1,000 matches, collecting and walking 0.1 ms per 1,000, scanning 1-9 ms whenever
more than 50,000 match.
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

from desktop.services.contact_lookup import FieldLookup, lookup_condition
from desktop.store.search_index import match_parameter, match_subquery_sql, word_scan
from desktop.store.search_terms import fts5_match, query_words, typed_crm

#: up to this many matches they are looked up and sorted straight away
SPARSE_LIMIT = 5_000
#: above this many, scanning the sort index costs less than collecting them first
MANY_MATCHES = 50_000
#: how long scanning may take before the matches are collected and walked instead
SCAN_BUDGET_S = 0.012
#: ... when they were guessed to be many (see _count_or_guess)
GUESSED_SCAN_BUDGET_S = 0.006
#: how long collecting and walking may take before the matches are sorted instead
WALK_BUDGET_S = 0.025
#: FTS5 keeps prefix indexes of 1-3 letters (migration 0001)
INDEXED_PREFIX = 3
_ID_SLICE = 20_000


@dataclass(frozen=True)
class SortColumn:
    key: str
    #: an indexed column of contacts
    sql: str


SORT_COLUMNS = {
    "crm": SortColumn("crm", "crm_number"),
    "name": SortColumn("name", "sort_key"),
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
    #: one field compared with what was typed (the Lookup field chooser)
    lookup: FieldLookup | None = None


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
    #: walk the sort index and read each row's words: cheap while matches come early
    SCAN = "scan"
    #: collect the matches first, then walk the sort index: cost grows with both
    WALK = "walk"


@dataclass(frozen=True)
class SearchPlan:
    """The WHERE clause and parameters for a query, planned for its number of matches."""

    #: conditions with a `{search}` slot for the full-text condition
    template: str
    params: dict[str, Any]
    order_by: str
    #: the strategy was chosen by counting the matches of each word's first letters, an
    #: upper bound (see _count_or_guess)
    estimated: bool = False
    strategy: Strategy = Strategy.SORT
    #: tried when `strategy` runs out of `budget_s` (None: no budget)
    fallback: Strategy | None = None
    budget_s: float = 0.0
    subquery: str = ""
    #: the condition of Strategy.SCAN, SQLite only (its parameters are in `params`)
    scan: str = ""
    #: the contact whose CRM number was typed (its digits alone will do): shown first when it
    #: passes the filters, whatever the sort, and left out of the rest (`params['pinned']`)
    pinned: int | None = None

    @property
    def where(self) -> str:
        if self.strategy is Strategy.SCAN:
            condition = self.scan
        elif self.strategy is Strategy.WALK:
            # A unary + keeps SQLite from driving the query by the matches, so it walks the
            # sort index instead and stops after one page.
            condition = f"+id IN ({self.subquery})"
        else:
            condition = f"id IN ({self.subquery})"
        where = self.template.format(search=condition)
        return where if self.pinned is None else f"{where} AND id <> :pinned"

    @property
    def pinned_where(self) -> str:
        """The condition that the pinned contact passes the filters (it need not match)."""
        return self.template.format(search="id = :pinned")

    def using(self, strategy: Strategy) -> SearchPlan:
        return replace(self, strategy=strategy, fallback=None, estimated=False)

    def sorted_instead(self) -> SearchPlan:
        return replace(self, strategy=Strategy.SORT, fallback=None)


def plan(conn: Connection, query: ListQuery) -> SearchPlan:
    """Build the WHERE/ORDER BY for `query`; a search that has no words matches nothing."""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    # (matches up to MANY_MATCHES + 1, whether exact): what SQLite's strategy depends on
    counted: tuple[int, bool] | None = None
    subquery = scan = ""
    pinned = None
    if query.search.strip():
        match = match_parameter(conn, query.search)
        if match is None:
            conditions.append("1 = 0")
        else:
            params["match"] = match
            subquery = match_subquery_sql(conn)
            if conn.dialect.name == "sqlite":
                scan, scan_params = word_scan(query.search)
                params.update(scan_params)
                counted = _count_or_guess(conn, subquery, params, query.search)
            conditions.append("{search}")
            params["pinned"] = pinned = _pinned(conn, query.search)
    if query.group_id is not None:
        conditions.append("id IN (SELECT contact_id FROM group_members WHERE group_id = :gid)")
        params["gid"] = query.group_id
    if query.tag_id is not None:
        conditions.append("id IN (SELECT contact_id FROM contact_tags WHERE tag_id = :tid)")
        params["tid"] = query.tag_id
    if query.owner:
        conditions.append("owner = :owner")
        params["owner"] = query.owner
    if query.lookup is not None:
        condition, lookup_params = lookup_condition(conn.dialect.name, query.lookup)
        conditions.append(condition)
        params.update(lookup_params)
    column = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["name"]).sql
    direction = "DESC" if query.descending else "ASC"
    planned = SearchPlan(
        template=" AND ".join(conditions) or "1 = 1",
        params=params,
        order_by=f"{column} {direction}, id {direction}",
        subquery=subquery,
        scan=scan,
        pinned=pinned,
    )
    if counted is None:  # no search, or PostgreSQL (which always sorts the matches)
        return planned
    capped, exact = counted
    return _for_count(planned, capped, exact=exact)


def _pinned(conn: Connection, search: str) -> int | None:
    crm = typed_crm(search)
    if crm is None:
        return None
    found = conn.execute(text("SELECT id FROM contacts WHERE crm_number = :crm"), {"crm": crm})
    return found.scalar()


def _count(conn: Connection, subquery: str, params: dict[str, Any]) -> int:
    """Matches up to MANY_MATCHES + 1."""
    sql = text(f"SELECT count(*) FROM ({subquery} LIMIT {MANY_MATCHES + 1}) AS m")
    return int(conn.execute(sql, params).scalar_one())


def _count_or_guess(
    conn: Connection, subquery: str, params: dict[str, Any], search: str
) -> tuple[int, bool]:
    """(matches up to MANY_MATCHES + 1, whether that is exact) on SQLite.

    Counting is cheap next to looking the matches up for prefixes of up to three letters:
    FTS5 keeps indexes of those (migration 0001). A longer prefix merges the lists of every
    word it starts before the first match comes out, as costly as they are many ('cons':
    14 ms) and not interruptible. So its first three letters are counted first; when those
    are many, so may be the prefix's matches, and that guess is checked by the scan's budget."""
    short = fts5_match(" ".join(token[:INDEXED_PREFIX] for token in query_words(search)))
    if short == params["match"]:
        return _count(conn, subquery, params), True
    bound = _count(conn, subquery, {**params, "match": short})
    if bound > MANY_MATCHES:
        return bound, False
    return _count(conn, subquery, params), True


def _for_count(planned: SearchPlan, capped: int, *, exact: bool) -> SearchPlan:
    """The strategy for `capped` matches (SQLite); an estimate that leads to a scan that runs
    out of time is counted exactly (`first_page`)."""
    planned = replace(planned, estimated=not exact)
    if capped <= SPARSE_LIMIT:
        return planned.using(Strategy.SORT)
    if capped <= MANY_MATCHES:
        return replace(
            planned, strategy=Strategy.WALK, fallback=Strategy.SORT, budget_s=WALK_BUDGET_S
        )
    # Should the matches cluster late in the order after all (Chinese names sort after
    # Latin ones), collecting and walking is bounded by their number.
    budget = SCAN_BUDGET_S if exact else GUESSED_SCAN_BUDGET_S
    return replace(planned, strategy=Strategy.SCAN, fallback=Strategy.WALK, budget_s=budget)


_ROW_COLUMNS = (
    "id, crm_number, display_name, company_name, primary_phone, primary_email, city, owner, "
    "consent_withdrawn_at IS NOT NULL"
)


def first_page(conn: Connection, planned: SearchPlan, limit: int) -> list[ContactRow]:
    """The first `limit` rows, by the plan's strategy; one that runs out of its time budget
    (matches clustered at the end of the order: Chinese names sort after Latin ones) gives
    way to its fallback."""
    while (fallback := planned.fallback) is not None:
        try:
            with _budget(conn, planned.budget_s):
                return _page(conn, planned, limit)
        except OperationalError as error:
            if "interrupt" not in str(error):
                raise
        # A guess may have been far above the real number: count, unless the scan that just
        # ran out of time would be chosen again.
        counted = _count(conn, planned.subquery, planned.params) if planned.estimated else None
        if counted is not None and counted <= MANY_MATCHES:
            planned = _for_count(planned, counted, exact=True)
        else:
            planned = planned.using(fallback)
    return _page(conn, planned, limit)


def _page(conn: Connection, planned: SearchPlan, limit: int) -> list[ContactRow]:
    pinned = _pinned_rows(conn, planned, f"SELECT {_ROW_COLUMNS}")
    rows = conn.execute(
        text(
            f"SELECT {_ROW_COLUMNS} FROM contacts WHERE {planned.where} "
            f"ORDER BY {planned.order_by} LIMIT {max(int(limit) - len(pinned), 0)}"
        ),
        planned.params,
    ).all()
    return _with_tags(conn, [*pinned, *rows])


def _pinned_rows(conn: Connection, planned: SearchPlan, select: str) -> list[Any]:
    """`select` of the pinned contact, when there is one that passes the filters."""
    if planned.pinned is None:
        return []
    sql = text(f"{select} FROM contacts WHERE {planned.pinned_where}")
    return list(conn.execute(sql, planned.params).all())


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
    ids: array[int] = array("q", (row[0] for row in _pinned_rows(conn, planned, "SELECT id")))
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
