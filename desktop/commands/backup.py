"""`rapport backup --db PATH OUT`: a consistent, compressed backup, even while Rapport runs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop.errors import RapportError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "backup",
        help="write a compressed backup of the database (safe while it is in use)",
        description="Write a consistent copy of the database, compressed, with a manifest "
        "(time, schema version, row counts, checksum) into one .zip file.",
    )
    parser.add_argument(
        "out",
        metavar="OUT",
        help="backup file to write (.zip), or a folder to write it into under a dated name",
    )
    return parser


def backup_target(typed: str, source: Path) -> Path:
    """The backup file OUT names: inside it under a dated name when it is a folder ('.',
    '..', 'backups/'), else the file itself, '.zip' added when missing. A name ending in a
    separator that is no folder is refused rather than made into a file."""
    from desktop.store.backup import backup_name, usable_path

    out = usable_path(typed)
    if out.is_dir():
        return out / backup_name(source, "manual")
    if typed.endswith(("/", os.sep)):
        raise RapportError(f"{typed} is not a folder; create it first or give a file name")
    return out if out.suffix.lower() == ".zip" else out.with_name(out.name + ".zip")


def run(args: argparse.Namespace) -> int:
    from desktop.store.backup import create_backup, file_of

    source = file_of(getattr(args, "db", None))
    if source is None:
        raise RapportError(
            "a team database on a server is backed up on the server (pg_dump), not by Rapport"
        )
    info = create_backup(source, backup_target(args.out, source))
    manifest = info.manifest
    size_mb = info.path.stat().st_size / 1e6
    print(
        f"backed up {source} to {info.path} ({size_mb:.1f} MB, "
        f"{manifest.tables.get('contacts', 0):,} contacts, {info.total_rows:,} rows, "
        f"schema {manifest.schema_revision})"
    )
    return 0
