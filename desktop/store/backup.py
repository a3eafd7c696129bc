"""Backups: a consistent snapshot of a live SQLite database, compressed, with a manifest.

A backup is one .zip holding `manifest.json` and `rapport.db.gz`. The snapshot comes from
SQLite's online backup API (desktop.store.snapshot), so it is consistent while the app keeps
writing. The database is gzip-compressed with ISA-L (zlib's format at five times its speed)
in independent 8 MB members on every core, which keeps a 1.8 GB database within the 15 s
budget; the members concatenate into one ordinary gzip stream that any gzip tool reads. The
zip entry itself is stored, not deflated again. The manifest records when, which schema, how
many rows per table and the SHA-256 of the uncompressed database, which restore verifies
before trusting a byte.

Automatic backups (on close, at most one a day) live in data_dir()/backups beside the ones
taken before an upgrade, an import, a repair or a restore; desktop.store.retention rolls them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from isal import isal_zlib

from desktop.errors import RapportError
from desktop.store.database import APPLICATION_ID, Database, data_dir, default_database_path
from desktop.store.integrity import refuse_foreign
from desktop.store.scratch import reason, scratch_folder
from desktop.store.snapshot import copy_sqlite

FORMAT = "rapport-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "rapport.db.gz"
SUFFIX = ".zip"
_CHUNK = 8 * 1024 * 1024
# ISA-L's level 1: a Rapport database to about a third, at some 600 MB/s a core (zlib: 130).
_LEVEL = 1
_STAMP = "%Y%m%d-%H%M%S"
SCRATCH_PREFIX = ".rapport-backup-"
# The SQLite errors of a place that cannot take the staged copy, as opposed to a bad source.
_NO_ROOM = re.compile(r"full|readonly|read-only|unable to open|disk i/o", re.IGNORECASE)
# What a failed backup before a step means for the step: it was not done.
_NOT_DONE = {"import": "imported", "repair": "repaired", "restore": "restored"}
_NAME = re.compile(r"^.+-(?P<kind>auto|manual|before-[a-z0-9-]+)-\d{8}-\d{6}")


@dataclass(frozen=True)
class Manifest:
    created_at: datetime
    schema_revision: str | None
    application_id: int
    tables: dict[str, int]
    sha256: str
    database_bytes: int
    source: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": self.created_at.isoformat(timespec="seconds") + "Z",
                "schema_revision": self.schema_revision,
                "application_id": self.application_id,
                "tables": self.tables,
                "sha256": self.sha256,
                "database_bytes": self.database_bytes,
                "source": self.source,
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: bytes, label: str) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("not a Rapport backup manifest")
            if int(data["format_version"]) > FORMAT_VERSION:
                raise RapportError(
                    f"{label} was made by a newer version of Rapport; update Rapport to use it"
                )
            return cls(
                created_at=datetime.fromisoformat(str(data["created_at"]).rstrip("Z")),
                schema_revision=data.get("schema_revision"),
                application_id=int(data["application_id"]),
                tables={str(k): int(v) for k, v in dict(data["tables"]).items()},
                sha256=str(data["sha256"]),
                database_bytes=int(data["database_bytes"]),
                source=str(data.get("source", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise RapportError(f"{label} has an unreadable manifest: {exc}") from exc


@dataclass(frozen=True)
class BackupInfo:
    """A backup file on disk and what its manifest says."""

    path: Path
    manifest: Manifest

    @property
    def kind(self) -> str:
        """'auto', 'manual' or 'before-<what>', from the file name; '' for a foreign name."""
        match = _NAME.match(self.path.name)
        return match["kind"] if match else ""

    @property
    def total_rows(self) -> int:
        return sum(self.manifest.tables.values())


def backups_dir() -> Path:
    return data_dir() / "backups"


def file_of(target: str | None) -> Path | None:
    """The SQLite file a --db argument names (the default file when None), or None when it
    names a server by URL."""
    if target is None:
        return default_database_path()
    if "://" in target and not target.startswith("sqlite"):
        return None
    return usable_path(target.removeprefix("sqlite:///"))


def usable_path(text: str | Path) -> Path:
    """An absolute path from what the user typed ('~' expanded), or RapportError saying why
    it cannot be one (an unknown '~user', a name longer than the file system allows)."""
    try:
        path = Path(text).expanduser().resolve()
        path.exists()  # ENAMETOOLONG and the like surface here, not in a later open
    except (RuntimeError, OSError, ValueError) as exc:
        raise RapportError(f"{text} cannot be used as a file name: {exc}") from None
    return path


def database_file(db: Database) -> Path:
    """The file behind an open database; a server database is refused with the reason."""
    if db.path is None:
        raise RapportError(
            "a team database on a server is backed up on the server (pg_dump), not by Rapport"
        )
    return db.path


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table, for the manifest and for restore to compare against it."""
    # FTS5 keeps shadow tables (contact_fts_data, ...); the virtual table's count says enough.
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_fts_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def describe(snapshot: Path) -> tuple[str | None, int, dict[str, int]]:
    """(schema revision, application id, rows per table) of a database file."""
    conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone()
        revision = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            if has_version
            else None
        )
        return revision, app_id, table_counts(conn)
    finally:
        conn.close()


