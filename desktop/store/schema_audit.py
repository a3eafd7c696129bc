"""Is every table, index, trigger and view in a file one that Rapport's migrations made?

A backup is only as trustworthy as its schema: a file carrying one extra trigger (AFTER UPDATE
ON contacts ... DELETE FROM contact_emails) passes every checksum, integrity and foreign key
check, and then destroys data on the first save. So the schema of a file is compared, object by
object (type, name and SQL), with the schema its own revision should have. That expected schema
is built by running the shipped migrations into a scratch in-memory database, once per
revision and process (a third of a second), so it can never drift from what the migrations
really create; the full-text index's shadow tables come out of that run like every other table.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from desktop.store.schema import known_revisions

# SQLite's own bookkeeping tables: made by AUTOINCREMENT and ANALYZE, never by a migration,
# and holding nothing a statement runs.
_SQLITE_INTERNAL = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})
_IDENTIFIER_QUOTES = re.compile(r'["`\[\]]')
# Dropped first to last: what refers to a table goes before the table.
_DROP_ORDER = ("trigger", "view", "index", "table")


@dataclass(frozen=True)
class SchemaObject:
    kind: str
    name: str
    table: str
    sql: str | None

    def words(self) -> str:
        """'trigger "wipe" on contacts': how a report names it."""
        where = f" on {self.table}" if self.kind in ("trigger", "index") else ""
        return f'{self.kind} "{self.name}"{where}'


@dataclass(frozen=True)
class SchemaDrift:
    """How a file's schema differs from the one its revision should have."""

    unknown: tuple[SchemaObject, ...] = ()
    #: (as found in the file, as the migrations make it)
    altered: tuple[tuple[SchemaObject, SchemaObject], ...] = ()
    missing: tuple[SchemaObject, ...] = ()

    @property
    def problems(self) -> tuple[str, ...]:
        return (
            *(f"{found.words()} was not made by Rapport" for found in self.unknown),
            *(f"{found.words()} differs from Rapport's" for found, _ in self.altered),
            *(f"{wanted.words()} is missing" for wanted in self.missing),
        )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _normal(sql: str | None) -> str | None:
    """SQL as compared: runs of white space are one space, and identifiers unquoted (SQLite
    versions differ in how ALTER TABLE ... RENAME, which batch migrations use, quotes the
    names it rewrites). Nothing else is forgiven: literals keep their case and quotes."""
    return None if sql is None else " ".join(_IDENTIFIER_QUOTES.sub("", sql).split())


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    return {
        (kind, name): SchemaObject(kind, name, table, _normal(sql))
        for kind, name, table, sql in rows
        if not (kind == "table" and name in _SQLITE_INTERNAL)
    }


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> dict[tuple[str, str], SchemaObject]:
    """The objects the migrations up to `revision` create, by (type, name)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from desktop.store.schema import upgrade

    # One connection for the whole run: an in-memory database lives as long as it does.
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            upgrade(conn, revision)
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            return _objects(raw)
    finally:
        engine.dispose()


def file_revision(conn: sqlite3.Connection) -> str | None:
    """The schema revision a database says it has; None when it has no alembic_version."""
    has_version = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_version:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def schema_drift(conn: sqlite3.Connection) -> SchemaDrift | None:
    """How the schema of the database on `conn` differs from its revision's; None when the
    revision is not one this program knows (a newer Rapport's file cannot be judged)."""
    revision = file_revision(conn)
    if revision is None or revision not in known_revisions():
        return None
    wanted = expected_schema(revision)
    found = _objects(conn)
    return SchemaDrift(
        unknown=tuple(found[key] for key in found if key not in wanted),
        altered=tuple(
            (found[key], wanted[key])
            for key in found
            if key in wanted and found[key].sql != wanted[key].sql
        ),
        missing=tuple(wanted[key] for key in wanted if key not in found),
    )


def mend_schema(conn: sqlite3.Connection, drift: SchemaDrift) -> tuple[list[str], list[str]]:
    """Drop what Rapport did not make and put back Rapport's own indexes, triggers and views,
    in one transaction on `conn` (autocommit mode). A table that differs or is missing is not
    guessed at. Returns (what was done, what could not be mended)."""
    done: list[str] = []
    left: list[str] = []
    foreign = sorted(drift.unknown, key=lambda o: _DROP_ORDER.index(o.kind))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for obj in foreign:
            if obj.kind in _DROP_ORDER and obj.sql is not None:
                conn.execute(f"DROP {obj.kind.upper()} IF EXISTS {_quoted(obj.name)}")
                done.append(f"removed {obj.words()}, which Rapport did not make")
            else:
                left.append(f"{obj.words()} cannot be removed")
        for found, wanted in drift.altered:
            if found.kind == "table" or wanted.sql is None:
                left.append(f"{found.words()} differs from Rapport's and is left as it is")
                continue
            conn.execute(f"DROP {found.kind.upper()} {_quoted(found.name)}")
            conn.execute(wanted.sql)
            done.append(f"{found.words()} put back as Rapport makes it")
        for wanted in drift.missing:
            if wanted.kind == "table" or wanted.sql is None:
                left.append(f"{wanted.words()} is missing and cannot be made up")
                continue
            conn.execute(wanted.sql)
            done.append(f"{wanted.words()} made again")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done, left
