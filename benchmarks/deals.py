"""`python -m benchmarks deals`: the deal board on 10,000 open deals.

Prints board_ms (model loaded, board built, shown and painted), move_ms (a card dropped on
another column: service commit, history item, the row relocated, both column headers
repainted) and forecast_ms (12 months computed and the chart and table painted), each beside
the bare sqlite3 query doing the same database work. Targets: 200, 50 and 200 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.common import DATA

OPEN_DEALS = 10_000
CLOSED_DEALS = 2_000
CONTACTS = 3_000
COMPANIES = 400


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")


def _generate(path: Path) -> None:
    """Contacts, companies and 12,000 deals in one transaction with Core executemany."""
    from sqlalchemy import insert

    from desktop.store import search_index
    from desktop.store.database import open_database
    from desktop.store.entities import Company, Contact, Deal, PipelineStage

    partial = path.with_suffix(".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    db = open_database(partial)
    rng = random.Random(5)
    today = date.today()
    now = datetime.now()
    with db.transaction() as conn:
        stages = [
            (sid, p)
            for sid, p in conn.execute(
                PipelineStage.__table__.select().with_only_columns(
                    PipelineStage.id, PipelineStage.default_probability
                )
            )
        ]
        conn.execute(
            insert(Company),
            [{"id": i, "name": f"Company {i:04d} GmbH"} for i in range(1, COMPANIES + 1)],
        )
        contacts = []
        for i in range(1, CONTACTS + 1):
            company = rng.randrange(1, COMPANIES + 1)
            first, last = f"First{i}", f"Last{i}"
            contacts.append(
                {
                    "id": i,
                    "crm_number": f"C-{i:06d}",
                    "first_name": first,
                    "last_name": last,
                    "display_name": f"{first} {last}",
                    "sort_name": f"{last} {first}".lower(),
                    "company_id": company,
                    "company_name": f"Company {company:04d} GmbH",
                }
            )
        conn.execute(insert(Contact), contacts)
        search_index.reindex_range(conn, 1, CONTACTS)
        deals = []
        for i in range(1, OPEN_DEALS + CLOSED_DEALS + 1):
            stage_id, probability = rng.choice(stages)
            contact = contacts[rng.randrange(CONTACTS)]
            status = "open" if i <= OPEN_DEALS else rng.choice(("won", "lost"))
            deals.append(
                {
                    "id": i,
                    "title": f"Deal {i} {rng.choice(('printers', 'laptops', 'licences'))}",
                    "contact_id": contact["id"],
                    "company_id": contact["company_id"],
                    "stage_id": stage_id,
                    "amount_cents": rng.randrange(10_000, 10_000_000),
                    "currency": "EUR",
                    "probability": probability if status == "open" else 100,
                    "expected_close": today + timedelta(days=rng.randrange(-60, 400)),
                    "status": status,
                    "owner": rng.choice(("Sandra", "Marc", "Li Na")),
                    "stage_entered_at": now - timedelta(days=rng.randrange(0, 90)),
                    "closed_at": None
                    if status == "open"
                    else now - timedelta(days=rng.randrange(0, 300)),
                }
            )
        conn.execute(insert(Deal), deals)
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)


def _working_copy(source: Path) -> Path:
    """The move figure writes (and undoes) moves: measure a copy, never the given file (the
    shared demo databases must stay as generated)."""
    DATA.mkdir(exist_ok=True)
    copy = DATA / f"deals-copy-of-{source.stem}.db"
    copy.unlink(missing_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(copy) as target:
        origin.backup(target)
    return copy


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _raw_ms(path: Path, sql: str, params: tuple = (), repeat: int = 7) -> float:
    conn = sqlite3.connect(path)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        conn.execute(sql, params).fetchall()
        samples.append(time.perf_counter() - start)
    conn.close()
    return _median_ms(samples)


_RAW_BOARD = (
    "SELECT d.id, d.title, d.stage_id, d.status, d.contact_id, coalesce(c.display_name, ''), "
    "d.company_id, coalesce(co.name, c.company_name, ''), d.amount_cents, d.currency, "
    "d.probability, d.expected_close, d.owner, d.stage_entered_at, d.closed_at, d.reason "
    "FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id "
    "LEFT JOIN companies co ON co.id = d.company_id WHERE d.status = 'open'"
)
_RAW_TOTALS = (
    "SELECT status, stage_id, count(*), sum(amount_cents), sum(amount_cents * probability) "
    "FROM deals WHERE status = 'open' GROUP BY status, stage_id"
)
_RAW_FORECAST = (
    "SELECT strftime('%Y-%m', expected_close), sum(amount_cents * probability), count(*) "
    "FROM deals WHERE status = 'open' AND expected_close >= ? AND expected_close < ? "
    "GROUP BY 1"
)


def _raw_move_ms(path: Path, repeat: int) -> float:
    """The bare SQL of a move: read the deal, update it, write the history item, commit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    samples = []
    for n in range(repeat * 2):
        stage = 1 + n % 2
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("SELECT * FROM deals WHERE id = 1").fetchone()
        conn.execute(
            "UPDATE deals SET stage_id = ?, probability = 10, version = version + 1 WHERE id = 1",
            (stage,),
        )
        conn.execute(
            "INSERT INTO history_items (contact_id, kind, occurred_at, subject) "
            "SELECT contact_id, 'stage_change', datetime('now'), title FROM deals WHERE id = 1"
        )
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.execute("DELETE FROM history_items")
    conn.close()
    return _median_ms(samples)


