"""Running an import: read, check, match duplicates, write, index; all in one transaction.

A cancel, a bad file found halfway, or a crash leaves the database as it was, because nothing
commits until the last row is written and the search index updated. Rows are handled a chunk
at a time, so memory stays flat whatever the file's size. The batch and every change are
recorded (import_batches, import_changes) so that `undo_import` can take it all back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, update

from desktop.errors import RapportError
from desktop.exchange.bulk import cycle_collector_paused
from desktop.exchange.contact_updates import Merge, apply_merges, load_contacts
from desktop.exchange.contact_writer import Writer
from desktop.exchange.crm_keep import other_person
from desktop.exchange.duplicates import (
    CreatedRows,
    DuplicateRow,
    FileMatcher,
    Found,
    duplicate_rows,
    find_in_database,
)
from desktop.exchange.merge import MergeDiff, merge_into
from desktop.exchange.plan import BadRows, ImportOptions, ImportPlan, OnDuplicate
from desktop.exchange.plan import contact_custom_fields as _custom_types
from desktop.exchange.prepared import prepared_chunks
from desktop.exchange.sources import forget_parsed
from desktop.exchange.validation import WARNING_TAG, CheckedRecord
from desktop.exchange.vcard_reader import losses
from desktop.store import search_index
from desktop.store.backup import backup_before
from desktop.store.database import Database
from desktop.store.entities import ImportBatch, utcnow

CHUNK = 2_000
#: rows from which the search index is loaded in bulk (search_index.bulk_load)
BULK_INDEX = 20_000
CACHE_KIB = 160_000
MAX_REASONS = 200
Progress = Callable[[int, int], None]


def counted(number: int, thing: str) -> str:
    """'1 contact', '2 contacts', '2 activities': summaries are read by people."""
    if number == 1:
        return f"{number} {thing}"
    return f"{number} {thing[:-1]}ies" if thing.endswith("y") else f"{number} {thing}s"


class ImportCancelled(RapportError):
    """The user cancelled; the transaction was rolled back."""


@dataclass
class ImportResult:
    file_name: str
    batch_id: int | None = None
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    #: rows imported although they had problems (tagged 'Import warning')
    with_warnings: int = 0
    duplicates_in_database: int = 0
    duplicates_in_file: int = 0
    #: the first problems and rejections, each naming row and column
    reasons: list[str] = field(default_factory=list)
    problem_count: int = 0
    #: the backup taken before anything was written (None: a server database, or not asked)
    backup: Path | None = None
    #: what was not kept as the file had it, one line each naming where: bytes the reader
    #: dropped (Table.notes), a CRM number that was taken, a vCard's photos and unreadable lines
    notices: list[str] = field(default_factory=list)
    #: what happened to the duplicates ('skip', 'update', 'overwrite', 'add')
    on_duplicate: str = OnDuplicate.UPDATE.value
    #: every row that repeated a stored contact or an earlier row, in file order
    duplicates: list[DuplicateRow] = field(default_factory=list)
    #: headers of the file's columns the mapping left out
    ignored_columns: list[str] = field(default_factory=list)
    #: for a text file, the character set it was read in ('Shift_JIS')
    encoding: str = ""

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "with_warnings": self.with_warnings,
            "duplicates_in_database": self.duplicates_in_database,
            "duplicates_in_file": self.duplicates_in_file,
        }

    def summary(self) -> str:
        lines = [
            f"{self.file_name}: read {self.read}, created {self.created}, updated "
            f"{self.updated}, unchanged {self.unchanged}, skipped {self.skipped}, rejected "
            f"{self.rejected}",
            f"duplicates: {self.duplicates_in_database} of contacts already stored, "
            f"{self.duplicates_in_file} of earlier rows in the file",
        ]
        if self.encoding:
            lines.append(f"read as {self.encoding} text")
        if self.ignored_columns:
            lines.append(
                "columns not imported (mapped to nothing): " + ", ".join(self.ignored_columns)
            )
        if self.with_warnings:
            lines.append(
                f"{counted(self.with_warnings, 'row')} imported with warnings (tagged "
                f"'{WARNING_TAG}', the text kept as it was)"
            )
        lines += [f"  {reason}" for reason in self.reasons[:20]]
        if self.notices:
            lines.append("not kept as in the file:")
            lines += [f"  {notice}" for notice in self.notices]
        if self.problem_count > 20:
            lines.append(f"  ... and {self.problem_count - 20} more problems")
        if self.duplicates:
            lines.append(f"{counted(len(self.duplicates), 'duplicate row')}:")
            lines += [f"  {duplicate_line(d, self.on_duplicate)}" for d in self.duplicates]
        if self.backup is not None:
            lines.append(f"backup taken before the import: {self.backup}")
        return "\n".join(lines)

    def note(self, reason: str) -> None:
        self.problem_count += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(reason)


_DUPLICATE_VERBS = {
    OnDuplicate.SKIP.value: "skipped, it repeats",
    OnDuplicate.ADD.value: "added anyway although it repeats",
}


def duplicate_line(duplicate: DuplicateRow, on_duplicate: str) -> str:
    """'row 7 merged into row 3 (same phone +49 30 1234567)'."""
    verb = _DUPLICATE_VERBS.get(on_duplicate, "merged into")
    return f"row {duplicate.row} {verb} {duplicate.into} ({duplicate.reason})"


def run_import(
    db: Database,
    plan: ImportPlan,
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    backup_first: bool = True,
) -> ImportResult:
    """Import the plan's file: one transaction, recorded as a batch that can be undone, after
    a backup of the database (issue 8: an import is the riskiest thing a user does to it; the
    undo covers the import itself, the backup everything else, such as a crash of the disk)."""
    if db.readonly:
        raise RapportError(f"{db.label} is open read-only; nothing can be imported")
    options = options or ImportOptions()
    result = ImportResult(
        plan.path.name,
        on_duplicate=str(options.on_duplicate),
        ignored_columns=plan.ignored_columns(),
        encoding=plan.encoding_name(),
        notices=plan.table.notes() if plan.table is not None else [],
    )
    if backup_first:
        taken = backup_before(db, "import")
        result.backup = taken.path if taken is not None else None
    total = plan.estimate()
    with db.engine.connect() as conn, _bulk_pragmas(conn):
        with conn.begin(), _big_cache(conn):
            _run(conn, db, plan, options, result, total, progress, cancelled)
    forget_parsed()
    return result


@contextmanager
def _bulk_pragmas(conn: Connection) -> Iterator[None]:
    """SQLite settings of the import's connection, outside its transaction (where SQLite
    ignores them), put back after it.

    No WAL checkpoint at the commit: copying the import's pages into the database file (some
    200 MB at 100,000 contacts) is left to search_index.tidy, which follows every import in
    the background. The data is committed and safe in the WAL either way.

    No foreign key checks: every id the import writes in a reference it reserved itself or
    read in the same transaction, which holds the write lock from its first statement, so no
    check can fail; SQLite would look up the parent of each of some 700,000 rows at 100,000
    contacts (a third of a second). `rapport check` still checks every reference."""
    if conn.dialect.name != "sqlite":
        yield
        return
    # on the driver's connection: through SQLAlchemy a PRAGMA would begin its transaction
    raw: Any = conn.connection.dbapi_connection
    before = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        restored = False
        try:
            if raw.in_transaction:  # a COMMIT SQLite refused leaves it open; PRAGMAs wait for none
                raw.rollback()
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            restored = raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        except sqlite3.Error:
            pass  # the import's own error is the one to report
        if not restored:
            conn.invalidate()  # closed, never handed out again without its checks


@contextmanager
def _big_cache(conn: Connection) -> Iterator[None]:
    """A bigger page cache for this connection while it imports: the rows go into a dozen
    indexes of a database that may hold a million contacts, and SQLite's default 2 MB cache
    would read the same index pages from disk over and over."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def _run(
    conn: Connection,
    db: Database,
    plan: ImportPlan,
    options: ImportOptions,
    result: ImportResult,
    total: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    custom_types = _custom_types(db)
    region = plan.region(options)
    now = utcnow()
    batch_id = conn.execute(
        insert(ImportBatch).returning(ImportBatch.id),
        {"file_name": str(plan.path), "counts": "{}", "created_at": now, "updated_at": now},
    ).scalar_one()
    result.batch_id = batch_id
    # the new contacts take ids above every stored one (bulk.reserve_ids)
    search_index.drop_documents_above_contacts(conn)
    writer = Writer(conn, batch_id, plan.path.name, "card" if plan.is_vcard else "row")
    matcher = FileMatcher()
    created = CreatedRows()
    # closed explicitly: a cancel or an error must stop the worker process at once
    with (
        closing(prepared_chunks(plan, region, custom_types, CHUNK)) as chunks,
        search_index.bulk_load(conn) if total >= BULK_INDEX else nullcontext(),
        cycle_collector_paused(),
    ):
        for records in chunks:
            if cancelled is not None and cancelled():
                raise ImportCancelled(f"import of {plan.path.name} cancelled; nothing was changed")
            _import_chunk(conn, writer, matcher, created, records, options, result)
            # the new contacts' documents, built by the writer from the records it wrote
            search_index.add_documents(conn, writer.documents)
            writer.documents = []
            if progress is not None:
                progress(result.read, max(total, result.read))
        if cancelled is not None and cancelled():
            raise ImportCancelled(f"import of {plan.path.name} cancelled; nothing was changed")
        # stored contacts the import changed, and new ones a later row merged into
        search_index.reindex_contacts(conn, writer.updated_ids)
    result.notices += writer.crm.notes
    if plan.is_vcard:
        result.notices += losses(plan.path)
    conn.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(counts=json.dumps(result.counts()), finished_at=utcnow())
    )
    if not (result.created or result.updated):
        raise RapportError(_nothing_imported(plan.path.name, result))