def _read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _gzip_member(chunk: bytes) -> bytes:
    compressor = isal_zlib.compressobj(_LEVEL, isal_zlib.DEFLATED, 31)  # 31: gzip framing
    return compressor.compress(chunk) + compressor.flush()


def compress_file(source: Path, write: Callable[[bytes], object]) -> tuple[str, int]:
    """Gzip `source` through `write` on every core, in order; returns (sha256, size) of
    `source`."""
    digest = hashlib.sha256()
    size = 0
    workers = max(1, os.cpu_count() or 1)
    pending: deque[Future[bytes]] = deque()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk in _read_chunks(source):
            digest.update(chunk)
            size += len(chunk)
            pending.append(pool.submit(_gzip_member, chunk))
            # Bounded: at most two chunks per core in flight, whatever the database's size.
            while len(pending) > 2 * workers:
                write(pending.popleft().result())
        while pending:
            write(pending.popleft().result())
    return digest.hexdigest(), size


def create_backup(
    source: Path, destination: Path, now: datetime | None = None, *, of: Path | None = None
) -> BackupInfo:
    """Write a backup of the database file `source` (which may be open and in use) to
    `destination` (a .zip). Nothing is left behind but the finished file: a failure or a crash
    removes or never names the partial one. `of`: the database the manifest says it is a
    backup of, when `source` is a copy of it (the file kept before a restore)."""
    if not usable_path(source).is_file():
        raise RapportError(f"{source} does not exist")
    refuse_foreign(source)
    destination = usable_path(destination)
    if destination.is_dir():
        raise RapportError(f"{destination} is a folder; give a file name for the backup")
    if destination == source:
        raise RapportError(f"{destination} is the database itself; choose another file")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RapportError(f"cannot write the backup {destination}: {reason(exc)}") from exc
    with ExitStack() as stack:
        snapshot = _staged_snapshot(source, destination, stack)
        try:
            revision, app_id, tables = describe(snapshot)
        except sqlite3.DatabaseError as exc:
            raise RapportError(f"cannot back up {source}: {exc}") from exc
        manifest = Manifest(
            created_at=(now or _utc_now()).replace(microsecond=0),
            schema_revision=revision,
            application_id=app_id,
            tables=tables,
            sha256="",
            database_bytes=0,
            source=str(of or source),
        )
        with scratch_folder(destination.parent, SCRATCH_PREFIX, "write a backup into") as work:
            partial = work / "backup.zip"
            try:
                manifest = _write_zip(snapshot, partial, manifest)
                os.replace(partial, destination)
            except OSError as exc:
                raise RapportError(f"cannot write the backup {destination}: {reason(exc)}") from exc
    return BackupInfo(destination, manifest)


