"""The deal board as a salesperson uses it: cards dragged across columns (through the model's
drop API, which is what the list views call), undone, won with a reason, filtered, sorted;
the table shows the same model."""

from __future__ import annotations

from datetime import date

import pytest
from deal_helpers import add_contact, add_deal, stage_ids
from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtWidgets import QListView, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.deal_board_model import DealBoardModel
from desktop.models.deal_columns import Column, Role
from desktop.services.deal_list import DealFilter
from desktop.services.deals import get_deal
from desktop.services.pipeline import list_stages
from desktop.store.database import Database
from desktop.store.entities import HistoryItem
from desktop.views.deal_board import DealBoard
from desktop.views.deals_area import DealsArea
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


@pytest.fixture
def pipeline(db: Database) -> dict[str, int]:
    """Anna's printers (Lead, 1,000.00), Bo's laptops (Lead, 2,500.00) and a desk deal
    (Proposal, 400.00); returns deal ids by short name."""
    anna = add_contact(db, "Anna", "Berg", company="Nordlicht GmbH")
    bo = add_contact(db, "Bo", "Li")
    return {
        "printers": add_deal(db, "Printers", "Lead", 100_000, anna, close=date(2026, 5, 2)),
        "laptops": add_deal(db, "Laptops", "Lead", 250_000, bo, close=date(2026, 4, 1)),
        "desks": add_deal(db, "Desks", "Proposal", 40_000, owner="Sandra"),
    }


@pytest.fixture
def area(qtbot: QtBot, db: Database, pipeline: dict[str, int]) -> DealsArea:
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    widget = window.show_area("deals")
    assert isinstance(widget, DealsArea)
    return widget


def _titles(area: DealsArea, key: int | str) -> list[str]:
    view = area.board.columns[key]
    model = view.model()
    root = view.rootIndex()
    return [model.index(row, 0, root).data() for row in range(model.rowCount(root))]


def _drop(model: DealBoardModel, deal_id: int, key: int | str) -> bool:
    """What QListView::dropEvent does when a card lands on another column's empty space."""
    mime = model.mimeData([model.deal_index(deal_id)])
    target = model.column_index(key)
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    return model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)


