"""`python -m benchmarks exchange`: importing a 100,000-row, 12-column workbook into the
1,000,000-contact demo database, and exporting it again; then a 300,000-row CSV of the same
columns into a fresh copy of the demo database.

Prints import_100k_s (end to end: read, map, check, match duplicates against the million
contacts, write, search index) beside raw_read_100k_s (python-calamine reading the same file
and nothing else), import_rss_mb (peak resident memory of the importing process), and
export_100k_s beside raw_select_100k_s (a bare sqlite3 query of the same contacts with their
phones and e-mails). The import runs in a subprocess on a copy of the demo database, so the
shared file is never written and memory is the import's own. tidy_after_import_s is the index
upkeep the import leaves to the background (merging its segments, the WAL checkpoint), timed
apart after it. import_csv_300k_s (with import_csv_rss_mb and import_csv_cpu_s) is the CSV
import, end to end, beside raw_read_csv_300k_s (the csv module reading the file and nothing
else): a text file is read a row at a time, so its cost must grow with its rows alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import DATA, demo_database

COLUMNS = (
    "First name",
    "Last name",
    "Company",
    "Job title",
    "E-mail",
    "Mobile",
    "Business Phone",
    "Street",
    "City",
    "Postal code",
    "Country",
    "Notes",
)
_FIRST = (
    "Anna",
    "Bernd",
    "Clara",
    "Dirk",
    "Eva",
    "Felix",
    "Greta",
    "Hans",
    "Ines",
    "Jonas",
    "伟",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
)
_LAST = (
    "Keller",
    "Lorenz",
    "Möller",
    "Nowak",
    "Otto",
    "Peters",
    "Quast",
    "Richter",
    "Sommer",
    "Thiel",
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
)
_CITIES = (
    ("Berlin", "10115"),
    ("Hamburg", "20095"),
    ("München", "80331"),
    ("Köln", "50667"),
    ("上海", "200000"),
    ("北京", "100000"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the workbook")
    parser.add_argument(
        "--contacts",
        type=int,
        default=1_000_000,
        help="contacts in the demo database imported into",
    )
    parser.add_argument(
        "--csv-rows", type=int, default=300_000, help="rows in the CSV file (0: no CSV import)"
    )


def _rows(count: int, known: list[str]) -> Iterator[list[object]]:
    """Fair leads, each a different person; every 20th row is an e-mail the demo database
    already has, so 5% of the rows update a stored contact."""
    rng = random.Random(6)
    for i in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        city, postal = rng.choice(_CITIES)
        email = known[i // 20] if i % 20 == 0 and i // 20 < len(known) else f"lead{i}@fair-leads.de"
        yield [
            first,
            last,
            f"Firma {i}",
            rng.choice(("Einkauf", "CEO", "")),
            email,
            f"+49 17{i % 10} {3000000 + i}",
            f"030 {4000000 + i}",
            f"Hauptstraße {i % 200 + 1}",
            city,
            postal,
            "Deutschland",
            "met at the fair" if i % 3 else "",
        ]


def workbook(rows: int, demo: Path) -> Path:
    from desktop.exchange.export_rows import Column
    from desktop.exchange.xlsx_export import write_xlsx

    path = DATA / f"exchange-{rows}.xlsx"
    if not path.exists():
        partial = path.with_suffix(".partial.xlsx")
        rows_out = _rows(rows, _known_emails(demo, rows // 20))
        write_xlsx(partial, [Column(c) for c in COLUMNS], rows_out, "Leads")
        partial.rename(path)
    return path


def csv_file(rows: int, demo: Path) -> Path:
    """The same leads as a UTF-8 CSV file, as Excel or a CRM writes one."""
    path = DATA / f"exchange-{rows}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial.csv")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(_rows(rows, _known_emails(demo, rows // 20)))
        partial.rename(path)
    return path


def _known_emails(demo: Path, count: int) -> list[str]:
    with sqlite3.connect(f"file:{demo}?mode=ro", uri=True) as conn:
        query = "SELECT address FROM contact_emails ORDER BY id LIMIT ?"
        return [r[0] for r in conn.execute(query, (count,))]


_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from desktop.store.database import open_database
from desktop.exchange.importer import run_import
from desktop.exchange.plan import plan_import
from desktop.exchange.exporter import export_contacts
from desktop.exchange.export_rows import Selection
from desktop.exchange.undo import imported_contact_ids
from desktop.store.backup import backup_before
db = open_database(Path(sys.argv[1]))
start = time.perf_counter()
backup_before(db, "import")
backup = time.perf_counter() - start
os.sync()  # measured apart: its 700 MB written out now, not during the import
start = time.perf_counter()
result = run_import(db, plan_import(Path(sys.argv[2])), backup_first=False)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
from desktop.store.search_index import tidy
start = time.perf_counter()
tidy(db)
tidied = time.perf_counter() - start
rss = usage.ru_maxrss / 1024
cpu = usage.ru_utime + usage.ru_stime
ids = imported_contact_ids(db, result.batch_id)
start = time.perf_counter()
written = export_contacts(db, "xlsx", Path(sys.argv[3]), Selection(contact_ids=ids))
export = time.perf_counter() - start
print(json.dumps({"import": elapsed, "tidy": tidied, "backup": backup, "rss": rss, "cpu": cpu,
                  "export": export, "written": written, "counts": result.counts(),
                  "first": ids[0], "last": ids[-1]}))
"""


