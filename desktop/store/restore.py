"""Restore: prove a backup good in a scratch file, and only then put it in the live file's place.

Nothing touches the live database until the backup has been decompressed beside it, matched
against its manifest's SHA-256, passed SQLite's integrity and foreign key checks, shown to be
Rapport's (application id) and of a schema this program knows, with not one table, index,
trigger or view that the migrations of its revision do not make (a recomputed manifest makes
a hostile trigger look like any backup). The swap is then one
os.replace: the live name points at the old file or the new one, never at half of either.

Before the swap the live file is emptied of its write-ahead log (checkpointed and switched out
of WAL mode), which also proves that no other program has it open: SQLite refuses to leave WAL
mode while another connection exists. A stale -wal next to the restored file would otherwise be
replayed onto it and corrupt it. The old file stays reachable under a second name (a hard link
made before the swap); once the new one is in place, that copy is compressed into a backup zip
in the backups folder, where it rolls off like any other, and the result says where.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import sqlite3
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from isal import igzip, isal_zlib

from desktop.errors import RapportError
from desktop.store.backup import (
    DATABASE_NAME,
    Manifest,
    backup_name,
    backups_dir,
    create_backup,
    describe,
    read_manifest,
    table_counts,
    unused,
    usable_path,
)
from desktop.store.database import APPLICATION_ID, SQLITE_MAGIC
from desktop.store.integrity import full_check, refuse_foreign
from desktop.store.schema import known_revisions
from desktop.store.schema_audit import schema_drift
from desktop.store.scratch import reason, scratch_folder
from desktop.store.snapshot import copy_sqlite

SCRATCH_PREFIX = ".rapport-restore-"
_CHUNK = 4 * 1024 * 1024
# A refusal names this many of the objects that differ; more would bury the message.
_NAMED_OBJECTS = 5
# ISA-L's error for a corrupt deflate stream (its stubs do not say it is an exception class).
_INFLATE_ERROR: type[Exception] = isal_zlib.error  # type: ignore[assignment]


class ScratchWriteError(Exception):
    """Writing the scratch copy failed (a full or read-only disk): the place is at fault,
    not the backup."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    manifest: Manifest
    # The database as it was before the restore, or None when there was none.
    previous: Path | None


class _HashingWriter:
    """Hashes and writes chunks on a second thread while the caller decompresses the next one
    (both release the GIL). A write error is kept and raised by finish(); until then chunks
    are still taken, so the decompressing side never blocks on a full queue."""

    def __init__(self, out: BinaryIO) -> None:
        self.digest = hashlib.sha256()
        self._out = out
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    self.digest.update(chunk)
                    self._out.write(chunk)
                except OSError as exc:
                    self._error = exc

    def put(self, chunk: bytes) -> None:
        self._chunks.put(chunk)

    def finish(self) -> None:
        self._chunks.put(None)
        self._thread.join()
        if self._error is not None:
            raise ScratchWriteError(self._error)


def _extract(backup: Path, manifest: Manifest, scratch: Path) -> None:
    size = 0
    try:
        out = scratch.open("wb")
    except OSError as exc:
        raise ScratchWriteError(exc) from exc
    try:
        with (
            out,
            zipfile.ZipFile(backup) as archive,
            archive.open(DATABASE_NAME) as member,
            igzip.GzipFile(fileobj=member) as stream,
        ):
            writer = _HashingWriter(out)
            try:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    # A manifest's size bounds what a hostile archive may expand to.
                    if size > manifest.database_bytes:
                        raise RapportError(f"{backup} holds more data than its manifest says")
                    writer.put(chunk)
            finally:
                writer.finish()
    except (OSError, EOFError, zipfile.BadZipFile, _INFLATE_ERROR) as exc:
        raise RapportError(f"{backup} is damaged and cannot be read: {exc}") from exc
    if size != manifest.database_bytes or writer.digest.hexdigest() != manifest.sha256:
        raise RapportError(f"{backup} is damaged: its checksum does not match its manifest")


def _check_identity(backup: Path, scratch: Path) -> None:
    """Rapport's, of a schema this program knows, and with nothing in that schema that
    Rapport's migrations did not make (a hostile trigger would pass every other check):
    milliseconds, so before the long checks."""
    conn = sqlite3.connect(scratch)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise RapportError(f"{backup} holds a database of another program, not Rapport's")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] not in known_revisions():
            raise RapportError(
                f"{backup} was made by a newer version of Rapport; update Rapport to restore it"
            )
        drift = schema_drift(conn)
        if drift is not None and drift.problems:
            listed = "; ".join(drift.problems[:_NAMED_OBJECTS])
            more = len(drift.problems) - _NAMED_OBJECTS
            raise RapportError(
                f"{backup} is refused: its database's schema is not the one Rapport makes "
                f"({listed}{f'; and {more} more' if more > 0 else ''})"
            )
    finally:
        conn.close()


