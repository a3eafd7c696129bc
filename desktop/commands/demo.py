"""`rapport demo --db PATH --contacts N [--seed S] [--force]`: a database to try Rapport on.

A database that already holds contacts is refused unless --force is given (then the demo
contacts are added to it): a mistyped path must not pour sample data into someone's real
customers. A new file that the demo could not fill is removed again, so a failure or Ctrl+C
leaves nothing behind.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.arguments import positive_int
from desktop.errors import RapportError

if TYPE_CHECKING:
    from desktop.store.database import Database


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "demo",
        help="create a database filled with sample contacts",
        description="Fill a database with believable sample data: Western and Chinese "
        "contacts with companies, phones, e-mails, addresses, tags, groups, activities, "
        "history, deals and purchases. The same --seed gives the same data.",
    )
    parser.add_argument(
        "--contacts", type=positive_int, default=1000, help="how many contacts (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--force", action="store_true", help="add the sample data even if the database has contacts"
    )
    return parser


def _contact_count(db: Database) -> int:
    from sqlalchemy import text

    with db.transaction() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM contacts")).scalar_one())


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _progress_printer(total: int) -> Callable[[int], None] | None:
    """Progress on stderr, only for a person watching a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r  {done:,} of {total:,} contacts", end=end, file=sys.stderr, flush=True)

    return show


def run(args: argparse.Namespace) -> int:
    from desktop.services.demo import MAX_CONTACTS, generate_demo
    from desktop.store import search_index
    from desktop.store.database import default_database_path, open_database

    if args.contacts > MAX_CONTACTS:
        raise RapportError(f"--contacts: at most {MAX_CONTACTS:,}")
    target = getattr(args, "db", None)
    new_file: Path | None = None
    if target is None or "://" not in str(target):
        path = Path(target).expanduser().resolve() if target else default_database_path()
        if not path.exists() or path.stat().st_size == 0:
            new_file = path
    started = time.perf_counter()
    db = open_database(target)
    try:
        if not args.force and _contact_count(db):
            raise RapportError(
                f"{db.label} already has contacts; use --force to add the demo contacts anyway"
            )
        summary = generate_demo(db, args.contacts, args.seed, _progress_printer(args.contacts))
        search_index.tidy(db)  # merge what the demo loaded (search_index.bulk_load)
    except BaseException:
        db.close()
        if new_file is not None:
            _remove_database(new_file)
        raise
    db.close()
    elapsed = time.perf_counter() - started
    print(f"Demo data in {db.label} (seed {args.seed}), {elapsed:.1f} s:")
    for line in summary.lines():
        print(f"  {line}")
    return 0