def _nothing_imported(name: str, result: ImportResult) -> str:
    if result.read == 0:
        return f"{name} has no contacts to import"
    why = f" (first: {result.reasons[0]})" if result.reasons else ""
    return (
        f"nothing imported from {name}: {result.read} read, {result.skipped} skipped as "
        f"duplicates, {result.unchanged} unchanged, {result.rejected} rejected{why}"
    )


def _import_chunk(
    conn: Connection,
    writer: Writer,
    matcher: FileMatcher,
    created: CreatedRows,
    records: list[CheckedRecord],
    options: ImportOptions,
    result: ImportResult,
) -> None:
    result.read += len(records)
    accepted: list[CheckedRecord] = []
    for record in records:
        if record.fatal:
            result.rejected += 1
            result.note(record.fatal)
        elif record.problems and options.bad_rows == BadRows.SKIP:
            result.rejected += 1
            result.note("; ".join(str(p) for p in record.problems) + " (row skipped)")
        else:
            if record.problems:
                result.with_warnings += 1
                for problem in record.problems:
                    result.note(str(problem))
                if WARNING_TAG not in record.tags:
                    record.tags.append(WARNING_TAG)
            accepted.append(record)
    in_database = writer.crm.match_stored(conn, accepted, find_in_database(conn, accepted))
    new: list[CheckedRecord] = []
    updates: dict[int, list[CheckedRecord]] = {}
    overwrite = options.on_duplicate == OnDuplicate.OVERWRITE
    found: list[Found] = []
    for record, existing in zip(accepted, in_database, strict=True):
        earlier = matcher.find(record)
        # rows carrying different CRM numbers are two people (a round trip of an export)
        if earlier is not None and other_person(record, new[earlier.target]):
            earlier = None
        if (
            existing is not None
            and existing.target in writer.created_ids
            and other_person(record, writer.crm.asked.get(existing.target, ""))
        ):
            existing = None
        if earlier is None and existing is None:
            matcher.add(record, len(new))
            new.append(record)
            continue
        if earlier is not None:
            result.duplicates_in_file += 1
            found.append((record, new[earlier.target].row, 0, earlier.key))
        else:
            assert existing is not None
            stored = existing.target
            row = created.row_of(stored) if stored in writer.created_ids else None
            if stored in writer.created_ids:
                result.duplicates_in_file += 1
            else:
                result.duplicates_in_database += 1
            found.append((record, row, stored, existing.key))
        if options.on_duplicate == OnDuplicate.SKIP:
            result.skipped += 1
        elif options.on_duplicate == OnDuplicate.ADD:
            new.append(record)
        elif earlier is not None:
            if merge_into(new[earlier.target], record, overwrite):
                new[earlier.target].prepared = None  # built before the merge
                result.updated += 1
            else:
                result.unchanged += 1
        else:
            assert existing is not None
            updates.setdefault(existing.target, []).append(record)
    result.duplicates += duplicate_rows(conn, found)
    created.add(writer.create(new), [r.row for r in new])
    result.created += len(new)
    matcher.clear()
    _update(writer, updates, overwrite, result)


def _update(
    writer: Writer,
    updates: dict[int, list[CheckedRecord]],
    overwrite: bool,
    result: ImportResult,
) -> None:
    current = load_contacts(writer.conn, list(updates))
    merges: list[Merge] = []
    for contact_id, incoming in updates.items():
        target = current[contact_id]
        counts = (len(target.phones), len(target.emails), len(target.addresses))
        total = MergeDiff()
        for record in incoming:
            diff = merge_into(target, record, overwrite)
            if not diff:
                result.unchanged += 1
                continue
            result.updated += 1
            for name, value in diff.before.items():
                total.before.setdefault(name, value)
            for name, value in diff.custom_before.items():
                total.custom_before.setdefault(name, value)
            total.phones += diff.phones
            total.emails += diff.emails
            total.addresses += diff.addresses
            total.tags += diff.tags
            total.groups += diff.groups
        if total:
            merges.append(Merge(contact_id, target, total, counts))
    apply_merges(writer, merges)
