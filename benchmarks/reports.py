"""`python -m benchmarks reports`: a customer sheet, and batches of 250 and 1,000 sheets.

* sheet_ms: one rich customer (tests/reports_sample.add_rich_customer: 3 phones, 40 history
  items, 5 deals, 60 purchases, a long note; two pages) read from the database and built to a
  file, median of 20; raw_sheet_ms: a bare platypus document of the same tables and text in
  Helvetica with plain-string cells, built the same way.
* batch_1000_s: 1,000 contacts of the 10,000-contact demo database, contents and page
  numbers included, with as many worker processes as CPUs; batch_pages_per_s beside it.
* batch_rss_mb: the peak resident memory of the parent and of a worker for a 1,000-sheet
  batch, beside the same for 250 sheets: equal figures mean memory does not grow with the
  batch. Each batch runs in a fresh process so that the figures are its own.

The demo database is copied first (bench-data/demo-*.db are shared and never written).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import ROOT, demo_database

if TYPE_CHECKING:
    from desktop.reports.data import CustomerSheetData

SHEET_RUNS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=int, default=10_000, help="demo database size")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    source = Path(args.db) if args.db else demo_database(args.contacts)
    with tempfile.TemporaryDirectory(prefix="rapport-bench-reports-") as scratch:
        db_path = Path(scratch) / "reports.db"
        shutil.copyfile(source, db_path)
        yield from _sheet(db_path, Path(scratch))
        for count in (250, 1000):
            figures = _batch_in_child(db_path, Path(scratch) / f"batch-{count}.pdf", count, args)
            if count == 1000:
                yield "batch_1000_s", figures["seconds"], "s"
                yield "batch_1000_pages", figures["pages"], "pages"
                yield "batch_pages_per_s", figures["pages"] / figures["seconds"], "pages/s"
                yield "batch_cpu_s", figures["cpu_seconds"], "s (all processes)"
            yield f"batch_{count}_rss_mb", figures["parent_rss_mb"], "MB (parent)"
            yield f"batch_{count}_worker_rss_mb", figures["worker_rss_mb"], "MB (largest worker)"
        yield "batch_rss_mb", max(figures["parent_rss_mb"], figures["worker_rss_mb"]), "MB"


def _sheet(db_path: Path, scratch: Path) -> Iterator[tuple[str, float, str]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from reports_sample import add_rich_customer

    from desktop.reports.customer_sheet import build_customer_sheet
    from desktop.reports.page import PageSetup
    from desktop.store.database import open_database

    db = open_database(db_path)
    try:
        contact_id, _crm = add_rich_customer(db)
        setup = PageSetup("A4", "Anna Łukasiewicz", "Rapport Sales", date.today())
        out = scratch / "sheet.pdf"
        build_customer_sheet(db, contact_id, out, setup)  # fonts registered, caches warm
        samples = []
        for _ in range(SHEET_RUNS):
            start = time.perf_counter()
            data = build_customer_sheet(db, contact_id, out, setup)
            samples.append(time.perf_counter() - start)
    finally:
        db.close()
    yield "sheet_ms", statistics.median(samples) * 1000, "ms"
    yield "sheet_pages", _pages(out), "pages"

    raw = scratch / "raw.pdf"
    _raw_sheet(raw, data)  # warm, like the sheet
    samples = []
    for _ in range(SHEET_RUNS):
        start = time.perf_counter()
        _raw_sheet(raw, data)
        samples.append(time.perf_counter() - start)
    yield "raw_sheet_ms", statistics.median(samples) * 1000, "ms"
    yield "raw_sheet_pages", _pages(raw), "pages"


def _raw_sheet(out: Path, d: CustomerSheetData) -> None:
    """The sheet's tables and text as plain strings in Helvetica: reportlab alone."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()

    def table(header: list[str], rows: list[list[str]]) -> Table:
        return Table([header, *rows], repeatRows=1, style=[("FONTSIZE", (0, 0), (-1, -1), 8)])

    story = [
        Paragraph(d.crm_number, styles["Title"]),
        table(["Phones", "E-mail"], [[e.value, ""] for e in (*d.phones, *d.emails)]),
        table(
            ["When", "Type", "Subject"],
            [[str(a.starts_at), a.type_name, a.subject] for a in d.open_activities],
        ),
        table(
            ["When", "What", "Subject"],
            [[str(h.occurred_at), h.kind, h.subject] for h in d.history],
        ),
        *[Paragraph(h.text, styles["BodyText"]) for h in d.history],
        table(
            ["Deal", "Stage", "Amount"], [[x.title, x.stage, str(x.amount_cents)] for x in d.deals]
        ),
        table(["Year", "Total"], [[str(y.year), str(y.amount_cents)] for y in d.year_totals]),
        table(
            ["Date", "Item", "Amount"],
            [[str(p.occurred_on), p.description, str(p.amount_cents)] for p in d.purchases],
        ),
        Paragraph(d.notes.replace("\n", " "), styles["BodyText"]),
    ]
    SimpleDocTemplate(str(out)).build(story)


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _batch_in_child(
    db_path: Path, out: Path, count: int, args: argparse.Namespace
) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", "from benchmarks.reports import child; child()",
         str(db_path), str(out), str(count), str(args.workers)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def child() -> None:
    """One batch in this fresh process; prints its figures as JSON (run by _batch_in_child)."""
    import resource

    from sqlalchemy import select

    from desktop.reports.batch import build_batch
    from desktop.reports.page import PageSetup
    from desktop.store.database import open_database
    from desktop.store.entities import Contact

    db_path, out, count, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    db = open_database(db_path)
    with db.transaction() as conn:
        ids = list(conn.scalars(select(Contact.id).order_by(Contact.sort_name).limit(count)))
    setup = PageSetup("A4", "Anna", "Rapport Sales", date.today())
    start = time.perf_counter()
    cpu_start = _cpu()
    result = build_batch(db, ids, out, setup, title="Benchmark", workers=int(workers))
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "pages": result.pages,
        "cpu_seconds": _cpu() - cpu_start,
        "parent_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


def _cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
