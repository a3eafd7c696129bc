"""`python -m benchmarks contacts [--db PATH]`: the contacts screen at a million contacts.

Every figure is taken on the real widgets (offscreen), each beside a raw baseline measured in
the same run: a bare PySide6 window, a bare FTS5 query, a bare SQL page. The database is opened
read-only (the shared demo files are never written).

    startup_s        process start -> main window shown with the first page painted
    raw_window_s     the same for a bare QMainWindow + QTableView over the same first page
    first_paint_ms   the list's query set -> its first page painted
    search_p95_ms    a keystroke in the search box -> the new rows painted (100 random
                     prefixes of 1-4 characters of real names, companies and cities)
    raw_fts_p95_ms   bare FTS5 prefix query for 100 rows, same prefixes
    phone_suffix_p95_ms  the same keystroke for runs of a phone's digits: its last four, or
                     4-6 from a space of it on (50 random phones)
    raw_phone_fts_p95_ms  bare FTS5 prefix query for 100 rows, same runs
    lookup_gui_ms    a field lookup chosen -> control back to the window (the slowest of a
                     city 'begins with' and a title 'contains'; their rows load off the thread)
    lookup_begins_ms / lookup_contains_ms  the same -> every matching row listed
    raw_lookup_ms    bare SQL of the city 'begins with' rows, by name, all of them
    jump_p95_ms      scrollTo a random row of the million and repaint
    sort_ms          click on a column header -> re-sorted first page painted
    card_open_ms     select a row -> its card filled and painted (median)
    rss_mb           resident memory of the process after all of the above
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.common import ROOT, demo_database, p95, started_s

SCREENSHOT = ROOT / "resources" / "screenshots" / "contacts.png"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prefixes", type=int, default=100, help="search samples")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--screenshot", metavar="PNG", help=f"save the window there (README: {SCREENSHOT})"
    )


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    from benchmarks.common import rss_mb

    return rss_mb()


def _sampled(
    db_path: Path,
    select: str,
    count: int,
    seed: int,
    pick: Callable[[random.Random, tuple[str, ...]], str | None],
) -> list[str]:
    """`count` texts drawn by `pick` from random rows of `select` (a SELECT ... FROM table
    with an id), a row for which `pick` gives None being drawn again."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        table = select.rsplit(" ", 1)[-1]
        top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        texts: list[str] = []
        while len(texts) < count:
            row = conn.execute(f"{select} WHERE id >= ? LIMIT 1", (rng.randint(1, top),))
            text = pick(rng, row.fetchone())
            if text is not None:
                texts.append(text)
        return texts
    finally:
        conn.close()


def _prefixes(db_path: Path, count: int, seed: int) -> list[str]:
    """Prefixes of words people type: names, companies, cities of random contacts."""

    def pick(rng: random.Random, row: tuple[str, ...]) -> str | None:
        candidates = [w for part in row for w in part.split() if w.isalpha() and w.isascii()]
        return rng.choice(candidates)[: rng.randint(1, 4)].lower() if candidates else None

    select = "SELECT first_name, last_name, company_name, city FROM contacts"
    return _sampled(db_path, select, count, seed, pick)


def _phone_runs(db_path: Path, count: int, seed: int) -> list[str]:
    """Runs of digits a salesperson remembers of a phone: its last four, or 4-6 digits from
    a space of the number as typed on (search_terms.phone_digit_forms)."""

    def pick(rng: random.Random, row: tuple[str, ...]) -> str | None:
        groups = re.findall(r"\d+", row[0])
        if rng.random() < 0.5 or len(groups) < 2:
            run = "".join(groups)[-4:]
        else:
            run = "".join(groups[rng.randrange(1, len(groups)) :])[: rng.randint(4, 6)]
        return run if len(run) >= 4 else None

    return _sampled(db_path, "SELECT number FROM contact_phones", count, seed, pick)


def _startup(kind: str, db_path: Path) -> float:
    return started_s([sys.executable, "-m", "benchmarks.contacts", "--child", kind, str(db_path)])


