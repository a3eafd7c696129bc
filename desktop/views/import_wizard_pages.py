"""The import wizard's first pages: the file, its sheet and header row, the mapping, and the
preview of what will be stored with every problem listed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.errors import RapportError
from desktop.exchange.exporter import calendar_module
from desktop.exchange.plan import BadRows, plan_import
from desktop.exchange.preview import Preview, preview_import
from desktop.exchange.sources import Table
from desktop.exchange.text_encoding import encoding_name
from desktop.exchange.validation import CheckedRecord
from desktop.models.record_table_model import RecordColumn, RecordTableModel
from desktop.services.changes import Changes
from desktop.views.import_wizard_worker import WizardWorker, stop

if TYPE_CHECKING:
    from desktop.views.import_wizard import ImportWizard

FILE_FILTER = (
    "Contact files (*.xlsx *.xlsm *.xls *.csv *.txt *.tsv *.vcf);;Calendars (*.ics);;All files (*)"
)
_RAW_ROWS = 20
#: the character sets a user can choose for a text file, the detected one added when not here
ENCODING_CHOICES = (
    "utf-8",
    "cp1252",
    "cp1250",
    "cp1251",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "utf-16",
)


def wizard_of(page: QWizardPage) -> ImportWizard:
    return page.wizard()  # type: ignore[return-value]


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 4px;")
    label.hide()
    return label


def page_table(model: QAbstractItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    return view


class FilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "A spreadsheet (.xlsx), a CSV or text file, or vCards (.vcf) "
                "exported from Outlook, Google, Act! or any address book."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(self.tr("File to import"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.error = error_label()
        self.done_label = QLabel()
        self.done_label.setObjectName("calendar_imported")
        self.done_label.setWordWrap(True)
        self.done_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    @Slot()
    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import contacts"), "", FILE_FILTER)
        if path:
            self.path_edit.setText(path)

    def validatePage(self) -> bool:
        wizard = wizard_of(self)
        path = Path(self.path_edit.text().strip())
        self.done_label.hide()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if path.suffix.lower() == ".ics":
                self._import_calendar(path)
                return False
            wizard.plan = plan_import(path, custom_fields=wizard.custom_field_names())
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.error.hide()
        return True

    def _import_calendar(self, path: Path) -> None:
        """A calendar chosen here goes to the calendar's own importer; its summary is shown
        and the wizard stays on this page for the next file."""
        wizard = wizard_of(self)
        summary = calendar_module().import_ics(wizard.db, path).summary()
        wizard.context.bus.announce(Changes.everything())
        self.error.hide()
        self.done_label.setText(summary)
        self.done_label.show()

    def nextId(self) -> int:
        from desktop.views.import_wizard import PageId

        plan = wizard_of(self).plan
        return PageId.PREVIEW if plan is not None and plan.is_vcard else PageId.SHEET


class SheetPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Sheet and header row"))
        self.setSubTitle(
            self.tr(
                "The row with the column names was found by itself; change "
                "it if rows above it are titles or instructions."
            )
        )
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        self.header_row = QSpinBox()
        self.header_row.setObjectName("header_row")
        self.header_row.setRange(1, 30)
        # a text file's character set, found by itself; another choice re-reads the rows below
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        for codec in ENCODING_CHOICES:
            self.encoding.addItem(encoding_name(codec), codec)
        self.encoding_label = QLabel(self.tr("Character set:"))
        self.about = QLabel()
        self.about.setObjectName("about_file")
        self.rows_model: RecordTableModel[tuple[int, list[str]]] = RecordTableModel([], self)
        self.rows_view = page_table(self.rows_model, "raw_rows")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Sheet:"), self.sheet)
        form.addRow(self.tr("Headers are in row:"), self.header_row)
        form.addRow(self.encoding_label, self.encoding)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(self.rows_view, 1)
        layout.addWidget(self.error)
        self.sheet.currentTextChanged.connect(self._on_sheet_changed)
        self.header_row.valueChanged.connect(self._on_header_row_changed)
        self.encoding.currentIndexChanged.connect(self._on_encoding_changed)
        self._filling = False

    def initializePage(self) -> None:
        table = wizard_of(self).table()
        self._filling = True
        self.sheet.clear()
        self.sheet.addItems(list(table.sheets) or [self.tr("(text file: one sheet)")])
        self.sheet.setEnabled(len(table.sheets) > 1)
        if table.sheet:
            self.sheet.setCurrentText(table.sheet)
        self.header_row.setValue(table.header_row + 1)
        self._show_encoding(table)
        self._filling = False
        self._show_rows()

    def _show_encoding(self, table: Table) -> None:
        text = table.kind == "text"
        self.encoding.setVisible(text)
        self.encoding_label.setVisible(text)
        if text and self.encoding.findData(table.encoding) < 0:
            self.encoding.addItem(encoding_name(table.encoding), table.encoding)
        self.encoding.setCurrentIndex(max(self.encoding.findData(table.encoding), 0))

    def _show_rows(self) -> None:
        table = wizard_of(self).table()
        if table.kind.startswith("xlsx"):
            self.about.setText(self.tr("Excel workbook, sheet “{}”").format(table.sheet))
        else:
            delimiter = {"\t": "tabs", ",": "commas", ";": "semicolons", "|": "bars"}
            self.about.setText(
                self.tr("Text file in {}, columns separated by {}").format(
                    encoding_name(table.encoding), delimiter.get(table.delimiter, table.delimiter)
                )
            )
        rows = list(table.raw_rows(_RAW_ROWS))
        width = max((len(cells) for _, cells in rows), default=0)
        header_number = rows[table.header_row][0] if table.header_row < len(rows) else -1

        def row_title(item: tuple[int, list[str]]) -> str:
            return f"{item[0]} ▶ headers" if item[0] == header_number else str(item[0])

        columns = [RecordColumn(self.tr("Row"), row_title)]
        columns += [RecordColumn(_letter(i), _cell_getter(i)) for i in range(width)]
        self.rows_model = RecordTableModel(columns, self)
        self.rows_model.set_records(rows)
        self.rows_view.setModel(self.rows_model)
        self.rows_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows_view.resizeColumnsToContents()
        for column in range(1, width + 1):
            self.rows_view.setColumnWidth(column, min(self.rows_view.columnWidth(column), 220))

    def _retable(self, change: Any) -> bool:
        wizard = wizard_of(self)
        try:
            table = change(wizard.table())
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        assert wizard.plan is not None
        wizard.plan = wizard.plan.with_table(table, wizard.custom_field_names())
        self._show_rows()
        return True

    @Slot(str)
    def _on_sheet_changed(self, name: str) -> None:
        if not self._filling and name and name in wizard_of(self).table().sheets:
            self._retable(lambda table: table.with_sheet(name))
            self._filling = True
            self.header_row.setValue(wizard_of(self).table().header_row + 1)
            self._filling = False

    @Slot(int)
    def _on_encoding_changed(self, _index: int) -> None:
        codec = self.encoding.currentData()
        if self._filling or not codec or codec == wizard_of(self).table().encoding:
            return
        if self._retable(lambda table: table.with_encoding(codec)):
            self._filling = True
            self.header_row.setValue(wizard_of(self).table().header_row + 1)
            self._filling = False

    @Slot(int)
    def _on_header_row_changed(self, value: int) -> None:
        if not self._filling:
            self._retable(lambda table: table.with_header_row(value - 1))


def _letter(index: int) -> str:
    from desktop.exchange.xlsx_export import column_letter

    return column_letter(index)


def _cell_getter(index: int) -> Any:
    def text(item: tuple[int, list[str]]) -> str:
        cells = item[1]
        return cells[index].replace("\n", " ⏎ ") if index < len(cells) else ""

    return text


def _joined(values: list[str]) -> str:
    return ", ".join(values)


PREVIEW_COLUMNS: list[RecordColumn[CheckedRecord]] = [
    RecordColumn("Row", lambda r: str(r.row), Qt.AlignmentFlag.AlignRight),
    RecordColumn("Name", lambda r: r.display_name),
    RecordColumn("Company", lambda r: r.text("company")),
    RecordColumn("Phones", lambda r: _joined([p.number for p in r.phones])),
    RecordColumn("E-mails", lambda r: _joined([e.address for e in r.emails])),
    RecordColumn("City", lambda r: r.addresses[0].city if r.addresses else ""),
    RecordColumn("Birthday", lambda r: str(r.values.get("birthday") or "")),
    RecordColumn("Problems", lambda r: r.fatal or "; ".join(p.message for p in r.problems)),
]


class PreviewPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(
            self.tr("The first rows as they will be stored. Nothing has been written yet.")
        )
        self.model: RecordTableModel[CheckedRecord] = RecordTableModel(PREVIEW_COLUMNS, self)
        self.view = page_table(self.model, "preview")
        self.counts = QLabel()
        self.counts.setObjectName("problem_counts")
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.skip_bad = QRadioButton(self.tr("Skip rows with problems"))
        self.skip_bad.setObjectName("skip_bad_rows")
        self.keep_bad = QRadioButton(
            self.tr("Import them as written, marked with the tag “Import warning”")
        )
        self.keep_bad.setObjectName("keep_bad_rows")
        self.keep_bad.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.skip_bad)
        group.addButton(self.keep_bad)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.keep_bad)
        layout.addWidget(self.error)
        self.worker: WizardWorker | None = None

    def initializePage(self) -> None:
        """Reading and checking the whole file takes seconds for a big one: off the GUI
        thread, like the import."""
        wizard = wizard_of(self)
        assert wizard.plan is not None
        plan, options = wizard.plan, wizard.options()
        stop(self.worker)
        self.error.hide()
        self.model.set_records([])
        self.problems.hide()
        self.counts.setText(self.tr("Reading and checking {}…").format(plan.path.name))
        self.worker = WizardWorker(
            wizard.db.url, lambda db, _progress, _cancelled: preview_import(db, plan, options), self
        )
        self.worker.succeeded.connect(self._on_previewed)
        self.worker.failed.connect(self._on_preview_failed)
        self.worker.start()

    def cleanupPage(self) -> None:
        stop(self.worker)

    @Slot(object)
    def _on_previewed(self, preview: Preview) -> None:
        self.model.set_records(preview.rows)
        self.view.resizeColumnsToContents()
        self.counts.setText(
            self.tr(
                "{} rows to import; {} with problems; {} cannot be imported (no name, company, "
                "e-mail or phone)"
            ).format(preview.total_rows, preview.problem_rows, preview.unusable_rows)
        )
        lines = [*preview.notes, *(str(p) for p in preview.problems)]
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.completeChanged.emit()

    @Slot(str)
    def _on_preview_failed(self, message: str) -> None:
        self.counts.clear()
        self.error.setText(message)
        self.error.show()

    def isComplete(self) -> bool:
        return self.model.rowCount() > 0

    def bad_rows(self) -> BadRows:
        return BadRows.SKIP if self.skip_bad.isChecked() else BadRows.KEEP
