"""The window on a 1280 x 800 laptop at 125 % scaling, i.e. 1024 logical pixels wide (issue
15.4): it can be made that narrow with any area open, opening Deals does not widen it, the deal
filter row shows its words in full, and the title names the file once, then the application."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.areas import AREAS
from desktop.views.deals_area import DealsArea
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings

LAPTOP_WIDTH = 1024  # 1280 physical pixels at 125 %


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    shown = MainWindow(db, Settings())
    qtbot.addWidget(shown)
    shown.resize(LAPTOP_WIDTH, 640)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.mark.parametrize("key", [area.key for area in AREAS])
def test_each_area_fits_a_laptop_at_125_percent(window: MainWindow, key: str) -> None:
    window.show_area(key)
    assert window.minimumSizeHint().width() <= LAPTOP_WIDTH
    assert window.width() == LAPTOP_WIDTH  # opening the area did not widen the window


def test_all_areas_opened_together_still_fit(window: MainWindow) -> None:
    """The stack of areas is as wide as its widest page: each one opened must fit at once."""
    for key in window.area_keys:
        window.show_area(key)
    assert window.minimumSizeHint().width() <= LAPTOP_WIDTH
    assert window.width() == LAPTOP_WIDTH


def _cut(widget: QWidget) -> bool:
    """True when a label, button or box is narrower than the text it needs."""
    return widget.isVisible() and widget.width() < widget.sizeHint().width()


def test_the_deal_filter_row_shows_every_word_at_its_narrowest(
    window: MainWindow, qtbot: QtBot
) -> None:
    area = window.show_area("deals")
    assert isinstance(area, DealsArea)
    window.resize(window.minimumSizeHint().width(), 640)
    qtbot.waitUntil(lambda: window.width() <= LAPTOP_WIDTH)
    shown = [
        w
        for kind in (QLabel, QAbstractButton, QComboBox)
        for w in area.findChildren(kind)
        if w.isVisible() and w.window() is window
    ]
    texts = {getattr(w, "text", lambda: "")() for w in shown}
    assert {"Show won and lost", "New deal…", "Pipeline…"} <= texts
    assert [w.objectName() or w.text() for w in shown if _cut(w)] == []


def test_less_used_deal_filters_sit_under_more_and_say_when_set(
    window: MainWindow, qtbot: QtBot
) -> None:
    area = window.show_area("deals")
    assert isinstance(area, DealsArea)
    bar = area.filter_bar
    assert not bar.amount_min.isVisible()  # in the More menu, not the row
    assert bar.more.text() == "More filters"
    qtbot.keyClicks(bar.amount_min, "2000")
    qtbot.waitUntil(lambda: bar.more.text() == "More filters (1)")
    bar.amount_min.clear()
    bar.amount_min.textEdited.emit("")
    qtbot.waitUntil(lambda: bar.more.text() == "More filters")


def test_the_title_names_the_file_once_and_leaves_the_application_name_to_qt(
    window: MainWindow,
) -> None:
    """Qt appends the application's display name on Windows and Linux ('t.db — Rapport'):
    a title that names Rapport itself read 'Rapport — t.db — Rapport'."""
    assert window.windowTitle() == "t.db"


def test_a_dialog_is_as_wide_as_its_long_title(qtbot: QtBot) -> None:
    """'Complete: Weekly team meeting' was cut to 'Complete: Week…eting' by the title bar."""
    from PySide6.QtWidgets import QDialog

    from desktop.views.dialog_title import keep_title_whole, title_width

    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("Complete: Weekly team meeting with the Marseille distributors")
    keep_title_whole(dialog)
    dialog.show()
    needed = title_width(dialog.windowTitle())
    assert dialog.width() >= needed > 400
    dialog.setWindowTitle("x" * 2000)  # longer than any screen: the dialog still fits one
    keep_title_whole(dialog)
    assert dialog.minimumWidth() <= dialog.screen().availableGeometry().width()


def test_the_deal_table_shows_amounts_and_headers_whole(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    from deal_helpers import add_deal

    from desktop.models.deal_columns import Column

    deal = add_deal(db, "Renewal", "Lead", 140_300_00)
    area = window.show_area("deals")
    assert isinstance(area, DealsArea)
    area.model.reload()
    area.tabs.setCurrentWidget(area.table)
    table = area.table
    amount = area.model.deal_index(deal, Column.AMOUNT)
    assert amount.data() == "140,300.00 EUR"
    assert (
        table.visualRect(amount).width() > table.fontMetrics().horizontalAdvance(amount.data()) + 12
    )
    header = table.header()
    for column in (Column.CLOSE, Column.DAYS, Column.PROBABILITY):
        title = area.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title) + 16