def _until_cards_laid_out(app: object, board: object) -> None:
    """Run the event loop until every non-empty column has laid out its top card: the item
    layout is deferred to the event loop, and a board timed without it paints empty columns."""
    from PySide6.QtCore import QPoint

    views = [v for v in board.columns.values() if v.model().rowCount(v.rootIndex())]  # type: ignore[attr-defined]
    while not all(v.indexAt(QPoint(20, 20)).isValid() for v in views):
        app.processEvents()  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from desktop.models.deal_board_model import DealBoardModel
    from desktop.models.deal_columns import Role
    from desktop.store.database import open_database
    from desktop.views.change_bus import ChangeBus
    from desktop.views.deal_board import DealBoard
    from desktop.views.forecast_view import ForecastView

    app = QApplication.instance() or QApplication([])
    repeat = args.repeat
    path = _working_copy(Path(args.db)) if args.db else DATA / "deals-10k.db"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        _generate(path)
    db = open_database(path)

    # -- board -------------------------------------------------------------------------------
    samples = []
    board = None
    for _ in range(repeat):
        if board is not None:
            board.close()
            board.deleteLater()
            app.processEvents()
        start = time.perf_counter()
        bus = ChangeBus()
        model = DealBoardModel(db)
        bus.changed.connect(model.apply_changes)
        undo = QUndoStack()
        board = DealBoard(db, model, undo, bus.announce)
        board.resize(1600, 900)
        board.show()
        _until_cards_laid_out(app, board)
        board.grab()  # renders every visible card through the delegate
        samples.append(time.perf_counter() - start)
    yield "board_ms", _median_ms(samples), "ms"
    yield (
        "board_raw_sql_ms",
        _raw_ms(path, _RAW_BOARD, repeat=repeat) + _raw_ms(path, _RAW_TOTALS, repeat=repeat),
        "ms",
    )
    yield "board_cards", model.rowCount(model.column_index(1)), "cards in the first column"

    # -- move --------------------------------------------------------------------------------
    stages = list(board.columns)[:2]
    deal_id = model.index(0, 0, model.column_index(stages[0])).data(Role.ID)
    samples = []
    for n in range(repeat * 2):
        target = stages[(n + 1) % 2]
        start = time.perf_counter()
        mime = model.mimeData([model.deal_index(deal_id)])
        model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.column_index(target))
        app.processEvents()  # the deferred relayout of both columns
        for key in stages:  # both columns, header totals and cards, painted synchronously
            board.columns[key].parentWidget().repaint()
        samples.append(time.perf_counter() - start)
    for _ in range(undo.count()):
        undo.undo()  # leave the database as generated
    yield "move_ms", _median_ms(samples), "ms"
    yield (
        "move_raw_sql_ms",
        _raw_move_ms(path, repeat) + _raw_ms(path, _RAW_TOTALS, repeat=repeat),
        "ms",
    )
    board.close()

    # -- forecast ----------------------------------------------------------------------------
    view = ForecastView(db)
    view.resize(1200, 700)
    view.show()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        view.refresh()
        app.processEvents()  # the chart lays out its axes and legend in posted events
        view.grab()
        samples.append(time.perf_counter() - start)
    first = date.today().replace(day=1)
    end = first.replace(year=first.year + 1)
    yield "forecast_ms", _median_ms(samples), "ms"
    yield (
        "forecast_raw_sql_ms",
        _raw_ms(path, _RAW_FORECAST, (first.isoformat(), end.isoformat()), repeat),
        "ms",
    )
    board.show()
    _until_cards_laid_out(app, board)
    board.grab().save(str(DATA / "deals-board.png"))
    app.processEvents()
    view.grab().save(str(DATA / "deals-forecast.png"))
    view.close()
    db.close()
