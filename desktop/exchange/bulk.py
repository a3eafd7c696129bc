"""Bulk rows for the importer: primary keys reserved up front and rows inserted through the
driver's executemany.

SQLAlchemy's executemany costs about as much per row in parameter processing as SQLite takes
to store the row, and with RETURNING it runs one statement per row on SQLite; for 100,000
contacts with their phones, e-mails and addresses that doubles an import. These rows are
plain tuples of plain values, so the driver can take them as they are.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import Connection, text


def reserve_ids(conn: Connection, table: str, count: int) -> list[int]:
    """`count` new primary keys for `table`.

    SQLite: the import transaction has written already, so it holds the write lock and nobody
    else can take MAX(id)+1 before it commits. PostgreSQL: taken from the table's sequence."""
    if count <= 0:
        return []
    if conn.dialect.name == "sqlite":
        first = conn.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one()
        return list(range(first, first + count))
    return list(
        conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        ).scalars()
    )


def db_value(conn: Connection, value: object) -> object:
    """A date or time for the driver: for SQLite the text SQLAlchemy itself stores, so the
    ORM reads it back unchanged (sqlite3's own adapters write another format)."""
    if conn.dialect.name != "sqlite":
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """Rows of plain values (dates already through db_value) in one executemany."""
    if not rows:
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(conn, len(columns))})"
    conn.exec_driver_sql(sql, list(rows))


def marks(conn: Connection, count: int) -> str:
    """'?, ?, ?': `count` parameter markers in the driver's own style, for SQL run with
    exec_driver_sql (no SQLAlchemy compilation per statement)."""
    return ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * count)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while an import makes and drops millions of small
    objects (records, rows, pickled chunks) that form next to no cycles (a 100,000-row
    import leaves about 4,500 objects for it; the worker's checks none): left on, it ran
    thousands of times, each full collection walking every object alive, and took longer than
    checking the rows. Process-wide, so it is put back only if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
