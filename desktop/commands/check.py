"""`rapport check --db PATH`: is the database whole?

Exit status 0 when the database is healthy, 1 when problems were found, 2 when the file cannot
be checked at all (missing, not a database).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.errors import RapportError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check",
        help="check the database's integrity, foreign keys and search index",
        description="Run quick and full integrity checks, foreign key checks and a search "
        "index check, and print what was found.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="only the quick check (seconds on a large file)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.store.database import default_database_path, open_database
    from desktop.store.integrity import check_file, check_server

    target = getattr(args, "db", None)
    if target and "://" in target and not target.startswith("sqlite"):
        db = open_database(target, create=False)
        try:
            with db.transaction() as conn:
                report = check_server(conn, db.label)
        finally:
            db.close()
    else:
        path = Path(target.removeprefix("sqlite:///")) if target else default_database_path()
        path = path.expanduser().resolve()
        if not path.is_file():
            raise RapportError(f"{path} does not exist")
        report = check_file(path, full=not args.quick)
    for line in report.summary_lines():
        print(line)
    return 0 if report.ok else 1
