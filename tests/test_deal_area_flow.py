"""The Deals area as a salesperson moves through it (issue 15.10): 'Deal won' offers the reasons
the user keeps, with 'Other' for words of their own, and the deal keeps the reason's text; a new
deal is selected and scrolled to on the board and in the table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from deal_helpers import add_deal
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.services.deals import get_deal
from desktop.store.database import Database
from desktop.views.deal_reason_dialog import DealReasonDialog
from desktop.views.deals_area import DealsArea
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


@pytest.fixture
def area(qtbot: QtBot, db: Database) -> DealsArea:
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.show()
    widget = window.show_area("deals")
    assert isinstance(widget, DealsArea)
    return widget


def _answer_when_asked(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answer: Callable[[DealReasonDialog], None]
) -> list[str]:
    """Answer the reason dialog as a user would, on screen (its exec() shows it and hands it to
    `answer` instead of a nested event loop); returns the choices it offered."""
    offered: list[str] = []

    def exec_(dialog: DealReasonDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        offered.extend(b.text() for b in dialog.findChildren(QRadioButton))
        answer(dialog)
        return dialog.result()

    monkeypatch.setattr(DealReasonDialog, "exec", exec_)
    return offered


def _win(area: DealsArea, deal_id: int) -> None:
    model = area.model
    mime = model.mimeData([model.deal_index(deal_id)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.column_index("won"))


def test_won_offers_the_users_reasons_and_stores_the_one_clicked(
    qtbot: QtBot, area: DealsArea, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = add_deal(db, "Printers", "Lead", 100_000, close=date(2026, 5, 2))
    area.model.reload()

    def pick_relationship(dialog: DealReasonDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # nothing chosen for the user
        button = next(b for b in dialog.choices if b.text() == "Relationship")
        on_the_words = QPoint(20, button.height() // 2)  # the button's empty right half is not it
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=on_the_words)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    offered = _answer_when_asked(qtbot, monkeypatch, pick_relationship)
    _win(area, deal)
    assert offered[:3] == ["Best price", "Product fit", "Relationship"]
    assert offered[-1] == "Other:"
    detail = get_deal(db, deal)
    assert (detail.status, detail.reason) == ("won", "Relationship")


def test_typing_under_other_stores_the_words_and_the_list_is_the_users(
    qtbot: QtBot, area: DealsArea, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.window().settings.won_reasons = "Golf day\n\nTrade fair\n"
    deal = add_deal(db, "Laptops", "Lead", 250_000)
    area.model.reload()

    def type_other(dialog: DealReasonDialog) -> None:
        qtbot.keyClicks(dialog.other_text, "Met at the Lyon show")
        assert dialog.other.isChecked()  # typing chose Other
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    offered = _answer_when_asked(qtbot, monkeypatch, type_other)
    _win(area, deal)
    assert offered == ["Golf day", "Trade fair", "Other:"]  # blank lines dropped
    assert get_deal(db, deal).reason == "Met at the Lyon show"


def test_cancel_leaves_the_deal_open(
    qtbot: QtBot, area: DealsArea, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = add_deal(db, "Desks", "Lead", 40_000)
    area.model.reload()
    _answer_when_asked(qtbot, monkeypatch, lambda dialog: dialog.reject())
    _win(area, deal)
    assert get_deal(db, deal).status == "open"


def test_a_new_deal_is_selected_and_scrolled_to_on_the_board_and_in_the_table(
    qtbot: QtBot, area: DealsArea, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deal_helpers import stage_ids

    from desktop.services.deals import DealInput, create_deal
    from desktop.views.deal_commands import SavedDeal
    from desktop.views.deal_dialog import DealDialog

    last_stage = list(stage_ids(db))[-1]
    for number in range(30):  # a long column: the new card lands below the fold
        add_deal(db, f"Old {number:02d}", last_stage, 1_000, close=date(2026, 1, 1))
    area.model.reload()
    area.window().resize(1024, 640)
    area.tabs.setCurrentWidget(area.table)  # the table binds when first shown
    area.tabs.setCurrentWidget(area.board)
    stage = stage_ids(db)[last_stage]

    def typed_in_the_dialog(*_args: object) -> SavedDeal:
        data = DealInput("Fresh", stage, amount_cents=5_000, expected_close=date(2027, 1, 1))
        return SavedDeal(None, create_deal(db, data))

    monkeypatch.setattr(DealDialog, "edit", typed_in_the_dialog)
    qtbot.mouseClick(area.findChild(QPushButton, "new_deal"), Qt.MouseButton.LeftButton)

    column = area.board.columns[stage]
    selected = [i.data() for i in column.selectionModel().selectedIndexes()]
    assert selected == ["Fresh"]
    card = column.currentIndex()
    assert column.viewport().rect().contains(column.visualRect(card))  # scrolled to
    assert not column.parentWidget().visibleRegion().isEmpty()  # its column too
    assert area.table.currentIndex().data() == "Fresh"
