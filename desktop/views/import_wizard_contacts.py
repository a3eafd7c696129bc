"""'Show imported contacts': the contacts one import created, each opening on the contacts
screen with a double-click."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.exchange.undo import ImportedContact, imported_contact_ids, imported_contacts
from desktop.models.record_table_model import RecordColumn, RecordTableModel

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

SHOWN = 5_000
_COLUMNS: list[RecordColumn[ImportedContact]] = [
    RecordColumn("CRM", lambda r: r.crm_number),
    RecordColumn("Name", lambda r: r.display_name),
    RecordColumn("Company", lambda r: r.company),
    RecordColumn("E-mail", lambda r: r.email),
]


class ImportedContactsDialog(QDialog):
    def __init__(self, context: AreaContext, batch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imported_contacts")
        self.setWindowTitle(self.tr("Imported contacts"))
        self.resize(640, 420)
        self._context = context
        count = len(imported_contact_ids(context.db, batch_id))
        self.model: RecordTableModel[ImportedContact] = RecordTableModel(_COLUMNS, self)
        self.model.set_records(imported_contacts(context.db, batch_id, SHOWN))
        self.view = QTableView()
        self.view.setObjectName("imported_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.resizeColumnsToContents()
        self.view.doubleClicked.connect(self._on_double_clicked)
        note = self.tr("{} contacts created; double-click one to open it.").format(count)
        if count > SHOWN:
            note += " " + self.tr("The first {} are listed.").format(SHOWN)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(note))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        window = self._context.window
        contact_id = self.model.record(index.row()).id
        if "contacts" in window.area_keys:
            view = window.show_area("contacts")
            open_contact = getattr(view, "open_contact", None)
            if open_contact is not None:
                open_contact(contact_id)
