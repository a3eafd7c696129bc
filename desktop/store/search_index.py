"""The contact search index, kept current by the store itself.

SQLite: an FTS5 table `contact_fts` whose rowid is the contact id. PostgreSQL: a table
`contact_search` with a generated tsvector and a GIN index. Both are created by migration 0001.
Documents are built in Python (search_terms) rather than by SQL triggers, because phone digit
forms and Chinese suffixes need code a trigger cannot run. Every ORM flush that touches a
contact or its phones, e-mails or addresses re-indexes that contact in the same transaction
(install_index_hooks); bulk writers call reindex_range once after writing their rows, or
build the documents themselves (contact_text) and add them inside bulk_load, and once they
have committed, `tidy` merges what the load left unmerged.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, event, text

from desktop.store.search_terms import (
    contact_words,
    crm_words,
    fts5_match,
    phone_digit_forms,
    query_tokens,
    query_words,
)
from desktop.store.search_terms import fold_accents as fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from desktop.store.database import Database

_CHUNK = 20_000
# FTS5 buffers new terms in memory up to its 'hashsize' (1 MB by default), then writes them as a
# segment and merges segments as they pile up; at a million documents the merging is most of
# the work. A bulk load raises the buffer for its own transaction and puts it back after.
_BULK_HASHSIZE = 256 * 1024 * 1024
_DEFAULT_HASHSIZE = 1024 * 1024


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def _documents(conn: Connection, where: str, params: dict[str, object]) -> list[tuple[int, str]]:
    """Build documents for the contacts matching `where` (a condition on a column `cid`)."""
    base = (
        "SELECT id, crm_number, first_name, last_name, display_name, company_name, city, "
        f"nickname, alternate_name FROM contacts WHERE {where.replace('cid', 'id')}"
    )
    rows = conn.execute(text(base), params).all()
    if not rows:
        return []
    phones: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    emails: defaultdict[int, list[str]] = defaultdict(list)
    cities: defaultdict[int, list[str]] = defaultdict(list)
    cond = where.replace("cid", "contact_id")
    for cid, number, e164 in conn.execute(
        text(f"SELECT contact_id, number, e164 FROM contact_phones WHERE {cond}"), params
    ):
        phones[cid].append((number, e164))
    for cid, address in conn.execute(
        text(f"SELECT contact_id, address FROM contact_emails WHERE {cond}"), params
    ):
        emails[cid].append(address)
    for cid, city in conn.execute(
        text(f"SELECT contact_id, city FROM contact_addresses WHERE {cond} AND city <> ''"),
        params,
    ):
        cities[cid].append(city)
    return [
        (
            cid,
            contact_text(
                crm,
                (first, last, display, nickname, alternate),
                company,
                emails[cid],
                phones[cid],
                [city, *cities[cid]],
            ),
        )
        for cid, crm, first, last, display, company, city, nickname, alternate in rows
    ]


def contact_text(
    crm_number: str,
    names: Iterable[str],
    company: str,
    emails: Iterable[str],
    phones: Iterable[tuple[str, str]],
    cities: Iterable[str],
) -> str:
    """What the index holds for one contact (phones as (as typed, E.164) pairs; cities: the
    contact's city mirror, then its addresses' cities). Public for bulk writers that build
    documents from rows they already hold (the demo) and hand them to add_documents.

    Accented words are held with and without their accents (see search_terms.fold_accents).
    Only words go in: PostgreSQL's parser would otherwise keep an e-mail as one word."""
    return _longest(contact_words(crm_number, names, company, emails, phones, cities))


def refolded(document: str) -> str:
    """A document as its tokens plus their accent-folded forms; also what migration 0002
    makes of documents written before folding was done on SQLite too."""
    tokens = query_tokens(document)
    return _longest([*tokens, *(fold(token) for token in tokens)])


