"""Which copies of a database Rapport keeps, for how long, and how much room they take.

Rapport leaves copies of a database in several places and shapes: the daily automatic
backups and those taken before an import, a repair or a restore (zips in the backups folder),
the plain copies taken before a schema upgrade (backups folder) and the damaged file a repair
keeps beside the database. Every kind rolls off by one rule: the newest `count` of a kind are
kept (the daily count for automatic backups, another for the others), and none older than
`max_age_days` except the newest of its kind, which is never the one that goes. Backups the
user took by hand (File > Back up) are the user's own and never touched.

The same listing tells an erasure which files may still hold a person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.errors import RapportError
from desktop.store.backup import (
    BackupInfo,
    backup_name,
    backups_dir,
    create_backup,
    list_backups,
)
from desktop.store.database import Database

# '<stem>-before-upgrade-0001-20250101-120000.db', '<stem>-before-restore-20250101-120000.db'
_PLAIN_COPY = re.compile(r"-(?P<kind>before-[a-z]+)-(?:[0-9a-z_]+-)?\d{8}-\d{6}(?:-\d+)?$")


@dataclass(frozen=True)
class Retention:
    #: automatic (daily) backups kept
    daily: int = 7
    #: backups of each other kind kept (before an import, a repair, a restore, an upgrade)
    others: int = 5
    #: no backup older than this is kept, but the newest of each kind
    max_age_days: int = 90


DEFAULT_RULE = Retention()


@dataclass(frozen=True)
class KeptCopy:
    path: Path
    #: 'auto', 'manual', 'before-import', 'before-repair', 'before-restore', 'before-upgrade'
    kind: str
    #: when it was made (UTC)
    created_at: datetime
    size: int


@dataclass(frozen=True)
class Usage:
    """What the kept copies of a database take."""

    files: int
    bytes: int
    #: bytes per kind
    by_kind: dict[str, int]


def _family(kind: str) -> str:
    """'before-import-of-fair-xlsx' rolls with 'before-import': the first two words."""
    return "-".join(kind.split("-")[:2]) if kind.startswith("before-") else kind


def _plain_copy(path: Path) -> KeptCopy | None:
    match = _PLAIN_COPY.search(path.stem)
    if match is None:
        return None
    stat = path.stat()
    made = datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None)
    return KeptCopy(path, match["kind"], made, stat.st_size)


def kept_copies(database: Path) -> list[KeptCopy]:
    """Every copy Rapport keeps of the database file `database`, newest first."""
    found = [
        KeptCopy(info.path, _family(info.kind), info.manifest.created_at, info.path.stat().st_size)
        for info in list_backups(backups_dir(), database)
    ]
    candidates = [
        *backups_dir().glob(f"{database.stem}-before-*.db"),
        *database.parent.glob(f"{database.stem}-before-*{database.suffix}"),
    ]
    for path in dict.fromkeys(candidates):
        try:
            copy = _plain_copy(path)
        except OSError:
            continue
        if copy is not None and path != database:
            found.append(copy)
    return sorted(found, key=lambda copy: copy.created_at, reverse=True)


def to_prune(copies: list[KeptCopy], rule: Retention, now: datetime) -> list[KeptCopy]:
    """The copies `rule` lets go of (the input newest first, as kept_copies gives it)."""
    oldest = now - timedelta(days=rule.max_age_days)
    by_kind: dict[str, list[KeptCopy]] = defaultdict(list)
    for copy in copies:
        if copy.kind != "manual":
            by_kind[copy.kind].append(copy)
    going = []
    for kind, newest_first in by_kind.items():
        keep = max(1, rule.daily if kind == "auto" else rule.others)
        for index, copy in enumerate(newest_first):
            if index >= keep or (index > 0 and copy.created_at < oldest):
                going.append(copy)
    return going


def prune(database: Path, rule: Retention, now: datetime | None = None) -> list[KeptCopy]:
    """Delete the copies of `database` that `rule` lets go of; returns those deleted (a file
    that cannot be deleted is left and not listed)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    deleted = []
    for copy in to_prune(kept_copies(database), rule, now):
        try:
            copy.path.unlink(missing_ok=True)
        except OSError:
            continue
        deleted.append(copy)
    return deleted


def usage(database: Path) -> Usage:
    """How many copies of `database` are kept and how much room they take."""
    by_kind: dict[str, int] = defaultdict(int)
    copies = kept_copies(database)
    for copy in copies:
        by_kind[copy.kind] += copy.size
    return Usage(len(copies), sum(by_kind.values()), dict(by_kind))


def copies_made_since(database: Path, since: datetime) -> tuple[Path, ...]:
    """The kept copies of `database` made at or after `since` (UTC, to the second: backup
    times are), oldest first."""
    since = since.replace(microsecond=0)
    try:
        copies = kept_copies(database)
    except (OSError, RapportError):
        return ()
    return tuple(sorted(copy.path for copy in copies if copy.created_at >= since))


def automatic_backup(
    db: Database, rule: Retention = DEFAULT_RULE, now: datetime | None = None
) -> BackupInfo | None:
    """The rolling backup taken on close: at most one a day; then every kind of copy is
    rolled by `rule` (on every close: imports and restores add copies any day). Returns the
    new backup, or None when there was one today already or the database is read-only or on
    a server."""
    if db.path is None or db.readonly:
        return None
    now = now or datetime.now(UTC).replace(tzinfo=None)
    automatic = [info for info in list_backups(backups_dir(), db.path) if info.kind == "auto"]
    created = None
    if not automatic or automatic[0].manifest.created_at.date() < now.date():
        created = create_backup(db.path, backups_dir() / backup_name(db.path, "auto", now), now)
    prune(db.path, rule, now)
    return created
