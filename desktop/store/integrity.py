"""Is the database whole? Quick and full integrity checks, foreign keys, the search index, and
a schema with nothing in it that Rapport's migrations did not make (desktop.store.schema_audit).

SQLite files are checked through a plain sqlite3 connection rather than `open_database`, so
that a file too damaged to open (or to migrate) can still be examined and reported on. A
PostgreSQL server keeps its own pages whole and always enforces foreign keys; there only the
search index, which Rapport maintains itself, is compared with the contacts.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from desktop.errors import RapportError
from desktop.store.database import APPLICATION_ID, SQLITE_MAGIC, readonly_uri
from desktop.store.schema_audit import schema_drift

# integrity_check stops after this many problems; a report beyond that helps nobody.
_MAX_PROBLEMS = 20
_Task = Callable[[sqlite3.Connection], tuple[str, ...]]
_MMAP_BYTES = 1 << 31


@dataclass(frozen=True)
class CheckReport:
    """What a check found. Each tuple lists problems in words; empty means that part is fine;
    None means it was not run (and `skipped` says why)."""

    label: str
    quick: tuple[str, ...] | None
    integrity: tuple[str, ...] | None
    foreign_keys: tuple[str, ...] | None
    search_index: tuple[str, ...] | None
    skipped: tuple[str, ...] = ()
    repaired: tuple[str, ...] = ()
    backup: Path | None = None
    #: tables, indexes, triggers and views that differ from what Rapport's migrations make
    schema: tuple[str, ...] | None = None
    #: why a repair that was asked for could not be done ('' when none was refused)
    not_repaired: str = ""

    @property
    def ok(self) -> bool:
        return not (
            self.quick
            or self.integrity
            or self.foreign_keys
            or self.search_index
            or self.schema
            or self.not_repaired
        )

    def summary_lines(self) -> list[str]:
        """The report as a user reads it: one line per part, problems indented below."""
        lines: list[str] = []
        if self.backup is not None:
            lines.append(f"backup taken first: {self.backup}")
        lines.extend(f"repaired: {what}" for what in self.repaired)
        parts: list[tuple[str, tuple[str, ...] | None]] = [
            ("quick check", self.quick),
            ("schema", self.schema),
            ("integrity check", self.integrity),
            ("foreign keys", self.foreign_keys),
            ("search index", self.search_index),
        ]
        for name, problems in parts:
            if problems is None:
                continue
            lines.append(f"{name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
            lines.extend(f"  {problem}" for problem in problems)
        lines.extend(f"not checked: {reason}" for reason in self.skipped)
        if self.not_repaired:
            verdict = f"not repaired: {self.not_repaired}"
        else:
            verdict = "database is healthy" if self.ok else "database has problems"
        lines.append(f"{self.label}: {verdict}")
        return lines


def _pragma_problems(conn: sqlite3.Connection, pragma: str) -> tuple[str, ...]:
    try:
        rows = conn.execute(f"PRAGMA {pragma}({_MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
        return (f"{pragma} could not run: {exc}",)
    found = tuple(str(row[0]) for row in rows)
    return () if found == ("ok",) else found


def _foreign_key_problems(conn: sqlite3.Connection) -> tuple[str, ...]:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchmany(_MAX_PROBLEMS)
    except sqlite3.DatabaseError as exc:
        return (f"foreign_key_check could not run: {exc}",)
    return tuple(
        f"{table} row {rowid} points to a missing {parent} row" for table, rowid, parent, _ in rows
    )


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _fts_problems(conn: sqlite3.Connection) -> tuple[str, ...]:
    """FTS5's own consistency check, then the index compared with the contacts table. The
    integrity-check command is spelled as an INSERT, so it runs in a transaction rolled back."""
    if not _has_table(conn, "contact_fts"):
        return ("the search index table contact_fts is missing",)
    problems: list[str] = []
    try:
        conn.execute("SAVEPOINT fts_check")
        try:
            conn.execute("INSERT INTO contact_fts(contact_fts, rank) VALUES ('integrity-check', 1)")
        finally:
            conn.execute("ROLLBACK TO fts_check")
            conn.execute("RELEASE fts_check")
    except sqlite3.DatabaseError as exc:
        problems.append(f"search index is damaged: {exc}")
    try:
        missing = conn.execute(
            "SELECT count(*) FROM contacts WHERE id NOT IN (SELECT rowid FROM contact_fts)"
        ).fetchone()[0]
        stray = conn.execute(
            "SELECT count(*) FROM contact_fts WHERE rowid NOT IN (SELECT id FROM contacts)"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return (*problems, f"search index cannot be compared with contacts: {exc}")
    if missing:
        problems.append(f"{missing} contact(s) missing from the search index")
    if stray:
        problems.append(f"{stray} search index entr(y/ies) for contacts that no longer exist")
    return tuple(problems)


def quick_check(path: Path) -> tuple[str, ...]:
    """PRAGMA quick_check on a file: the start-up check (seconds even on a large file). Returns
    the problems found; empty when the file is whole."""
    if not path.is_file():
        raise RapportError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        return (f"cannot be opened: {exc}",)
    try:
        conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        return _pragma_problems(conn, "quick_check")
    finally:
        conn.close()


def _table_weights(conn: sqlite3.Connection) -> list[str]:
    """Tables (virtual ones left out: their shadow tables are checked), largest first by an
    estimate that costs one index seek each: highest rowid times (1 + number of indexes)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    weights = {}
    for name in names:
        indexes = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (name,)
        ).fetchone()[0]
        try:
            rows = conn.execute(f'SELECT max(rowid) FROM "{name}"').fetchone()[0] or 0
        except sqlite3.DatabaseError:
            rows = 0
        weights[name] = rows * (1 + indexes)
    return sorted(names, key=lambda name: weights[name], reverse=True)


