"""Repair: mend what can be mended, after taking a backup of the file as it is.

First, anything in the schema that Rapport's migrations did not make (a trigger that deletes
rows on the next save) is removed and Rapport's own indexes, triggers and views put back.
Then three steps, each only when the one before did not suffice. REINDEX rebuilds the table indexes
from the tables, which mends an index whose entries disagree with its table. An index whose
pages are themselves broken cannot even be dropped (nor does VACUUM help: it copies indexes as
they are), so the next step rebuilds the database from its tables into a fresh file and builds
every index anew; the copy must pass the full check before it takes the live file's place (the
old file is kept beside it). Finally the full-text index is rebuilt from the contacts. Damage
to the tables themselves is not guessed at: the report then names the newest backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.errors import RapportError
from desktop.store import search_index
from desktop.store.backup import backup_file_before, list_backups
from desktop.store.database import Database, open_database
from desktop.store.integrity import CheckReport, check_file, check_server, full_check, writable
from desktop.store.restore import replace_live
from desktop.store.schema_audit import mend_schema, schema_drift
from desktop.store.scratch import scratch_folder

_FAILURES = (RapportError, sqlite3.DatabaseError, DBAPIError)


def _reindex(path: Path) -> None:
    db = open_database(path, create=False)
    try:
        if db.readonly:
            raise RapportError(f"{path} is read-only; it cannot be repaired in place")
        with db.transaction() as conn:
            conn.exec_driver_sql("REINDEX")
    finally:
        db.close()


def _copy_tables(fresh: sqlite3.Connection, damaged: Path) -> None:
    """Rebuild `damaged` into the empty database `fresh` from its tables alone: tables first
    (without indexes, so that SQLite's transfer optimisation copies rows and never reads an old
    index), then every index built anew. The full-text index's shadow tables are left empty;
    the search index is rebuilt from the contacts afterwards."""
    fresh.execute("ATTACH DATABASE ? AS old", (str(damaged),))
    objects = fresh.execute(
        "SELECT type, name, sql FROM old.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = [name for kind, name, sql in objects if sql.upper().startswith("CREATE VIRTUAL")]
    app_id = fresh.execute("PRAGMA old.application_id").fetchone()[0]
    fresh.execute(f"PRAGMA main.application_id = {int(app_id)}")
    fresh.execute("PRAGMA foreign_keys = OFF")
    fresh.execute("BEGIN")
    tables = [
        (name, sql)
        for kind, name, sql in objects
        if kind == "table"
        and not name.startswith("sqlite_")
        and not any(name.startswith(f"{v}_") for v in virtual)
    ]
    for name, sql in tables:
        fresh.execute(sql)
        if name not in virtual:
            fresh.execute(f'INSERT INTO main."{name}" SELECT * FROM old."{name}"')
    for kind, _name, sql in objects:
        if kind in ("index", "trigger", "view"):
            fresh.execute(sql)
    fresh.execute("COMMIT")
    fresh.execute("DETACH DATABASE old")


def _rebuild_by_copy(path: Path) -> Path | None:
    """Rebuild the database from its tables into a scratch file beside it, prove the copy
    whole, and put it in place. Returns where the damaged file is kept."""
    with scratch_folder(path.parent, ".rapport-repair-", "repair in") as work:
        copy = work / "rebuilt.db"
        fresh = sqlite3.connect(copy, isolation_level=None)
        try:
            _copy_tables(fresh, path)
        finally:
            fresh.close()
        found = full_check(f"file:{copy}", with_search_index=False)
        if found["integrity"] or found["foreign keys"]:
            problems = (*found["integrity"], *found["foreign keys"])
            raise RapportError(f"the rebuilt copy is not whole either: {problems[0]}")
        return replace_live(copy, path, "repair")


def _rebuild_search_index(path: Path) -> int:
    db = open_database(path, create=False)
    try:
        with db.transaction() as conn:
            written = search_index.rebuild(conn)
        search_index.tidy(db)  # the rebuild loaded the index without merging (bulk_load)
        return written
    finally:
        db.close()


def _mend_schema(path: Path) -> list[str]:
    """Remove the tables, indexes, triggers and views Rapport did not make and put its own
    back (a hostile trigger must go before any other step writes a row)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        drift = schema_drift(conn)
        if drift is None:
            return []
        done, _left = mend_schema(conn, drift)  # what is left, the check after names
        return done
    finally:
        conn.close()


def repair_file(path: Path) -> CheckReport:
    """Back up, mend the schema, the indexes (REINDEX, else a rebuilt copy) and the search
    index, and check again. The caller must have closed its own connections to the file.
    A file that cannot be written is left alone, and the report says no repair was possible."""
    before = check_file(path)
    if not writable(path):
        return replace(
            before,
            not_repaired=f"{path} (or its folder) is read-only, so no repair was possible; "
            "nothing was changed",
        )
    backup = backup_file_before(path, "repair").path
    repaired: list[str] = []
    damaged = bool(before.integrity or before.quick)
    try:
        if before.schema:
            repaired.extend(_mend_schema(path))
        if damaged:
            try:
                _reindex(path)
                repaired.append("table indexes rebuilt (REINDEX)")
                damaged = not check_file(path).ok
            except _FAILURES:
                damaged = True
        if damaged:
            kept = _rebuild_by_copy(path)
            repaired.append(f"database rebuilt from its tables; the damaged file is kept as {kept}")
        written = _rebuild_search_index(path)
        repaired.append(f"search index rebuilt ({written} contact(s))")
    except _FAILURES as exc:
        report = replace(before, repaired=tuple(repaired), backup=backup)
        return _beyond_repair(path, report, str(exc).splitlines()[0])
    after = replace(check_file(path), repaired=tuple(repaired), backup=backup)
    return after if after.ok else _beyond_repair(path, after, "")


def _beyond_repair(path: Path, report: CheckReport, reason: str) -> CheckReport:
    """The report, with what stopped the repair and which backup to restore instead."""
    # A backup taken before a repair holds the damage; it is no way back.
    newest = next(
        (i.path for i in list_backups(source=path) if "-before-repair-" not in i.path.name), None
    )
    advice = (
        f"restore the newest backup: rapport restore --db {path} {newest}"
        if newest
        else "no earlier backup was found; keep the damaged file and seek help"
    )
    notes = [f"could not repair: {reason}"] if reason else []
    return replace(report, repaired=(*report.repaired, *notes, advice), not_repaired=reason)


def repair_database(db: Database) -> CheckReport:
    """A server database: only the search index is Rapport's to rebuild; its backups are the
    server's (pg_dump), so none is taken here."""
    with db.transaction() as conn:
        written = search_index.rebuild(conn)
        report = check_server(conn, db.label)
    return replace(report, repaired=(f"search index rebuilt ({written} contact(s))",))
