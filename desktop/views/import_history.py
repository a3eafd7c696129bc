"""File > Import history: every finished import with its file, time and counts, and from any
of them (not only the one just run) 'Show contacts' and 'Undo import'; the wizard's summary
page undoes through the same undo_after_asking.

An undo can remove a hundred thousand contacts, so it runs in the background like a backup
(safety_actions.run_task), after the user has confirmed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.importer import counted
from desktop.exchange.undo import BatchInfo, UndoResult, import_batches, undo_import
from desktop.models.formats import local_date_time
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.services.changes import Changes
from desktop.views import safety_actions
from desktop.views.import_wizard_contacts import ImportedContactsDialog

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

_RIGHT = Qt.AlignmentFlag.AlignRight


def _count(key: str) -> RecordColumn[BatchInfo]:
    return RecordColumn(key.capitalize(), lambda b: f"{b.counts.get(key, 0):,}", _RIGHT)


def _state(batch: BatchInfo) -> str:
    """When it ran, or when it was undone, in the computer's time zone (stored in UTC)."""
    if batch.undone_at is not None:
        return f"undone {local_date_time(batch.undone_at)}"
    return local_date_time(batch.finished_at)


_COLUMNS: list[RecordColumn[BatchInfo]] = [
    RecordColumn("No.", lambda b: str(b.id), _RIGHT),
    RecordColumn("File", lambda b: Path(b.file_name).name),
    RecordColumn("Imported", _state),
    *(_count(key) for key in ("read", "created", "updated", "skipped", "rejected")),
]


class ImportHistoryDialog(QDialog):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_history")
        self.setWindowTitle(self.tr("Import history"))
        self.resize(760, 380)
        self._context = context
        self.model: RecordTableModel[BatchInfo] = RecordTableModel(_COLUMNS, self)
        self.view = QTableView()
        self.view.setObjectName("import_batches")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.empty = QLabel(self.tr("Nothing has been imported into this database yet."))
        self.show_button = QPushButton(self.tr("&Show contacts"))
        self.show_button.setObjectName("show_imported")
        self.show_button.clicked.connect(self._on_show_clicked)
        self.undo_button = QPushButton(self.tr("&Undo import…"))
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self._on_undo_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self._contacts: ImportedContactsDialog | None = None
        self.reload()

    def reload(self) -> None:
        self.model.set_records(import_batches(self._context.db))
        self.view.resizeColumnsToContents()
        self.empty.setVisible(self.model.rowCount() == 0)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._on_selection_changed()

    def selected(self) -> BatchInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, *_: object) -> None:
        batch = self.selected()
        live = batch is not None and batch.undone_at is None
        self.undo_button.setEnabled(live and not self._context.db.readonly)
        self.show_button.setEnabled(
            live and batch is not None and batch.counts.get("created", 0) > 0
        )

    @Slot()
    def _on_show_clicked(self) -> None:
        batch = self.selected()
        if batch is not None:
            self._contacts = ImportedContactsDialog(self._context, batch.id, self)
            self._contacts.show()

    @Slot()
    def _on_undo_clicked(self) -> None:
        batch = self.selected()
        if batch is None:
            return
        name = Path(batch.file_name).name

        def undone(message: str) -> None:
            self.reload()
            safety_actions.inform(self, self.tr("Undo import"), message)

        created, updated = batch.counts.get("created", 0), batch.counts.get("updated", 0)
        undo_after_asking(self, self._context, batch.id, name, (created, updated), undone)


def undo_after_asking(
    parent: QWidget,
    context: AreaContext,
    batch_id: int,
    name: str,
    counts: tuple[int, int],
    done: Callable[[str], None],
) -> None:
    """Ask, then undo the import in the background (a hundred thousand contacts take a
    while); `done(message)` says what was undone. `counts`: (created, updated)."""
    question = parent.tr("Undo the import of {}? {}").format(name, _undo_effects(parent, *counts))
    if not safety_actions.confirm(parent, parent.tr("Undo import"), question):
        return
    db = context.db

    def undone(result: UndoResult) -> None:
        context.bus.announce(Changes.everything())
        done(
            parent.tr("The import of {} was undone: {} removed, {} restored.").format(
                name, counted(result.removed, "contact"), counted(result.restored, "contact")
            )
        )

    label = parent.tr("Undoing the import of {}…").format(name)
    safety_actions.run_task(parent, label, lambda: undo_import(db, batch_id), undone)


def _undo_effects(parent: QWidget, created: int, changed: int) -> str:
    """What an undo does, naming only what there is ('the 0 it changed' is noise)."""
    removed = (
        parent.tr("The {} it created is removed")
        if created == 1
        else parent.tr("The {} it created are removed")
    ).format(counted(created, "contact"))
    restored = (
        parent.tr("{} it changed gets its earlier values back")
        if changed == 1
        else parent.tr("{} it changed get their earlier values back")
    ).format(counted(changed, "contact"))
    if not changed:
        return f"{removed}."
    if not created:
        return parent.tr("The {}.").format(restored)
    return parent.tr("{} and the {}.").format(removed, restored)


def open_import_history(context: AreaContext) -> None:
    """File > Import history (a MenuCommand)."""
    ImportHistoryDialog(context, context.window).show()
