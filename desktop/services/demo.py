"""`rapport demo`: a database full of believable customers, fast enough for a million.

Everything is written in ONE transaction with Core executemany (the ORM would take half an
hour and gigabytes at a million rows), so an interrupted demo leaves the database as it was.
Ids are assigned here rather than by the database, so that phones, deals and history items
point at their contact without reading anything back. Reproducible: one seed, one database.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text

from desktop.errors import ValidationError
from desktop.services import demo_data as data
from desktop.services.demo_plan import COLUMNS, Block, Lookups, Plan
from desktop.services.demo_rows import draw
from desktop.store import crm_numbers, search_index
from desktop.store.database import Database

# Contacts per block: each block's rows are written before the next is drawn, which keeps
# memory flat at a million contacts.
BLOCK = 10_000
# A salesperson's calendar: about 0.3 activities a contact, but not a million of them.
MAX_ACTIVITIES = 100_000
# Tables that get explicit ids, in the order they are written.
_ID_TABLES = ("companies", "activities", "deals")
MAX_CONTACTS = 10_000_000
# The tables with a row or more per contact whose indexes are keyed by random values.
_RANDOM_KEY_TABLES = ("contacts", "contact_phones", "contact_emails", "companies")
# From this size on the rows are drawn in a second process while this one writes.
WORKER_FROM = 50_000


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo wrote."""

    contacts: int
    companies: int
    phones: int
    emails: int
    addresses: int
    tags: int
    tag_links: int
    groups: int
    group_members: int
    custom_values: int
    activities: int
    history_items: int
    deals: int
    products: int
    transactions: int
    indexed: int

    def lines(self) -> list[str]:
        """'contacts 1,000' lines, for the command line."""
        return [f"{name:<15} {value:>12,}" for name, value in vars(self).items()]


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _insert(conn: Connection, table: str, rows: list[tuple], columns: tuple[str, ...]) -> int:
    if rows:
        marks = ", ".join([_placeholder(conn)] * len(columns))
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    return len(rows)


def _next_ids(conn: Connection) -> dict[str, int]:
    return {
        table: conn.execute(text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).scalar_one()
        for table in ("contacts", *_ID_TABLES)
    }


def _ensure(conn: Connection, table: str, rows: list[tuple], columns: tuple[str, ...]) -> list[int]:
    """Ids of rows keyed by their first column, inserting those that do not exist yet."""
    key = columns[0]
    existing: dict[str, int] = dict(conn.execute(text(f"SELECT {key}, id FROM {table}")).all())
    _insert(conn, table, [row for row in rows if row[0] not in existing], columns)
    found: dict[str, int] = dict(conn.execute(text(f"SELECT {key}, id FROM {table}")).all())
    return [found[row[0]] for row in rows]


def _lookups(conn: Connection) -> Lookups:
    """The seeded rows the demo refers to, and the tags, groups, fields and products it adds
    (reusing any of the same name that already exist)."""
    types: dict[str, int] = dict(conn.execute(text("SELECT name, id FROM activity_types")).all())
    stages = conn.execute(
        text("SELECT id, default_probability FROM pipeline_stages ORDER BY position, id")
    ).all()
    tags = _ensure(conn, "tags", [(name,) for name in data.TAGS], ("name",))
    groups = _ensure(conn, "groups", list(data.GROUPS), ("name", "description"))
    fields = _ensure(
        conn,
        "custom_fields",
        [(*field, position) for position, field in enumerate(data.CUSTOM_FIELDS)],
        ("name", "field_type", "choices", "applies_to", "position"),
    )
    products = [(f"SKU-{i + 1:04d}", *product) for i, product in enumerate(data.PRODUCTS)]
    product_ids = _ensure(conn, "products", products, ("sku", "name", "price_cents"))
    return Lookups(
        activity_types=types,
        stages=tuple((sid, probability) for sid, probability in stages),
        tags=tuple(tags),
        groups=tuple(groups),
        contact_fields=(fields[0], fields[1]),
        company_field=fields[2],
        products=tuple(
            (pid, name, price)
            for pid, (_sku, name, price) in zip(product_ids, products, strict=True)
        ),
    )


@contextmanager
def _bulk_settings(conn: Connection) -> Iterator[None]:
    """A bigger page cache for this one connection while it loads, so the b-trees being filled
    stay in memory. The journal stays WAL, so a crash leaves all or nothing and the file opens
    as usual afterwards. (A rollback journal would write the pages once instead of twice, but
    its hot journal after a crash needs a writable open, which the foreign-file check's
    read-only probe in database.py does not do.)"""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql("PRAGMA cache_size = -1000000")  # KiB: up to 1 GB
    conn.commit()  # ends the pragmas' autobegun transaction, so that begin() starts afresh
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        conn.commit()