def _write_zip(snapshot: Path, partial: Path, manifest: Manifest) -> Manifest:
    """The zip of the snapshot and its manifest, completed with the snapshot's hash and size."""
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        with archive.open(DATABASE_NAME, "w", force_zip64=True) as entry:
            sha256, size = compress_file(snapshot, entry.write)
        manifest = replace(manifest, sha256=sha256, database_bytes=size)
        archive.writestr(MANIFEST_NAME, manifest.to_json())
    return manifest


def _staged_snapshot(source: Path, destination: Path, stack: ExitStack) -> Path:
    """A consistent copy of `source` in a scratch folder that `stack` removes. Staged beside
    the source first, so that the destination (often a USB stick or a nearly full disk) needs
    room for the compressed zip alone; beside the destination when the source's folder cannot
    take it (read-only media, a full disk there)."""
    failure = ""
    for place in dict.fromkeys((source.parent, destination.parent)):
        attempt = ExitStack()
        try:
            work = attempt.enter_context(scratch_folder(place, SCRATCH_PREFIX, "stage a backup in"))
            snapshot = copy_sqlite(source, work / "snapshot.db")
        except (RapportError, OSError, sqlite3.OperationalError) as exc:
            attempt.close()
            if isinstance(exc, sqlite3.OperationalError) and not _NO_ROOM.search(str(exc)):
                raise RapportError(f"cannot back up {source}: {exc}") from exc
            failure = reason(exc) if isinstance(exc, OSError) else str(exc)
            continue
        except sqlite3.DatabaseError as exc:
            attempt.close()
            raise RapportError(f"cannot back up {source}: {exc}") from exc
        stack.enter_context(attempt)
        return snapshot
    raise RapportError(f"cannot write the backup {destination}: {failure}")


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup file; RapportError when the file is not a Rapport backup."""
    if not usable_path(path).is_file():
        raise RapportError(f"{path} does not exist")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {MANIFEST_NAME, DATABASE_NAME} <= names:
                raise RapportError(f"{path} is not a Rapport backup (no manifest or database)")
            raw = archive.read(MANIFEST_NAME)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RapportError(f"{path} is not a Rapport backup ({exc})") from exc
    manifest = Manifest.from_json(raw, str(path))
    if manifest.application_id != APPLICATION_ID:
        raise RapportError(f"{path} holds a database of another program, not Rapport's")
    return manifest


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def backup_name(source: Path, kind: str, when: datetime | None = None) -> str:
    """`rapport-auto-20250101-120000.zip`: the database's name, why, and when (UTC)."""
    stamp = (when or _utc_now()).strftime(_STAMP)
    return f"{source.stem}-{kind}-{stamp}{SUFFIX}"


def unused(path: Path) -> Path:
    """`path`, or '<stem>-2<suffix>', '-3', ... when it exists: two backups of one kind in
    the same second (two quick restores) must not overwrite each other."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def list_backups(directory: Path | None = None, source: Path | None = None) -> list[BackupInfo]:
    """Backups in `directory` (default data_dir()/backups), newest first; only those of the
    database `source` when given. Files that are not readable backups are left out."""
    folder = directory or backups_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        if _NAME.match(path.name) is None:
            continue
        try:
            info = BackupInfo(path, read_manifest(path))
        except RapportError:
            continue
        if source is None or info.manifest.source == str(source):
            found.append(info)
    return sorted(found, key=lambda info: info.manifest.created_at, reverse=True)


def backup_before(db: Database, reason: str) -> BackupInfo | None:
    """A backup before something risky (an import, a repair); None for a server database."""
    if db.path is None:
        return None
    return backup_file_before(db.path, reason)


def backup_file_before(path: Path, reason: str) -> BackupInfo:
    """A backup of the file `path` before something risky; `reason` becomes part of the file
    name (lower-case words joined by '-'). When it fails, the message says that the risky
    step did not happen either, since its caller stops there."""
    kind = "before-" + re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    try:
        return create_backup(path, unused(backups_dir() / backup_name(path, kind)))
    except RapportError as exc:
        step = reason.split()[0].lower() if reason.strip() else ""
        undone = _NOT_DONE.get(step, "changed")
        raise RapportError(
            f"{exc}. Nothing was {undone}, as no backup could be taken first"
        ) from exc
