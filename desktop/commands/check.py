"""`rapport check --db PATH [--repair]`: is the database whole, and if not, mend what can be.

Exit status 0 when the database is healthy (after the repair, if asked for), 1 when problems
remain, 2 when the file cannot be checked at all (missing, not a database).
"""

from __future__ import annotations

import argparse

from desktop.errors import RapportError


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check",
        help="check the database's integrity, foreign keys and search index",
        description="Run quick and full integrity checks, foreign key checks and a search "
        "index check, and print what was found. --repair takes a backup first, then rebuilds "
        "the search index and the table indexes.",
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help="back up, then rebuild the search index and the table indexes",
    )
    parser.add_argument(
        "--quick", action="store_true", help="only the quick check (seconds on a large file)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.store.backup import file_of
    from desktop.store.integrity import check_file, check_server

    target = getattr(args, "db", None)
    path = file_of(target)
    if path is None:
        from desktop.store.database import open_database

        db = open_database(target, create=False)
        try:
            if args.repair:
                from desktop.store.repair import repair_database

                report = repair_database(db)
            else:
                with db.transaction() as conn:
                    report = check_server(conn, db.label)
        finally:
            db.close()
    else:
        if not path.is_file():
            raise RapportError(f"{path} does not exist")
        if args.repair:
            from desktop.store.repair import repair_file

            report = repair_file(path)
        else:
            report = check_file(path, full=not args.quick)
    for line in report.summary_lines():
        print(line)
    return 0 if report.ok else 1