def with_crm_number(document: str, crm_number: str) -> str:
    """contact_text(crm_number, ...) from contact_text('', ...) with the same arguments: the
    CRM number's tokens added to a document built before the number was handed out."""
    tokens = document.split()  # sorted, none the start of another (_longest)
    for token in crm_words(crm_number):
        # Sorting the document again for every contact of a big import cost more than
        # building it. The one token that can start the new one sits just before its place,
        # and one starting the new token at it.
        at = bisect_left(tokens, token)
        if at < len(tokens) and tokens[at].startswith(token):
            continue
        if at and token.startswith(tokens[at - 1]):
            tokens[at - 1] = token
        else:
            tokens.insert(at, token)
    return " ".join(tokens)


def with_phone_runs(document: str, phones: Iterable[tuple[str, str]]) -> str:
    """A document written before phones' digit runs were indexed (search_terms.
    phone_digit_forms), as contact_text now makes it: what migration 0003 writes. Every token
    _longest dropped is a prefix of one it kept, so adding the runs to the kept tokens gives
    the same document as building it again."""
    runs = [run for number, e164 in phones for run in phone_digit_forms(number, e164)]
    return _longest([*document.split(), *runs]) if runs else document


def _longest(tokens: Iterable[str]) -> str:
    # Every search is a prefix search, so a token that starts another one ('49' and '30' of
    # '+49 30 1234567' beside '49301234567', the 'c' of 'C-000001' beside 'c000001') and a
    # repeated token find nothing new, and each costs the index four entries. In sorted
    # order, the tokens a token starts come right after it.
    # A list, not a generator, and no copy with '' appended: this runs for every document.
    ordered = sorted(set(tokens))
    kept = [token for token, after in pairwise(ordered) if not after.startswith(token)]
    return " ".join([*kept, ordered[-1]]) if ordered else ""


