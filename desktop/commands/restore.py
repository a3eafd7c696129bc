"""`rapport restore --db PATH BACKUP`: replace the database with a backup, once it is proven
good; a bad or foreign backup is refused and the database left as it was."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.errors import RapportError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (checked first)",
        description="Check a backup (checksum, integrity, foreign keys, schema version) in a "
        "scratch file, then put it in place of the database in one step. The database as it "
        "was is kept beside it.",
    )
    parser.add_argument("backup", metavar="BACKUP", help="backup file (.zip from rapport backup)")
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.store.backup import file_of
    from desktop.store.restore import restore_backup

    live = file_of(getattr(args, "db", None))
    if live is None:
        raise RapportError(
            "a team database on a server is restored on the server (pg_restore), not by Rapport"
        )
    result = restore_backup(Path(args.backup), live)
    manifest = result.manifest
    print(
        f"restored {result.database} from the backup of "
        f"{manifest.created_at:%Y-%m-%d %H:%M} UTC "
        f"({manifest.tables.get('contacts', 0):,} contacts, schema {manifest.schema_revision})"
    )
    if result.previous is not None:
        print(f"the database as it was is kept as {result.previous}")
    return 0
