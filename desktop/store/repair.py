"""Repair: mend what can be mended in place, after taking a backup of the file as it is.

Two kinds of damage are mendable without losing anything a user typed: the full-text index
(rebuilt from the contacts) and SQLite's own table indexes (REINDEX rebuilds them from the
tables). Damage to the tables themselves is not guessed at; the report then names the newest
backup that passes its checks, for the user to restore.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.errors import RapportError
from desktop.store import search_index
from desktop.store.backup import backup_name, backups_dir, create_backup, list_backups
from desktop.store.database import Database, open_database
from desktop.store.integrity import CheckReport, check_file, check_server


def repair_file(path: Path) -> CheckReport:
    """Back up, rebuild the search index and every index, then check again."""
    before = check_file(path)
    backup = create_backup(path, backups_dir() / backup_name(path, "before-repair")).path
    repaired: list[str] = []
    try:
        db = open_database(path, create=False)
    except RapportError as exc:
        return _beyond_repair(path, replace(before, backup=backup), str(exc))
    try:
        if db.readonly:
            raise RapportError(f"{path} is read-only; it cannot be repaired in place")
        with db.transaction() as conn:
            if before.integrity or before.quick:
                conn.exec_driver_sql("REINDEX")
                repaired.append("table indexes rebuilt (REINDEX)")
            written = search_index.rebuild(conn)
            repaired.append(f"search index rebuilt ({written} contact(s))")
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        return _beyond_repair(path, replace(before, backup=backup), str(exc).splitlines()[0])
    finally:
        db.close()
    after = check_file(path)
    report = replace(after, repaired=tuple(repaired), backup=backup)
    return report if report.ok else _beyond_repair(path, report, "")


def _beyond_repair(path: Path, report: CheckReport, reason: str) -> CheckReport:
    """The report, with what stopped the repair and which backup to restore instead."""
    # A backup taken before an earlier repair holds the damage; it is no way back.
    newest = next(
        (i.path for i in list_backups(source=path) if "-before-repair-" not in i.path.name), None
    )
    advice = (
        f"restore the newest backup: rapport restore --db {path} {newest}"
        if newest
        else "no earlier backup was found; keep the damaged file and seek help"
    )
    notes = [f"could not repair: {reason}"] if reason else []
    return replace(report, repaired=(*report.repaired, *notes, advice))


def repair_database(db: Database) -> CheckReport:
    """A server database: only the search index is Rapport's to rebuild; its backups are the
    server's (pg_dump), so none is taken here."""
    with db.transaction() as conn:
        written = search_index.rebuild(conn)
        report = check_server(conn, db.label)
    return replace(report, repaired=(f"search index rebuilt ({written} contact(s))",))
