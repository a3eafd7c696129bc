"""File > Import history: an earlier import, not only the one just run, is listed with its
counts, shows its contacts and is undone from the window."""

from __future__ import annotations

from pathlib import Path

from exchange_support import import_file, write_csv
from pytestqt.qtbot import QtBot
from told import Told

from desktop.exchange.importer import ImportResult
from desktop.services.search import search_contacts
from desktop.store.database import Database
from desktop.views import safety_actions
from desktop.views.import_history import ImportHistoryDialog
from desktop.views.import_wizard_contacts import ImportedContactsDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


def _two_imports(db: Database, tmp_path: Path) -> tuple[ImportResult, ImportResult]:
    fair = write_csv(
        tmp_path / "fair.csv",
        [["Name", "E-mail"], ["Anna Schmidt", "anna@example.com"], ["Li Wang", "li@example.cn"]],
    )
    colleague = write_csv(
        tmp_path / "colleague.csv",
        [["Name", "E-mail", "Job title"], ["Bernd Albers", "bernd@example.com", "Buyer"]],
    )
    return import_file(db, fair), import_file(db, colleague)


def _history(qtbot: QtBot, db: Database) -> ImportHistoryDialog:
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.menu_actions["Import history"].trigger()
    dialog = window.findChild(ImportHistoryDialog, "import_history")
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def _cells(dialog: ImportHistoryDialog, row: int) -> list[str]:
    model = dialog.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_an_earlier_import_is_listed_shown_and_undone(
    qtbot: QtBot, db: Database, tmp_path: Path, told: Told
) -> None:
    first, second = _two_imports(db, tmp_path)
    dialog = _history(qtbot, db)
    assert dialog.model.rowCount() == 2 and not dialog.empty.isVisibleTo(dialog)
    newest, oldest = _cells(dialog, 0), _cells(dialog, 1)
    assert newest[:2] == [str(second.batch_id), "colleague.csv"]
    assert oldest[:2] == [str(first.batch_id), "fair.csv"]
    assert oldest[3:5] == ["2", "2"]  # read, created

    dialog.view.selectRow(1)
    dialog.show_button.click()
    shown = dialog.findChild(ImportedContactsDialog, "imported_contacts")
    assert shown is not None
    assert sorted(shown.model.index(r, 1).data() for r in range(shown.model.rowCount())) == [
        "Anna Schmidt",
        "Li Wang",
    ]

    told.answer = False
    dialog.undo_button.click()
    assert "fair.csv" in told.confirmations[0] and "2 contacts it created" in told.confirmations[0]
    assert [h.display_name for h in search_contacts(db, "anna")] == ["Anna Schmidt"]

    told.answer = True
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: not safety_actions.RUNNING, timeout=30_000)
    assert search_contacts(db, "anna") == [] and search_contacts(db, "li") == []
    assert [h.display_name for h in search_contacts(db, "bernd")] == ["Bernd Albers"]
    assert told.messages == [
        (
            "Undo import",
            "The import of fair.csv was undone: 2 contacts removed, 0 contacts restored.",
        )
    ]
    assert _cells(dialog, 1)[2].startswith("undone ")
    dialog.view.selectRow(1)
    assert not dialog.undo_button.isEnabled() and not dialog.show_button.isEnabled()
    dialog.view.selectRow(0)
    assert dialog.undo_button.isEnabled()


def test_a_database_without_imports_says_so(qtbot: QtBot, db: Database) -> None:
    dialog = _history(qtbot, db)
    assert dialog.model.rowCount() == 0
    assert dialog.empty.isVisibleTo(dialog)
    assert not dialog.undo_button.isEnabled() and not dialog.show_button.isEnabled()


def test_undoing_twice_is_refused_with_its_reason(
    qtbot: QtBot, db: Database, tmp_path: Path, told: Told
) -> None:
    """Another window (or the command line) undid it while this list was open."""
    from desktop.exchange.undo import undo_import

    first, _ = _two_imports(db, tmp_path)
    dialog = _history(qtbot, db)
    undo_import(db, first.batch_id or 0)
    dialog.view.selectRow(1)
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: not safety_actions.RUNNING, timeout=30_000)
    refused = f"the import of {tmp_path / 'fair.csv'} was already undone"
    assert told.messages == [("Undoing the import of fair.csv", refused)]