def _check_scratch(backup: Path, scratch: Path, manifest: Manifest) -> None:
    try:
        _check_identity(backup, scratch)
        found = full_check(f"file:{scratch}", with_search_index=False)
        if found["integrity"]:
            raise RapportError(f"{backup} fails the integrity check: {found['integrity'][0]}")
        if found["foreign keys"]:
            raise RapportError(f"{backup} fails the foreign key check: {found['foreign keys'][0]}")
        conn = sqlite3.connect(scratch, isolation_level=None)
        try:
            if table_counts(conn) != manifest.tables:
                raise RapportError(f"{backup} is damaged: its row counts differ from its manifest")
            # Out of WAL mode, so the file is complete on its own when it takes the live name.
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RapportError(f"{backup} does not hold a usable database: {exc}") from exc


def _plain_copy(backup: Path, scratch: Path) -> Manifest:
    """A plain database file as a backup (the copies kept before an upgrade, a restore or a
    repair): copied consistently into `scratch`, with a manifest made from it."""
    refuse_foreign(backup)
    try:
        copy_sqlite(backup, scratch)
        revision, app_id, tables = describe(scratch)
    except sqlite3.DatabaseError as exc:
        raise RapportError(f"{backup} cannot be read as a database: {exc}") from exc
    if app_id != APPLICATION_ID:
        raise RapportError(f"{backup} holds a database of another program, not Rapport's")
    digest = hashlib.sha256()
    with scratch.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return Manifest(
        created_at=datetime.fromtimestamp(backup.stat().st_mtime, UTC).replace(tzinfo=None),
        schema_revision=revision,
        application_id=app_id,
        tables=tables,
        sha256=digest.hexdigest(),
        database_bytes=scratch.stat().st_size,
        source=str(backup),
    )


def _is_plain_database(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def verify_backup(backup: Path, scratch: Path) -> Manifest:
    """Decompress `backup` (or copy it, for a plain database file) into `scratch` and prove it
    good; RapportError saying why not."""
    if backup.is_file() and _is_plain_database(backup):
        manifest = _plain_copy(backup, scratch)
        if manifest.schema_revision not in known_revisions():
            raise RapportError(
                f"{backup} was made by a newer version of Rapport; update Rapport to restore it"
            )
        _check_scratch(backup, scratch, manifest)
        return manifest
    manifest = read_manifest(backup)
    if manifest.schema_revision not in known_revisions():
        raise RapportError(
            f"{backup} was made by a newer version of Rapport (schema "
            f"{manifest.schema_revision}); update Rapport to restore it"
        )
    _extract(backup, manifest, scratch)
    _check_scratch(backup, scratch, manifest)
    return manifest


def _release_live(live: Path) -> None:
    """Fold the live file's WAL into it and leave WAL mode; fails while anyone has it open."""
    try:
        conn = sqlite3.connect(live, timeout=1, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise RapportError(
                f"{live} is open in another program (Rapport?); close it before restoring"
            ) from exc
        return  # a damaged live file: it is being replaced, its old name keeps it
    if mode.lower() != "delete":
        raise RapportError(f"{live} is open in another program (Rapport?); close it first")


def _keep_previous(live: Path, reason: str) -> Path | None:
    if not live.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    previous = unused(live.with_name(f"{live.stem}-before-{reason}-{stamp}{live.suffix}"))
    try:
        os.link(live, previous)
    except OSError:
        shutil.copy2(live, previous)
    return previous


def replace_live(scratch: Path, live: Path, reason: str) -> Path | None:
    """Put the proven-good database `scratch` (on the same file system) in the place of
    `live` in one rename. Returns where the old file is kept ('<name>-before-<reason>-...'),
    or None when there was none."""
    if live.exists() and live.stat().st_size > 0:
        refuse_foreign(live)
        _release_live(live)
    previous = _keep_previous(live, reason)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    os.replace(scratch, live)
    # Back to WAL for daily use, as every other Rapport connection would set it anyway.
    conn = sqlite3.connect(live, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return previous


def restore_backup(backup: Path, live: Path) -> RestoreResult:
    """Replace the database file `live` with the backup's database, after proving it good.
    The caller must have closed its own connections to `live`."""
    backup = usable_path(backup)
    live = usable_path(live)
    if not live.parent.is_dir():
        raise RapportError(f"{live.parent} does not exist")
    # The scratch file sits beside the live one so that the final os.replace is a rename on
    # the same file system, never a copy that a crash could interrupt.
    with scratch_folder(live.parent, SCRATCH_PREFIX, "restore into") as work:
        scratch = work / "restored.db"
        try:
            manifest = verify_backup(backup, scratch)
            previous = replace_live(scratch, live, "restore")
        except ScratchWriteError as exc:
            raise RapportError(
                f"cannot restore into {live.parent}: {reason(exc.error)}; nothing was changed"
            ) from exc
    return RestoreResult(live, manifest, previous and _compressed(previous, live))


def _compressed(previous: Path, live: Path) -> Path:
    """The database as it was before the restore, moved into a backup zip in the backups
    folder (a third of its size, and rolled off like every other backup). The plain copy goes
    only once the zip is whole; when no zip can be written (a full disk, a damaged file) the
    plain copy stays, and the caller names it."""
    try:
        target = unused(backups_dir() / backup_name(live, "before-restore"))
        kept = create_backup(previous, target, of=live)
    except RapportError:
        return previous
    previous.unlink(missing_ok=True)
    return kept.path
