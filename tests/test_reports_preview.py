"""Reports in the window: the Reports menu, the preview with Save as PDF and Print, batches
with progress and Cancel, and the report settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from reports_sample import add_contact, add_rich_customer, pdf_pages

from desktop.store.database import Database
from desktop.views import reports_menu
from desktop.views.main_window import MainWindow
from desktop.views.report_preview import ReportPreviewDialog
from desktop.views.report_runner import ReportRunner
from desktop.views.report_settings import PAPER, USER_NAME, ReportSettingsDialog, page_setup
from desktop.views.settings import Settings

SCREENSHOTS = os.environ.get("RAPPORT_SCREENSHOTS")  # a folder to save what the tests show


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def settings() -> Settings:
    settings = Settings()
    settings.write(USER_NAME, "Anna Łukasiewicz")
    return settings


def _done(qtbot: QtBot, runner: ReportRunner) -> ReportRunner:
    if runner.preview is None and runner.error is None:
        qtbot.waitSignal(runner.done, timeout=60_000).wait()
    return runner


def test_print_customer_sheet_opens_a_preview_that_saves_and_prints(
    qtbot, parent, db: Database, settings, tmp_path, monkeypatch
):
    contact_id, crm = add_rich_customer(db)
    runner = _done(qtbot, reports_menu.show_customer_sheet(parent, db, contact_id, settings))

    preview = runner.preview
    assert preview is not None and preview.isVisible()
    assert preview.document.pageCount() == 2
    assert preview.windowTitle() == f"Customer sheet: 王伟 ({crm})"
    assert preview.summary.text() == "2 page(s)"
    if SCREENSHOTS:
        qtbot.wait(1500)  # QPdfView renders pages in the background
        preview.grab().save(str(Path(SCREENSHOTS) / "report_preview.png"))

    saved = tmp_path / "out" / "wang.pdf"
    saved.parent.mkdir()
    monkeypatch.setattr(ReportPreviewDialog, "ask_save_path", staticmethod(lambda *_: saved))
    qtbot.mouseClick(preview.save_button, qtbot_button())
    pages = pdf_pages(saved)
    assert len(pages) == 2 and "王伟" in pages[0] and crm in pages[0]
    assert "Anna Łukasiewicz" in pages[0]
    assert str(saved) in preview.summary.text()

    printed = tmp_path / "printed.pdf"

    def printer(_parent: object, pages: int) -> QPrinter:
        assert pages == 2
        stub = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        stub.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        stub.setOutputFileName(str(printed))
        return stub

    monkeypatch.setattr(ReportPreviewDialog, "ask_printer", staticmethod(printer))
    qtbot.mouseClick(preview.print_button, qtbot_button())
    assert len(pdf_pages(printed)) == 2
    assert preview.summary.text() == "2 page(s) sent to the printer"

    scratch = preview.pdf.parent
    preview.close()
    assert not scratch.exists()  # the temporary report goes with the preview


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_batch_reports_progress_and_a_cancel_writes_nothing(qtbot, parent, db, settings):
    ids = [add_contact(db, f"Person {n}", "Müller")[0] for n in range(3)]

    runner = _done(qtbot, reports_menu.print_customer_sheets(parent, db, ids, "Group X", settings))
    assert runner.preview is not None
    assert runner.last_progress == (3, 3)
    assert runner.preview.document.pageCount() == 4  # contents and three sheets
    runner.preview.close()

    cancelled = ReportRunner(parent, "Group X", "x.pdf", _cancelled_build)
    cancelled.cancel()
    cancelled.start()
    qtbot.waitSignal(cancelled.done, timeout=60_000).wait()
    assert cancelled.preview is None and cancelled.error is None


def _cancelled_build(out, progress, is_cancelled) -> str:  # type: ignore[no-untyped-def]
    from desktop.reports.batch import BatchCancelled

    assert is_cancelled()
    raise BatchCancelled


def test_a_refused_report_says_why_in_a_message(qtbot, parent, db, settings, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    runner = _done(qtbot, reports_menu.show_customer_sheet(parent, db, 999, settings))

    assert runner.preview is None
    assert shown == ["contact 999 does not exist (deleted?)"]


def test_the_reports_menu_prints_the_phone_list_and_a_group(qtbot, db, settings, monkeypatch):
    add_contact(db, "伟", "王", phone="+86 138 0013 8000", groups=("Golf day",))
    add_contact(db, "Anna", "Müller", phone="+49 30 1234")
    window = MainWindow(db, settings, areas=[])
    qtbot.addWidget(window)
    window.show()
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    titles = [a.text() for a in menus["&Reports"].actions() if not a.isSeparator()]
    assert titles == [
        "&Customer sheet…",
        "Customer sheets for a &group…",
        "Customer sheets for a &tag…",
        "&Phone list",
        "P&ipeline",
        "&Activities…",
        "Report &settings…",
    ]

    window.menu_actions["Phone list"].trigger()
    preview = _wait_for_preview(qtbot)
    assert "王伟" in pdf_pages(preview.pdf)[0]
    if SCREENSHOTS:
        window.grab().save(str(Path(SCREENSHOTS) / "reports_menu_window.png"))
    preview.close()

    monkeypatch.setattr(reports_menu, "ask_choice", lambda _p, _t, _l, choices: choices[0])
    window.menu_actions["Customer sheets for a group"].trigger()
    preview = _wait_for_preview(qtbot)
    assert preview.windowTitle() == "Group Golf day"
    assert "王伟" in pdf_pages(preview.pdf)[1]
    preview.close()


def _wait_for_preview(qtbot: QtBot) -> ReportPreviewDialog:
    def find() -> ReportPreviewDialog | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ReportPreviewDialog) and widget.isVisible():
                return widget
        return None

    qtbot.waitUntil(lambda: find() is not None, timeout=60_000)
    preview = find()
    assert preview is not None
    return preview


def test_report_settings_choose_paper_and_the_footer_name(qtbot, settings):
    dialog = ReportSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.user_name.setText("  Li Na ")
    dialog.company.setText("Rapport Sales")
    dialog.accept()

    assert settings.read(PAPER) == "letter"
    setup = page_setup(settings)
    assert (setup.paper, setup.user_name, setup.company) == ("Letter", "Li Na", "Rapport Sales")