_CSV_CHILD = """
import json, resource, sys, time
from pathlib import Path
from desktop.store.database import open_database
from desktop.exchange.importer import run_import
from desktop.exchange.plan import plan_import
db = open_database(Path(sys.argv[1]))
start = time.perf_counter()
result = run_import(db, plan_import(Path(sys.argv[2])), backup_first=False)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"import": elapsed, "rss": usage.ru_maxrss / 1024,
                  "cpu": usage.ru_utime + usage.ru_stime, "counts": result.counts()}))
"""


def _fresh_copy(demo: Path) -> Path:
    target = DATA / "exchange-import.db"
    _remove(target)
    shutil.copyfile(demo, target)
    os.sync()  # the copy's 2 GB written out now, not by the kernel during the import
    return target


def _remove(target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _csv_import(demo: Path, rows: int) -> Iterator[tuple[str, float, str]]:
    source = csv_file(rows, demo)
    start = time.perf_counter()
    with source.open(encoding="utf-8", newline="") as handle:
        for _row in csv.reader(handle):
            pass
    yield "raw_read_csv_300k_s", time.perf_counter() - start, "s"
    target = _fresh_copy(demo)
    done = subprocess.run(
        [sys.executable, "-c", _CSV_CHILD, str(target), str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"# {figures['counts']}", file=sys.stderr)
    yield "import_csv_300k_s", figures["import"], "s"
    yield "import_csv_cpu_s", figures["cpu"], "s"
    yield "import_csv_rss_mb", figures["rss"], "MB"
    _remove(target)


def _raw_select(db: Path, first: int, last: int) -> float:
    start = time.perf_counter()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for sql in (
            "SELECT * FROM contacts WHERE id BETWEEN ? AND ?",
            "SELECT * FROM contact_phones WHERE contact_id BETWEEN ? AND ?",
            "SELECT * FROM contact_emails WHERE contact_id BETWEEN ? AND ?",
            "SELECT * FROM contact_addresses WHERE contact_id BETWEEN ? AND ?",
        ):
            conn.execute(sql, (first, last)).fetchall()
    return time.perf_counter() - start


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    demo = Path(args.db) if args.db else demo_database(args.contacts)
    source = workbook(args.rows, demo)
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python()
    yield "raw_read_100k_s", time.perf_counter() - start, "s"

    target = _fresh_copy(demo)
    out = DATA / "exchange-export.xlsx"
    # The backup taken before the import goes to a scratch data folder, not the user's own
    # (680 MB a run at a million contacts).
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as scratch:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(target), str(source), str(out)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "RAPPORT_DATA_DIR": scratch},
        )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"# {figures['counts']}", file=sys.stderr)
    yield "import_100k_s", figures["import"], "s"
    # what the import leaves to do in the background: merging the index segments it wrote
    # and checkpointing the WAL (search_index.tidy; the window runs it after every import)
    yield "tidy_after_import_s", figures["tidy"], "s"
    # the backup every import takes first, of the whole 1M database (issue 8), apart
    yield "backup_before_import_s", figures["backup"], "s"
    # CPU seconds of the importing process (start-up included): what the import costs when
    # the machine is shared and the wall-clock figure waits for a core.
    yield "import_cpu_s", figures["cpu"], "s"
    yield "import_rss_mb", figures["rss"], "MB"
    yield "raw_select_100k_s", _raw_select(target, figures["first"], figures["last"]), "s"
    yield "export_100k_s", figures["export"], "s"
    _remove(target)
    if args.csv_rows:
        yield from _csv_import(demo, args.csv_rows)
    # a 100,000-event calendar into the same demo (benchmarks/ics_import.py)
    from benchmarks import ics_import

    yield from ics_import.run(demo)