def _history(db: Database) -> list[tuple[str, str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(HistoryItem.kind, HistoryItem.subject, HistoryItem.text).order_by(HistoryItem.id)
        )
        return [(k, s, t) for k, s, t in rows]


def test_the_board_model_passes_the_model_tester(
    db: Database, pipeline: dict[str, int], model_tester
) -> None:
    model = DealBoardModel(db)
    model_tester(model)
    model.sort(Column.AMOUNT, Qt.SortOrder.DescendingOrder)
    model.set_filter(DealFilter(statuses=("open", "won", "lost")))
    model_tester(model)


def test_columns_in_pipeline_order_with_counts_and_totals(
    area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    stages = stage_ids(db)
    board = area.board
    assert list(board.columns) == [*(s.id for s in list_stages(db)), "won", "lost"]
    assert _titles(area, stages["Lead"]) == ["Laptops", "Printers"]  # by close date
    # Lead: 3,500.00 in total, weighted 10 % = 350.00
    assert "2 deals · 3,500 · weighted 350" in board.header_text(stages["Lead"])
    assert "1 deal · 400 · weighted 200" in board.header_text(stages["Proposal"])
    # one list view per column, never a widget per deal
    assert len(board.findChildren(QListView)) == len(stages) + 2


def test_dragging_a_card_moves_it_records_history_and_undo_puts_it_back(
    area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    stages = stage_ids(db)
    board = area.board
    undo_stack = area.window().undo_stack

    assert _drop(area.model, pipeline["printers"], stages["Negotiation"])

    assert get_deal(db, pipeline["printers"]).data.stage_id == stages["Negotiation"]
    assert get_deal(db, pipeline["printers"]).probability == 75
    assert _history(db) == [("stage_change", "Printers: Lead → Negotiation", "")]
    assert _titles(area, stages["Lead"]) == ["Laptops"]
    assert _titles(area, stages["Negotiation"]) == ["Printers"]
    assert "1 deal · 2,500 · weighted 250" in board.header_text(stages["Lead"])
    assert "1 deal · 1,000 · weighted 750" in board.header_text(stages["Negotiation"])
    assert undo_stack.undoText() == "Move 'Printers'"

    undo_stack.undo()
    assert get_deal(db, pipeline["printers"]).data.stage_id == stages["Lead"]
    assert get_deal(db, pipeline["printers"]).probability == 10
    assert _history(db) == []
    assert _titles(area, stages["Lead"]) == ["Laptops", "Printers"]
    assert "2 deals · 3,500" in board.header_text(stages["Lead"])
    assert "0 deals" in board.header_text(stages["Negotiation"])

    undo_stack.redo()
    assert _titles(area, stages["Negotiation"]) == ["Printers"]
    assert [kind for kind, _, _ in _history(db)] == ["stage_change"]


def test_a_drop_on_the_same_column_changes_nothing(
    area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    _drop(area.model, pipeline["printers"], stage_ids(db)["Lead"])
    assert area.window().undo_stack.count() == 0
    assert _history(db) == []


def test_winning_asks_for_a_reason_and_cancel_changes_nothing(
    area: DealsArea, db: Database, pipeline: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = stage_ids(db)
    answers: list[str | None] = [None, "Fast delivery"]
    asked: list[tuple[str, list[str]]] = []

    def ask(_parent: object, status: str, titles: list[str], _reasons: list[str]) -> str | None:
        asked.append((status, titles))
        return answers.pop(0)

    monkeypatch.setattr(DealBoard, "ask_reason", staticmethod(ask))

    _drop(area.model, pipeline["laptops"], "won")  # cancelled
    assert get_deal(db, pipeline["laptops"]).status == "open"
    assert area.window().undo_stack.count() == 0

    _drop(area.model, pipeline["laptops"], "won")
    assert asked == [("won", ["Laptops"]), ("won", ["Laptops"])]
    deal = get_deal(db, pipeline["laptops"])
    assert (deal.status, deal.reason) == ("won", "Fast delivery")
    assert _history(db) == [("deal_won", "Laptops: won", "Fast delivery")]
    assert _titles(area, stages["Lead"]) == ["Printers"]
    assert "1 deal · 1,000" in area.board.header_text(stages["Lead"])

    area.window().undo_stack.undo()
    assert get_deal(db, pipeline["laptops"]).status == "open"
    assert _titles(area, stages["Lead"]) == ["Laptops", "Printers"]


def test_won_deals_show_in_the_won_column_when_asked(
    area: DealsArea, db: Database, pipeline: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DealBoard, "ask_reason", staticmethod(lambda *_: "Budget cut"))
    _drop(area.model, pipeline["desks"], "lost")
    assert _titles(area, "lost") == []  # closed deals hidden by default
    area.filter_bar.closed.setChecked(True)
    assert _titles(area, "lost") == ["Desks"]
    assert "1 deal · 400" in area.board.header_text("lost")
    lost = area.model.deal_index(pipeline["desks"])
    assert not lost.flags() & Qt.ItemFlag.ItemIsDragEnabled  # final: reopen by undo only


def test_filters_and_sorting_within_a_column(
    qtbot: QtBot, area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    lead = stage_ids(db)["Lead"]
    bar = area.filter_bar
    bar.sort.setCurrentText("Amount")
    assert _titles(area, lead) == ["Laptops", "Printers"]  # largest first
    bar.sort.setCurrentText("Title")
    assert _titles(area, lead) == ["Laptops", "Printers"]
    bar.sort.setCurrentText("Close date")

    qtbot.keyClicks(bar.text, "nordlicht")
    qtbot.waitUntil(lambda: _titles(area, lead) == ["Printers"])
    assert "1 deal · 1,000" in area.board.header_text(lead)
    bar.text.clear()
    qtbot.keyClicks(bar.amount_min, "2000")
    qtbot.waitUntil(lambda: _titles(area, lead) == ["Laptops"])
    bar.amount_min.clear()
    qtbot.keyClicks(bar.amount_min, "lots")
    qtbot.waitUntil(lambda: bar.problem.text() != "")
    assert bar.problem.text() == "amount min: 'lots' is not an amount"
    assert _titles(area, lead) == ["Laptops"]  # the last good filter stays

    bar.set_owners(["Sandra"])
    bar.amount_min.clear()
    bar.owner.setCurrentIndex(bar.owner.findData("Sandra"))
    qtbot.waitUntil(lambda: _titles(area, lead) == [])
    assert _titles(area, stage_ids(db)["Proposal"]) == ["Desks"]


def test_the_table_shows_the_same_model(area: DealsArea, db: Database) -> None:
    table = area.table
    assert table.model() is None  # bound when first shown
    area.tabs.setCurrentWidget(table)
    assert table.model() is area.model
    lead = area.model.column_index(stage_ids(db)["Lead"])
    assert table.isExpanded(lead)
    first = area.model.index(0, Column.AMOUNT, lead)
    assert first.data() == "2,500.00 EUR"
    assert first.data(Role.AMOUNT_CENTS) == 250_000
    table.header().setSortIndicator(Column.AMOUNT, Qt.SortOrder.AscendingOrder)
    assert area.model.index(0, Column.TITLE, lead).data() == "Printers"


def test_a_card_dropped_on_a_column_view_moves_through_the_views_own_path(
    area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    """The real drop path: the source view's model makes the drag data from the selected
    card, the target column's viewport receives enter, move and drop events."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    stages = stage_ids(db)
    source = area.board.columns[stages["Lead"]]
    target = area.board.columns[stages["Commit"]]
    card = next(
        source.model().index(row, 0, source.rootIndex())
        for row in range(source.model().rowCount(source.rootIndex()))
        if source.model().index(row, 0, source.rootIndex()).data() == "Printers"
    )
    mime = source.model().mimeData([card])
    spot = QPoint(40, target.viewport().height() - 20)  # empty space below the cards
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(spot, action, mime, buttons, modifiers)
    QApplication.sendEvent(target.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(spot, action, mime, buttons, modifiers)
    QApplication.sendEvent(target.viewport(), move)
    assert move.isAccepted()
    QApplication.sendEvent(
        target.viewport(), QDropEvent(QPointF(spot), action, mime, buttons, modifiers)
    )

    assert get_deal(db, pipeline["printers"]).data.stage_id == stages["Commit"]
    assert _titles(area, stages["Commit"]) == ["Printers"]
    assert "1 deal · 1,000 · weighted 900" in area.board.header_text(stages["Commit"])


def test_selected_cards_lost_from_the_context_menu_action(
    area: DealsArea, db: Database, pipeline: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DealBoard, "ask_reason", staticmethod(lambda *_: "No budget"))
    lead = area.board.columns[stage_ids(db)["Lead"]]
    root = lead.rootIndex()
    for row in range(lead.model().rowCount(root)):
        lead.selectionModel().select(
            lead.model().index(row, 0, root), QItemSelectionModel.SelectionFlag.Select
        )
    area.board.close_selected("lost")
    assert {get_deal(db, i).status for i in (pipeline["printers"], pipeline["laptops"])} == {"lost"}
    assert _titles(area, stage_ids(db)["Lead"]) == []
    undo_stack = area.window().undo_stack
    assert undo_stack.undoText() == "Lose 2 deals"
    undo_stack.undo()  # one step takes both back
    assert _titles(area, stage_ids(db)["Lead"]) == ["Laptops", "Printers"]


def test_the_board_follows_the_pipeline_settings(
    area: DealsArea, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.changes import Changes
    from desktop.services.pipeline import add_stage, remove_stage
    from desktop.views.pipeline_settings_dialog import PipelineSettingsDialog

    def user_edits(db_: Database, _parent: object) -> Changes:
        add_stage(db_, "Demo", 40)
        return remove_stage(db_, stage_ids(db_)["Commit"])

    monkeypatch.setattr(PipelineSettingsDialog, "edit", staticmethod(user_edits))
    area.findChild(QPushButton, "pipeline_settings").click()
    names = [area.model.column_index(key).data() for key in area.board.columns]
    assert names == ["Lead", "Qualified", "Proposal", "Negotiation", "Demo", "Won", "Lost"]
    assert _titles(area, stage_ids(db)["Demo"]) == []


def test_the_keyboard_moves_a_selected_card_one_stage_on_and_back(
    qtbot: QtBot, area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    stages = stage_ids(db)
    lead = area.board.columns[stages["Lead"]]
    card = area.model.deal_index(pipeline["printers"])
    lead.setCurrentIndex(lead.model().index(1, 0, lead.rootIndex()))
    assert lead.currentIndex().data() == card.data() == "Printers"
    lead.setFocus()
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(lead, Qt.Key.Key_Right, control_shift)
    assert get_deal(db, pipeline["printers"]).data.stage_id == stages["Qualified"]
    qualified = area.board.columns[stages["Qualified"]]
    qualified.setCurrentIndex(qualified.model().index(0, 0, qualified.rootIndex()))
    qualified.setFocus()
    qtbot.keyClick(qualified, Qt.Key.Key_Left, control_shift)
    assert get_deal(db, pipeline["printers"]).data.stage_id == stages["Lead"]
    assert [kind for kind, _, _ in _history(db)] == ["stage_change", "stage_change"]


def test_days_in_stage_and_a_card_as_drawn(
    qtbot: QtBot, area: DealsArea, db: Database, pipeline: dict[str, int]
) -> None:
    from datetime import timedelta

    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem
    from sqlalchemy import update

    from desktop.services.changes import Changes
    from desktop.store.entities import Deal, utcnow

    with db.session() as session:
        session.execute(
            update(Deal)
            .where(Deal.id == pipeline["printers"])
            .values(stage_entered_at=utcnow() - timedelta(days=5, hours=1))
        )
    area.window().bus.announce(Changes.of(deals=[pipeline["printers"]]))
    card = area.model.deal_index(pipeline["printers"])
    assert card.data(Role.DAYS_IN_STAGE) == 5
    assert area.model.deal_index(pipeline["printers"], Column.DAYS).data() == "5"

    view = area.board.columns[stage_ids(db)["Lead"]]
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    size = delegate.sizeHint(option, card)
    option.rect = QRect(0, 0, 220, size.height())
    image = QImage(220, size.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, card)
    painter.end()
    strip = image.pixelColor(5, size.height() // 2)
    assert strip.name() == "#2f80ed"  # an open deal's blue edge
    text_pixels = sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(12, 200, 2)
        for y in range(0, size.height(), 2)
    )
    assert text_pixels > 50  # title, amount and the rest were written
