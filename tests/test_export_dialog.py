"""File > Export tells what the file could not hold: a note longer than an Excel cell is cut,
and the dialog names the row and the field, as the command line does."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from contact_fixtures import _no_real_dialogs  # noqa: F401
from pytestqt.qtbot import QtBot

from desktop.services.contacts import ContactDraft, save_contact
from desktop.store.database import Database
from desktop.views.export_dialog import ExportDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


def _export(qtbot: QtBot, db: Database, out: Path, fmt: str) -> ExportDialog:
    window = MainWindow(db, Settings(), areas=[])
    qtbot.addWidget(window)
    window.menu_actions["Export"].trigger()
    dialog = window.findChild(ExportDialog, "export_dialog")
    assert dialog is not None
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.path.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "written to" in dialog.message.text(), timeout=10_000)
    return dialog


def test_a_cell_cut_at_excels_limit_is_named_in_the_dialog(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    save_contact(db, ContactDraft(first_name="Anna", last_name="Schmidt", notes="x" * 40_000))
    out = tmp_path / "long.xlsx"
    dialog = _export(qtbot, db, out, "xlsx")
    assert dialog.message.text() == f"1 contact written to {out}"
    assert dialog.details.isVisible()
    details = dialog.details.toPlainText()
    assert details.startswith("1 cell over Excel's 32,767 characters was cut")
    assert details.endswith("row 2 (C-000001), Notes")
    assert openpyxl.load_workbook(out).active.max_row == 2
    dialog.close()


def test_an_export_with_nothing_cut_says_only_how_many(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    save_contact(db, ContactDraft(first_name="Anna", last_name="Schmidt", notes="short"))
    out = tmp_path / "short.xlsx"
    dialog = _export(qtbot, db, out, "xlsx")
    assert dialog.message.text() == f"1 contact written to {out}"
    assert not dialog.details.isVisible()
    dialog.close()