def _write(conn: Connection, ids: Sequence[int], docs: list[tuple[int, str]]) -> None:
    if _is_sqlite(conn):
        stmt = text("DELETE FROM contact_fts WHERE rowid IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        conn.execute(stmt, {"ids": list(ids)})
        if docs:
            conn.exec_driver_sql("INSERT INTO contact_fts(rowid, doc) VALUES (?, ?)", docs)
    else:
        stmt = text("DELETE FROM contact_search WHERE contact_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        conn.execute(stmt, {"ids": list(ids)})
        if docs:
            conn.execute(
                text("INSERT INTO contact_search(contact_id, doc) VALUES (:i, :d)"),
                [{"i": i, "d": d} for i, d in docs],
            )


def reindex_contacts(conn: Connection, ids: Iterable[int]) -> None:
    """Re-index these contacts; ids of deleted contacts are dropped from the index."""
    id_list = sorted({int(i) for i in ids})
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        # Ids are ints, so an inline list is safe and keeps _documents' SQL shared.
        docs = _documents(conn, f"cid IN ({','.join(map(str, chunk))})", {})
        _write(conn, chunk, docs)


def reindex_range(conn: Connection, first_id: int, last_id: int) -> int:
    """Index every contact with first_id <= id <= last_id: the bulk path (demo, import),
    called once after the rows are written, in the same transaction. Returns documents written."""
    written = 0
    with bulk_load(conn) if last_id - first_id >= _CHUNK else nullcontext():
        for lo in range(first_id, last_id + 1, _CHUNK):
            hi = min(lo + _CHUNK - 1, last_id)
            docs = _documents(conn, "cid BETWEEN :lo AND :hi", {"lo": lo, "hi": hi})
            if _is_sqlite(conn):
                conn.execute(
                    text("DELETE FROM contact_fts WHERE rowid BETWEEN :lo AND :hi"),
                    {"lo": lo, "hi": hi},
                )
                conn.exec_driver_sql("INSERT INTO contact_fts(rowid, doc) VALUES (?, ?)", docs)
            else:
                _write(conn, [cid for cid, _ in docs], docs)
            written += len(docs)
    return written


def drop_documents_above_contacts(conn: Connection) -> None:
    """Drop documents above the highest contact id, left by contacts deleted without their
    documents, so that a bulk writer whose new contacts take the ids above it (as
    bulk.reserve_ids hands them out) can index them with add_documents: one range delete
    instead of one per new contact."""
    index, key = ("contact_fts", "rowid") if _is_sqlite(conn) else ("contact_search", "contact_id")
    conn.execute(
        text(f"DELETE FROM {index} WHERE {key} > (SELECT coalesce(max(id), 0) FROM contacts)")
    )


def add_documents(conn: Connection, docs: list[tuple[int, str]]) -> None:
    """Index new contacts from (id, contact_text(...)) pairs, for bulk writers that built the
    documents themselves; the contacts must not be in the index yet."""
    if not docs:
        return
    if _is_sqlite(conn):
        conn.exec_driver_sql("INSERT INTO contact_fts(rowid, doc) VALUES (?, ?)", docs)
    else:
        _write(conn, [cid for cid, _ in docs], docs)


@contextmanager
def bulk_load(conn: Connection) -> Iterator[None]:
    """Around a load of many thousands of documents in one transaction: FTS5 gets a term
    buffer big enough to write the load as few segments, and merges none of them meanwhile.
    Merging the segments of a 100,000-contact import into a million-contact index cost two
    of its three seconds in the index; `tidy` does it afterwards, a step at a time, in
    transactions of its own (FTS5's documented way to bulk-load: automerge off, then merge)."""
    if not _is_sqlite(conn):
        yield
        return
    before: dict[str, Any] = dict(
        conn.exec_driver_sql(
            "SELECT k, v FROM contact_fts_config WHERE k IN ('hashsize', 'automerge', "
            "'crisismerge')"
        ).all()
    )
    for key, value in _BULK_SETTINGS.items():
        _configure(conn, key, value)
    yield
    # Not in a finally: after an error the rollback restores the old values by itself.
    for key, default in _DEFAULT_SETTINGS.items():
        _configure(conn, key, int(before.get(key, default)))


#: FTS5's own defaults, and what a bulk load sets instead
_DEFAULT_SETTINGS = {"hashsize": _DEFAULT_HASHSIZE, "automerge": 4, "crisismerge": 16}
_BULK_SETTINGS = {"hashsize": _BULK_HASHSIZE, "automerge": 0, "crisismerge": 2000}
#: pages of merge work in one step of `tidy`: about 0.1 s, so a save waits at most that long
_TIDY_PAGES = 2_000


def _configure(conn: Connection, key: str, value: int) -> None:
    conn.exec_driver_sql("INSERT INTO contact_fts(contact_fts, rank) VALUES (?, ?)", (key, value))


def tidy(db: Database, stop: Callable[[], bool] = lambda: False) -> int:
    """Merge what bulk loads left as many small index segments, in steps of their own
    transaction until none is left (or `stop()`), so searches read few segments again; then
    copy the WAL into the database, which an import's commit leaves to this (importer).
    Returns the steps that did work. Run after an import or a demo, off the GUI thread."""
    steps = 0
    if db.engine.dialect.name != "sqlite" or db.readonly:
        return steps
    while not stop():
        with db.transaction() as conn:
            raw: Any = conn.connection.dbapi_connection
            before = raw.total_changes
            conn.exec_driver_sql(
                "INSERT INTO contact_fts(contact_fts, rank) VALUES ('merge', ?)", (_TIDY_PAGES,)
            )
            merged = raw.total_changes - before > 1  # more than the command's own row
        if not merged:
            with db.engine.connect() as conn:
                # PASSIVE: copies what it can without waiting for readers or writers
                driver: Any = conn.connection.dbapi_connection
                driver.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return steps
        steps += 1
    return steps


def rebuild(conn: Connection) -> int:
    """Drop and rebuild the whole index (check --repair)."""
    if _is_sqlite(conn):
        conn.execute(text("DELETE FROM contact_fts"))
    else:
        conn.execute(text("DELETE FROM contact_search"))
    lo, hi = conn.execute(text("SELECT MIN(id), MAX(id) FROM contacts")).one()
    return 0 if lo is None else reindex_range(conn, lo, hi)


def search_ids(conn: Connection, query: str, limit: int = 100, offset: int = 0) -> list[int]:
    """Contact ids whose names, company, e-mails, phones, city or CRM number start with every
    word typed, in id order (oldest first); an empty query finds nothing."""
    if _is_sqlite(conn):
        match = fts5_match(query)
        if match is None:
            return []
        rows = conn.execute(
            text("SELECT rowid FROM contact_fts WHERE contact_fts MATCH :m LIMIT :l OFFSET :o"),
            {"m": match, "l": limit, "o": offset},
        )
    else:
        tsquery = _tsquery(query)
        if tsquery is None:
            return []
        rows = conn.execute(
            text(
                "SELECT contact_id FROM contact_search "
                "WHERE tsv @@ to_tsquery('simple', :q) ORDER BY contact_id LIMIT :l OFFSET :o"
            ),
            {"q": tsquery, "l": limit, "o": offset},
        )
    return [row[0] for row in rows]


def match_subquery_sql(conn: Connection) -> str:
    """SQL selecting matching contact ids for a bound :match parameter (see match_parameter),
    for list models that combine the search with their own ORDER BY and filters."""
    if _is_sqlite(conn):
        return "SELECT rowid FROM contact_fts WHERE contact_fts MATCH :match"
    return "SELECT contact_id FROM contact_search WHERE tsv @@ to_tsquery('simple', :match)"


def word_scan(query: str) -> tuple[str, dict[str, str]]:
    """SQLite: a condition true for the contact `contacts.id` when its document has a word
    starting with every typed prefix, and its parameters. It reads the document as text from
    FTS5's own content table (`contact_fts_content`, the shadow table FTS5 documents for a
    table that stores its content), about 1.5 us a row against 15-20 us for asking FTS5
    whether one rowid matches: the way to walk a sort index when most rows match. Documents
    hold accent-folded words (refolded) and query_tokens folds case as unicode61 does, so
    this finds what MATCH finds."""
    tokens = [fold(token) for token in query_words(query)]
    params = {f"word{i}": f" {token}" for i, token in enumerate(tokens)}
    tests = " AND ".join(f"instr(' ' || c0, :{name}) > 0" for name in params) or "0"
    return f"EXISTS (SELECT 1 FROM contact_fts_content WHERE id = contacts.id AND {tests})", params


def match_parameter(conn: Connection, query: str) -> str | None:
    """The :match value for match_subquery_sql, or None when the query has no words."""
    if _is_sqlite(conn):
        return fts5_match(query)
    return _tsquery(query)


def _tsquery(query: str) -> str | None:
    """PostgreSQL: every typed word as an accent-folded prefix, or None for no words."""
    tokens = [fold(token) for token in query_words(query)]
    return " & ".join(f"{t}:*" for t in tokens) if tokens else None


def _touched_contact_ids(session: Session) -> set[int]:
    # Imported here, not at the top: `rapport search` reads the index without the ORM's
    # entities, and importing them is most of its start-up time.
    from desktop.store.entities import Contact, ContactAddress, ContactEmail, ContactPhone

    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Contact):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, ContactPhone | ContactEmail | ContactAddress):
            if obj.contact_id is not None:
                ids.add(obj.contact_id)
            elif obj.contact is not None and obj.contact.id is not None:
                ids.add(obj.contact.id)
    return ids


def install_index_hooks(factory: sessionmaker[Session]) -> None:
    """Re-index contacts touched by each flush of sessions from this factory. after_flush
    still sees what was new, changed and deleted, and new rows already have their ids."""

    @event.listens_for(factory, "after_flush")
    def _reindex(session: Session, _ctx: object) -> None:
        touched = _touched_contact_ids(session)
        if touched:
            reindex_contacts(session.connection(), touched)