@contextmanager
def _indexes_deferred(conn: Connection, big: bool) -> Iterator[None]:
    """For a big load into SQLite, drop the indexes whose keys arrive in random order (names,
    companies, phone digits, e-mail keys) and build them again afterwards: one sort each
    instead of a million random b-tree inserts. Indexes led by contact_id grow at their end
    as contacts are written in id order, so they stay. Inside the transaction, so a crash or
    an error leaves the indexes as they were."""
    if not big or conn.dialect.name != "sqlite":
        yield
        return
    tables = ", ".join(f"'{table}'" for table in _RANDOM_KEY_TABLES)
    indexes = [
        (name, sql)
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
        )
        if conn.exec_driver_sql(f"PRAGMA index_info('{name}')").all()[0][2] != "contact_id"
    ]
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL's SERIAL sequences do not see explicit ids: move them past the demo's rows."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("contacts", *_ID_TABLES):
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


# The data process ends with the demo's: it would otherwise notice only at its next write,
# and then with a BrokenPipeError traceback about a reader that is simply gone.
_SERVE = """
from desktop.parent_watch import exit_with_parent
exit_with_parent()
from desktop.services.demo_rows import serve
try:
    serve()
except BrokenPipeError:
    pass
"""


def _drawn_in_worker(plan: Plan) -> Generator[Block, None, None]:
    """draw(plan), computed in a second process so that drawing the next block overlaps
    writing this one (a thread would not: the GIL). Same plan, same rows as in-process.

    A plain subprocess rather than multiprocessing: spawn would re-import the caller's main
    script, and fork is unsafe in a process that has a GUI or open databases."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    with subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
    ) as worker:
        assert worker.stdin is not None and worker.stdout is not None
        try:
            pickle.dump(plan, worker.stdin, pickle.HIGHEST_PROTOCOL)
            worker.stdin.close()
            while (item := pickle.load(worker.stdout)) is not None:
                yield item
        except (EOFError, BrokenPipeError):
            raise RuntimeError("the demo's data process stopped (see its error above)") from None
        finally:
            if worker.poll() is None:
                worker.kill()


def generate_demo(
    db: Database,
    contacts: int,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Add `contacts` sample contacts with their companies, phones, e-mails, addresses, tags,
    groups, custom values, activities, history, deals and purchases, and index them.

    `progress(n)` is called with the number of contacts written so far, after each block;
    the last call (n == contacts) comes once the search index is built too."""
    if not 0 < contacts <= MAX_CONTACTS:
        raise ValidationError("contacts", f"must be between 1 and {MAX_CONTACTS:,}")
    counts = dict.fromkeys([*COLUMNS, "indexed"], 0)
    big = contacts >= WORKER_FROM
    with db.engine.connect() as conn, _bulk_settings(conn), conn.begin():
        # A write first: the transaction holds the write lock before it reads what exists
        # (tags, groups, the next ids), so a demo written beside it cannot slip in between.
        numbers = crm_numbers.allocate(conn, contacts)
        look = _lookups(conn)
        plan = Plan(
            seed=seed,
            today=date.today(),
            numbers=numbers,
            next_ids=_next_ids(conn),
            lookups=look,
            companies=max(1, contacts // 8),
            block=BLOCK,
            activity_rate=min(0.3, MAX_ACTIVITIES / contacts),
            deal_rate=0.1,
        )
        drawn = _drawn_in_worker(plan) if big else draw(plan)
        written = 0
        # closing(): after an error the worker is stopped now, not when the traceback goes.
        with closing(drawn), _indexes_deferred(conn, big), search_index.bulk_load(conn):
            for block in drawn:
                for table, rows in block.rows.items():
                    counts[table] += _insert(conn, table, rows, COLUMNS[table])
                search_index.add_documents(conn, block.docs)
                counts["indexed"] += len(block.docs)
                written += len(block.rows.get("contacts", ()))
                if progress is not None and 0 < written < contacts:
                    progress(written)
        _advance_sequences(conn)
    if progress is not None:
        progress(contacts)
    return DemoSummary(
        contacts=counts["contacts"],
        companies=counts["companies"],
        phones=counts["contact_phones"],
        emails=counts["contact_emails"],
        addresses=counts["contact_addresses"],
        tags=len(look.tags),
        tag_links=counts["contact_tags"],
        groups=len(look.groups),
        group_members=counts["group_members"],
        custom_values=counts["custom_values"],
        activities=counts["activities"],
        history_items=counts["history_items"],
        deals=counts["deals"],
        products=len(look.products),
        transactions=counts["transactions"],
        indexed=counts["indexed"],
    )
