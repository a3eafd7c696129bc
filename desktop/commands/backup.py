"""`rapport backup --db PATH OUT`: a consistent, compressed backup, even while Rapport runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.errors import RapportError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "backup",
        help="write a compressed backup of the database (safe while it is in use)",
        description="Write a consistent copy of the database, compressed, with a manifest "
        "(time, schema version, row counts, checksum) into one .zip file.",
    )
    parser.add_argument("out", metavar="OUT", help="backup file to write (.zip)")
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.store.backup import create_backup, file_of

    source = file_of(getattr(args, "db", None))
    if source is None:
        raise RapportError(
            "a team database on a server is backed up on the server (pg_dump), not by Rapport"
        )
    out = Path(args.out)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    info = create_backup(source, out)
    manifest = info.manifest
    size_mb = info.path.stat().st_size / 1e6
    print(
        f"backed up {source} to {info.path} ({size_mb:.1f} MB, "
        f"{manifest.tables.get('contacts', 0):,} contacts, {info.total_rows:,} rows, "
        f"schema {manifest.schema_revision})"
    )
    return 0
