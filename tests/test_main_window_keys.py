"""The window's standard keys and menus (issue 15.5, window part, and 15.10's import wizard):
Ctrl+P prints what is on screen, F1 lists the keys read off the actions themselves,
Edit > Preferences gathers the user's choices, Ctrl+I opens one modal import wizard."""

from __future__ import annotations

from datetime import date

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts  # noqa: F401
from deal_helpers import add_deal
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.models import formats
from desktop.models.deal_columns import Column
from desktop.store.database import Database
from desktop.views import reports_menu
from desktop.views.import_wizard import ImportWizard
from desktop.views.main_window import MainWindow
from desktop.views.preferences_dialog import PreferencesDialog
from desktop.views.report_settings import USER_NAME
from desktop.views.settings import Settings
from desktop.views.shortcuts_dialog import ShortcutsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    shown = MainWindow(db, Settings())
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitActive(shown)
    return shown


def test_ctrl_p_prints_the_open_contacts_sheet(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = add_people(db)
    _window, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    printed: list[int] = []
    monkeypatch.setattr(
        reports_menu, "show_customer_sheet", lambda _p, _db, contact, _s: printed.append(contact)
    )
    qtbot.keyClick(view.table, Qt.Key.Key_P, CTRL)
    assert printed == [people["Schmidt"]]


def test_ctrl_p_on_the_deals_prints_the_pipeline(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[str] = []
    monkeypatch.setattr(reports_menu, "pipeline", lambda _context: printed.append("pipeline"))
    area = window.show_area("deals")
    qtbot.keyClick(area, Qt.Key.Key_P, CTRL)
    assert printed == ["pipeline"]


def test_f1_lists_the_keys_read_off_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog, "shortcuts_dialog")
    assert dialog is not None and dialog.isVisible()
    listed = {(s.where, s.what): s.keys for s in dialog.shortcuts}
    assert listed[("File", "Import")] == "Ctrl+I"
    assert listed[("File", "Print")] == "Ctrl+P"
    assert listed[("File", "New contact")] == "Ctrl+N"  # shown after a tab in the title
    assert listed[("Edit", "Undo")] == "Ctrl+Z"
    assert listed[("View", "Deals")] == "Ctrl+2"
    assert listed[("Help", "Rapport help")] == "F1"
    text = dialog.text.toPlainText()
    assert "Import" in text and "Ctrl+I" in text


def test_preferences_sit_in_the_edit_menu_where_macos_moves_them(window: MainWindow) -> None:
    action = window.menu_actions["Preferences"]
    assert action.menuRole() == QAction.MenuRole.PreferencesRole
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    titles = [a.text() for a in edit_menu.actions() if not a.isSeparator()]
    assert titles[:2] == ["&Undo", "&Redo"] and titles[-1] == "&Preferences…"


def test_preferences_gather_the_users_choices_and_dates_follow_at_once(
    qtbot: QtBot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = add_deal(db, "Printers", "Lead", 100_000, close=date(2026, 12, 4))
    area = window.show_area("deals")
    close = area.model.deal_index(deal, Column.CLOSE)
    assert close.data() == "2026-12-04"  # the test's C locale: ISO
    seen: list[PreferencesDialog] = []

    def fill_in(dialog: PreferencesDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        seen.append(dialog)
        dialog.user_name.setText("Sandra Keller")
        dialog.country.setCurrentIndex(dialog.country.findData("FR"))
        dialog.phone_region.setCurrentIndex(dialog.phone_region.findData("FR"))
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        dialog.date_style.setCurrentIndex(dialog.date_style.findData("dmy"))
        dialog.first_day.setCurrentIndex(dialog.first_day.findData(7))
        dialog.work_start.setTime(QTime(9, 0))
        dialog.work_end.setTime(QTime(8, 0))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # refused, said why, nothing saved
        assert dialog.problem.text() == "Working day ends: it must be after it starts."
        assert window.settings.read(USER_NAME) == ""
        dialog.work_end.setTime(QTime(17, 30))
        dialog.won_reasons.setPlainText("Golf day\nTrade fair")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(PreferencesDialog, "exec", fill_in)
    try:
        window.menu_actions["Preferences"].trigger()
        settings = window.settings
        assert settings.read(USER_NAME) == "Sandra Keller"
        assert (settings.default_country, settings.language) == ("FR", "fr")
        assert (settings.date_style, settings.first_day_of_week) == ("dmy", 7)
        assert (settings.work_day_start, settings.work_day_end) == (9 * 60, 17 * 60 + 30)
        assert settings.deal_reasons("won") == ["Golf day", "Trade fair"]
        note = seen[0].findChild(type(seen[0].problem), "language_note")
        assert "as soon as the translations ship" in note.text()
        # the dates on screen follow at once
        assert area.model.deal_index(deal, Column.CLOSE).data() == "04/12/2026"
        assert formats.first_day_of_week() == Qt.DayOfWeek.Sunday
    finally:
        formats.configure("locale")


def test_ctrl_i_opens_one_modal_import_wizard(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].isVisible()
    qtbot.addWidget(wizards[0])
    assert wizards[0].isModal() or wizards[0].windowModality() != Qt.WindowModality.NonModal
    window.menu_actions["Import"].trigger()  # the menu again, behind the wizard
    assert window.findChildren(ImportWizard) == wizards
    assert QApplication.activeModalWidget() is wizards[0]
    wizards[0].reject()


def test_date_edits_in_my_dialogs_use_the_formatter(qtbot: QtBot, window: MainWindow) -> None:
    formats.configure("dmy")
    try:
        from desktop.views.deal_dialog import DealDialog

        dialog = DealDialog(window.db, None, window)
        qtbot.addWidget(dialog)
        dialog.expected_close.setDate(QDate(2027, 3, 4))
        assert dialog.expected_close.text() == "04/03/2027"
    finally:
        formats.configure("locale")


def test_ctrl_p_in_a_report_preview_prints_that_report(
    qtbot: QtBot, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from desktop.views.report_preview import ReportPreviewDialog

    pdf = tmp_path / "pipeline.pdf"
    canvas = Canvas(str(pdf))
    canvas.drawString(72, 720, "Pipeline")
    canvas.save()
    asked: list[int] = []
    monkeypatch.setattr(
        ReportPreviewDialog, "ask_printer", staticmethod(lambda _p, pages: asked.append(pages))
    )
    preview = ReportPreviewDialog(pdf, "Pipeline", "pipeline.pdf")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    qtbot.keyClick(preview, Qt.Key.Key_P, CTRL)
    assert asked == [1]  # the printer dialog, for the report's one page
    preview.reject()