def _table_problems(table: str) -> _Task:
    def check(conn: sqlite3.Connection) -> tuple[str, ...]:
        rows = conn.execute(f'PRAGMA integrity_check("{table}")').fetchmany(_MAX_PROBLEMS)
        found = tuple(str(row[0]) for row in rows)
        return () if found == ("ok",) else found

    return check


def _run_parallel(uri: str, tasks: list[tuple[str, _Task]]) -> dict[str, tuple[str, ...]]:
    """Run the tasks on two connections, one per core (sqlite3 releases the GIL while SQLite
    works); a task that fails outright reports that as its problem."""
    local = threading.local()
    opened: list[sqlite3.Connection] = []

    def run(name: str, task: _Task) -> tuple[str, ...]:
        conn = getattr(local, "conn", None)
        try:
            if conn is None:
                conn = sqlite3.connect(
                    uri, uri=True, timeout=5, isolation_level=None, check_same_thread=False
                )
                opened.append(conn)
                local.conn = conn
                conn.execute("PRAGMA cache_size = -100000")  # KiB; every page is read
                # Pages read through a memory map, not copied by read(): a third less CPU.
                conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            return task(conn)
        except sqlite3.DatabaseError as exc:
            return (f"{name}: {exc}",)

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [(name, pool.submit(run, name, task)) for name, task in tasks]
            results: dict[str, tuple[str, ...]] = {}
            for name, future in futures:
                results[name] = future.result()
    finally:
        for conn in opened:
            conn.close()
    return results


def full_check(uri: str, *, with_search_index: bool) -> dict[str, tuple[str, ...]]:
    """The full integrity check as per-table checks (each table with its indexes), the foreign
    key check and, when asked, the search index check, spread over two cores, largest first.

    Returns problems under 'integrity', 'foreign keys' and 'search index'. A whole-file
    integrity_check does the same work on one core (17 s on the 1M demo database); the part
    per-table checks leave out is the free-page accounting, whose errors lose no data."""
    conn = sqlite3.connect(uri, uri=True, timeout=5, isolation_level=None)
    try:
        tables = _table_weights(conn)
    finally:
        conn.close()
    tasks: list[tuple[str, _Task]] = [(f"table {t}", _table_problems(t)) for t in tables]
    # The search index check is one long task: start it first so it overlaps the tables.
    tasks.insert(0, ("foreign keys", _foreign_key_problems))
    if with_search_index:
        tasks.insert(0, ("search index", _fts_problems))
    results = _run_parallel(uri, tasks)
    integrity = tuple(
        p for name, found in results.items() if name.startswith("table ") for p in found
    )
    return {
        "integrity": integrity[:_MAX_PROBLEMS],
        "foreign keys": results["foreign keys"],
        "search index": results.get("search index", ()),
    }


def check_file(path: Path, *, full: bool = True) -> CheckReport:
    """Check an SQLite database file: the full integrity check, foreign keys and the search
    index (full=False: only SQLite's quick check). Never writes to the file."""
    if not path.is_file():
        raise RapportError(f"{path} does not exist")
    refuse_foreign(path)
    skipped: list[str] = []
    can_write = writable(path)
    uri = f"file:{path}" if can_write else readonly_uri(path)
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            quick = None if full else _pragma_problems(conn, "quick_check")
            drift = schema_drift(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return CheckReport(str(path), (f"cannot be read as a database: {exc}",), None, (), None)
    schema = None if drift is None else drift.problems
    if drift is None:
        skipped.append("schema (not of a revision this version of Rapport knows)")
    if not full:
        skipped.append("full integrity, foreign keys and search index (--quick)")
        return CheckReport(str(path), quick, None, None, None, tuple(skipped), schema=schema)
    if not can_write:
        skipped.append("search index (the file is read-only)")
    found = full_check(uri, with_search_index=can_write)
    return CheckReport(
        str(path),
        None,
        found["integrity"],
        found["foreign keys"],
        found["search index"] if can_write else None,
        tuple(skipped),
        schema=schema,
    )


def refuse_foreign(path: Path) -> None:
    """A file that is not SQLite, or SQLite of another program, is not ours to judge."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise RapportError(f"{path} is not a Rapport database (not an SQLite file)")
    # The application id sits at offset 68 of the header, big-endian.
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise RapportError(f"{path} is an SQLite database of another program, not Rapport's")


def writable(path: Path) -> bool:
    """Can the file be changed in place and replaced (its folder written)?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def check_server(conn: Connection, label: str) -> CheckReport:
    """PostgreSQL: the server guards pages and foreign keys; compare the search index only."""
    missing = conn.execute(
        text(
            "SELECT count(*) FROM contacts c WHERE NOT EXISTS "
            "(SELECT 1 FROM contact_search s WHERE s.contact_id = c.id)"
        )
    ).scalar_one()
    problems = (f"{missing} contact(s) missing from the search index",) if missing else ()
    skipped = ("page and foreign key checks (the PostgreSQL server keeps those itself)",)
    return CheckReport(label, None, None, None, problems, skipped)