def _child(kind: str, db_path: str) -> None:
    """Run in a fresh process: build the window, paint it, print the wall clock."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication([sys.argv[0]])
    if kind == "raw":
        from PySide6.QtGui import QStandardItem, QStandardItemModel

        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        rows = conn.execute(
            "SELECT crm_number, display_name, company_name, primary_phone, primary_email, city "
            "FROM contacts ORDER BY sort_key, id LIMIT 200"
        ).fetchall()
        model = QStandardItemModel(len(rows), 6)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                model.setItem(r, c, QStandardItem(value))
        window = QMainWindow()
        table = QTableView()
        table.setModel(model)
        window.setCentralWidget(table)
        window.resize(1400, 850)
        window.show()
        table.viewport().repaint()
    else:
        from PySide6.QtCore import QSettings

        from desktop.store.database import open_database
        from desktop.views.contacts_view import ContactsView
        from desktop.views.main_window import MainWindow
        from desktop.views.settings import Settings

        db = open_database(db_path, readonly=True)
        settings = Settings(
            QSettings(os.environ["RAPPORT_DATA_DIR"] + "/s.ini", QSettings.Format.IniFormat)
        )
        window = MainWindow(db, settings)
        window.resize(1400, 850)
        window.show()
        view = window.area_widget("contacts")
        assert isinstance(view, ContactsView)
        view.table.viewport().repaint()
    app.processEvents()
    print(time.time(), flush=True)
    # Leave as a user does: closing lets background work (the contact count) finish first.
    window.close()


class _PaintWatch:
    """Notes that a widget was painted (the event filter runs as the paint is delivered)."""

    def __init__(self, widget: object) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class _Filter(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    watch.seen = True
                return False

        self.seen = False
        self._filter = _Filter()
        widget.installEventFilter(self._filter)  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    db_path = Path(args.db) if args.db else demo_database(1_000_000)
    yield "startup_s", statistics.median(_startup("app", db_path) for _ in range(3)), "s"
    yield "raw_window_s", statistics.median(_startup("raw", db_path) for _ in range(3)), "s"

    prefixes = _prefixes(db_path, args.prefixes, args.seed)
    phone_runs = _phone_runs(db_path, 50, args.seed)
    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from desktop.models.contact_list_model import COLUMN_KEYS
    from desktop.services.contact_list import ListQuery
    from desktop.services.contacts import load_contact
    from desktop.store.database import open_database
    from desktop.store.search_terms import fts5_match
    from desktop.views.contacts_view import ContactsView
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    scratch = tempfile.mkdtemp(prefix="rapport-bench-")
    os.environ["RAPPORT_DATA_DIR"] = scratch
    db = open_database(db_path, readonly=True)
    settings = Settings(QSettings(scratch + "/s.ini", QSettings.Format.IniFormat))
    window = MainWindow(db, settings)
    window.resize(1400, 850)
    window.show()
    app.processEvents()
    view = window.area_widget("contacts")
    assert isinstance(view, ContactsView)
    model, table = view.model, view.table
    viewport = table.viewport()
    model.wait_for_ids()

    raw = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        model.set_query(ListQuery())
        viewport.repaint()
        samples.append(time.perf_counter() - start)
    yield "first_paint_ms", statistics.median(samples) * 1000, "ms"
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        raw.execute(
            "SELECT id, crm_number, display_name, company_name, primary_phone, primary_email, "
            "city, owner FROM contacts ORDER BY sort_key, id LIMIT 200"
        ).fetchall()
        samples.append(time.perf_counter() - start)
    yield "raw_first_page_ms", statistics.median(samples) * 1000, "ms"

    search = view.filters.search
    painted = _PaintWatch(viewport)

    def keystrokes(texts: list[str]) -> tuple[list[float], list[float]]:
        """(typed into the box until painted, bare FTS5 query) per text, in seconds."""
        typed, raw_fts = [], []
        for prefix in texts:
            search.clear()
            QCoreApplication.processEvents()
            start = time.perf_counter()
            search.setText(prefix)  # what a keystroke does to the box
            painted.seen = False
            # The event loop runs the search and paints the rows in the same pass as a user's
            # keystroke would; only if it did not paint yet is the paint forced, so it counts
            # once.
            while model.query.search != prefix:
                QCoreApplication.processEvents()
            if not painted.seen:
                viewport.repaint()
            typed.append(time.perf_counter() - start)
            match = fts5_match(prefix)
            start = time.perf_counter()
            raw.execute(
                "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? LIMIT 100", (match,)
            ).fetchall()
            raw_fts.append(time.perf_counter() - start)
        return typed, raw_fts

    typed, raw_fts = keystrokes(prefixes)
    yield "search_p95_ms", p95(typed) * 1000, "ms"
    yield "search_median_ms", statistics.median(typed) * 1000, "ms"
    yield "raw_fts_p95_ms", p95(raw_fts) * 1000, "ms"
    typed, raw_fts = keystrokes(phone_runs)
    yield "phone_suffix_p95_ms", p95(typed) * 1000, "ms"
    yield "raw_phone_fts_p95_ms", p95(raw_fts) * 1000, "ms"

    search.clear()
    QCoreApplication.processEvents()
    model.wait_for_ids()
    from desktop.services.contact_lookup import FieldLookup, LookupOp

    gui = []
    for name, lookup in (
        ("lookup_begins_ms", FieldLookup("city", LookupOp.BEGINS, "ham")),
        ("lookup_contains_ms", FieldLookup("title", LookupOp.CONTAINS, "ales")),
    ):
        start = time.perf_counter()
        model.set_query(ListQuery(lookup=lookup))
        gui.append(time.perf_counter() - start)
        model.wait_for_ids()
        viewport.repaint()
        yield name, (time.perf_counter() - start) * 1000, "ms"
    yield "lookup_gui_ms", max(gui) * 1000, "ms"
    start = time.perf_counter()
    raw.execute(
        "SELECT id FROM contacts WHERE (city >= 'ham' AND city < 'han') OR "
        "(city >= 'Ham' AND city < 'Han') OR (city >= 'HAM' AND city < 'HAN') ORDER BY sort_key"
    ).fetchall()
    yield "raw_lookup_ms", (time.perf_counter() - start) * 1000, "ms"
    model.set_query(ListQuery())
    model.wait_for_ids()
    rng = random.Random(args.seed)
    jumps = []
    for _ in range(50):
        row = rng.randrange(model.rowCount())
        start = time.perf_counter()
        table.scrollTo(model.index(row, 1))
        viewport.repaint()
        jumps.append(time.perf_counter() - start)
    yield "jump_p95_ms", p95(jumps) * 1000, "ms"

    header = table.horizontalHeader()
    sorts = []
    for key, order in (
        ("company", Qt.SortOrder.AscendingOrder),
        ("city", Qt.SortOrder.DescendingOrder),
        ("name", Qt.SortOrder.AscendingOrder),
    ):
        column = COLUMN_KEYS.index(key)
        start = time.perf_counter()
        header.setSortIndicator(column, order)
        viewport.repaint()
        sorts.append(time.perf_counter() - start)
    yield "sort_ms", max(sorts) * 1000, "ms"
    start = time.perf_counter()
    raw.execute("SELECT id FROM contacts ORDER BY company_name, id LIMIT 200").fetchall()
    yield "raw_sort_ms", (time.perf_counter() - start) * 1000, "ms"

    opens, loads = [], []
    for _ in range(30):
        row = rng.randrange(min(model.rowCount(), 40))
        table.scrollToTop()
        start = time.perf_counter()
        table.selectRow(row)
        view.card.repaint()
        opens.append(time.perf_counter() - start)
        contact_id = model.contact_id(row)
        assert contact_id is not None
        start = time.perf_counter()
        load_contact(db, contact_id)
        loads.append(time.perf_counter() - start)
    yield "card_open_ms", statistics.median(opens) * 1000, "ms"
    yield "raw_card_load_ms", statistics.median(loads) * 1000, "ms"
    yield "rss_mb", _current_rss_mb(), "MB"

    if args.screenshot:
        search.setText("müller")
        while model.query.search != "müller":
            QCoreApplication.processEvents()
        table.selectRow(3)
        for _ in range(5):
            QCoreApplication.processEvents()
        Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(args.screenshot)
    model.close()
    window.close()
    db.close()
    raw.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
