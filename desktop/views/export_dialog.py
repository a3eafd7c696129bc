"""File > Export: everyone, a group or the list on screen to .xlsx, .csv or .vcf, or the
calendar to .ics; written on a worker thread with its own connection and a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.export_rows import Selection
from desktop.exchange.exporter import ExportResult, export_file
from desktop.models.formats import set_up_date_edit
from desktop.services.contact_organizing import list_groups
from desktop.store.database import open_database
from desktop.views.background_task import Worker

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

FORMATS = (
    ("xlsx", "Excel workbook (.xlsx)"),
    ("csv", "CSV for Excel (.csv)"),
    ("vcf", "vCards for address books (.vcf)"),
    ("ics", "Calendar (.ics)"),
)


class ExportDialog(QDialog):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(520)
        self._context = context
        self.format = QComboBox()
        self.format.setObjectName("format")
        for key, title in FORMATS:
            self.format.addItem(self.tr(title), key)
        self.everyone = QRadioButton(self.tr("All contacts"))
        self.everyone.setChecked(True)
        self.in_group = QRadioButton(self.tr("The group"))
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.addItems([g.name for g in list_groups(context.db)])
        self.in_group.setEnabled(self.group.count() > 0)
        self.current_list = QRadioButton()
        self._list_ids = self._ids_on_screen()
        self.current_list.setText(
            self.tr("The list on the contacts screen ({} contacts)").format(len(self._list_ids))
        )
        self.current_list.setEnabled(bool(self._list_ids))
        scope = QButtonGroup(self)
        for button in (self.everyone, self.in_group, self.current_list):
            scope.addButton(button)
        group_row = QHBoxLayout()
        group_row.addWidget(self.in_group)
        group_row.addWidget(self.group, 1)
        today = QDate.currentDate()
        self.start = QDateEdit(today.addMonths(-1))
        self.end = QDateEdit(today.addMonths(12))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            set_up_date_edit(edit)
        self.path = QLineEdit()
        self.path.setObjectName("out_path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a path may hold '<'
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        #: what the file could not hold whole (cells cut at Excel's limit), one a line: a box
        #: that scrolls and can be copied, however many there are
        self.details = QPlainTextEdit()
        self.details.setObjectName("export_details")
        self.details.setReadOnly(True)
        self.details.setFixedHeight(self.details.fontMetrics().lineSpacing() * 8)
        self.details.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("export")
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format)
        self.contacts_box = QWidget()
        contacts_layout = QVBoxLayout(self.contacts_box)
        contacts_layout.setContentsMargins(0, 0, 0, 0)
        contacts_layout.addWidget(self.everyone)
        contacts_layout.addLayout(group_row)
        contacts_layout.addWidget(self.current_list)
        contacts_layout.addWidget(
            QLabel(self.tr("Contacts who withdrew their consent are never exported."))
        )
        form.addRow(self.tr("Contacts:"), self.contacts_box)
        self.dates_box = QWidget()
        dates = QHBoxLayout(self.dates_box)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.end)
        form.addRow(self.tr("Activities:"), self.dates_box)
        form.addRow(self.tr("File:"), path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()
        self.worker: Worker | None = None

    def _ids_on_screen(self) -> list[int]:
        view = self._context.window.area_widget("contacts")
        model = getattr(view, "model", None)
        if model is None or not hasattr(model, "contact_id"):
            return []
        model.wait_for_ids()
        ids = (model.contact_id(row) for row in range(model.rowCount()))
        return [i for i in ids if i is not None]

    def fmt(self) -> str:
        return str(self.format.currentData())

    @Slot()
    def _on_format_changed(self) -> None:
        calendar = self.fmt() == "ics"
        self.contacts_box.setEnabled(not calendar)
        self.dates_box.setEnabled(calendar)
        current = self.path.text().strip()
        if current:
            self.path.setText(str(Path(current).with_suffix(f".{self.fmt()}")))

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to"),
            f"contacts.{self.fmt()}",
            f"{self.format.currentText()} (*.{self.fmt()})",
        )
        if path:
            self.path.setText(path)

    def selection(self) -> Selection:
        if self.in_group.isChecked():
            return Selection(group=self.group.currentText())
        if self.current_list.isChecked():
            return Selection(contact_ids=self._list_ids)
        return Selection()

    @Slot()
    def _on_export_clicked(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.setText(self.tr("Choose the file to write."))
            return
        out = Path(text)
        if out.suffix.lower() != f".{self.fmt()}":
            out = out.with_name(f"{out.name}.{self.fmt()}")
        span = (self.start.date().toPython(), self.end.date().toPython())
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.setText(self.tr("Writing {}…").format(out.name))
        self.details.hide()
        url, fmt, selection = self._context.db.url, self.fmt(), self.selection()

        def work(
            progress: Callable[[int, int], None], _cancelled: Callable[[], bool]
        ) -> ExportResult:
            db = open_database(url, create=False)
            try:
                return export_file(
                    db, fmt, out, selection, start=span[0], end=span[1], progress=progress
                )
            finally:
                db.close()

        self.worker = Worker(work, self)
        self.worker.progressed.connect(self._on_progressed)
        # the summary names every cell cut at Excel's limit, as the command line prints it
        self.worker.succeeded.connect(lambda result: self._on_finished(result.summary()))
        self.worker.failed.connect(self._on_finished)
        self.worker.start()

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(str)
    def _on_finished(self, message: str) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        first, _, rest = message.partition("\n")
        self.message.setText(first)
        self.details.setPlainText(rest)
        self.details.setVisible(bool(rest))

    def done(self, result: int) -> None:
        if self.worker is not None:
            self.worker.wait()
        super().done(result)


def open_export_dialog(context: AreaContext) -> None:
    """File > Export (a MenuCommand)."""
    ExportDialog(context, context.window).show()
