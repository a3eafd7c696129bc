"""The preview of a finished report: its pages as they will print (QtPdf renders the very PDF
that is saved, so what the user sees is what they get), with Save as PDF and Print.

The report was built into a temporary folder; the dialog owns it and removes it when it closes.
The file and print dialogs are class attributes (`ask_save_path`, `ask_printer`) so that tests
replace them instead of driving native dialogs.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Slot
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.reports.output import atomic_output
from desktop.views.dialog_title import keep_title_whole

#: pages are rendered for the printer at most this sharp: 300 dpi is print quality, and an
#: A4 page at a printer's nominal 1200 dpi would be a 500 MB image
MAX_PRINT_DPI = 300


def _ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Save report as PDF"), str(suggested), parent.tr("PDF files (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def _ask_printer(parent: QWidget, pages: int) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, pages)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class ReportPreviewDialog(QDialog):
    ask_save_path = staticmethod(_ask_save_path)
    ask_printer = staticmethod(_ask_printer)

    def __init__(
        self,
        pdf: Path,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
        *,
        scratch: Path | None = None,
        warnings: Sequence[str] = (),
        save_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report_preview")
        self.setWindowTitle(title)
        keep_title_whole(self)  # a group's or a contact's name can be long
        self.resize(820, 940)
        self.pdf = pdf
        self._scratch = scratch
        self._suggested = (save_folder or Path.home()) / suggested_name
        self.document = QPdfDocument(self)
        status = self.document.load(str(pdf))
        if status != QPdfDocument.Error.None_:
            raise RapportError(f"{pdf.name} cannot be shown: {status.name}")
        self.view = QPdfView(self)
        self.view.setObjectName("pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        pages = self.document.pageCount()
        self.summary = QLabel(self.tr("%n page(s)", "", pages))
        self.summary.setObjectName("summary")
        layout = QVBoxLayout(self)
        for warning in warnings:
            banner = QLabel(warning)
            banner.setObjectName("font_warning")
            banner.setWordWrap(True)
            banner.setStyleSheet("background: #fff4ce; padding: 4px;")
            layout.addWidget(banner)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setObjectName("save")
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setObjectName("print")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        # Ctrl+P prints the report on screen; a shortcut of its own keeps the button's Alt+P.
        print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_key.activated.connect(self.print_button.click)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.finished.connect(self._on_finished)

    # -- what the buttons do -------------------------------------------------------------------

    def save_as(self, target: Path) -> None:
        """Copy the report to `target`, replacing it only once the copy is complete."""
        with atomic_output(target) as partial:
            shutil.copyfile(self.pdf, partial)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the pages (the printer's page range, if one was chosen) onto `printer`;
        returns the number of pages sent."""
        count = self.document.pageCount()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        painter = QPainter()
        if not painter.begin(printer):
            raise RapportError("the printer could not be started")
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for index in range(first - 1, last):
                if index > first - 1:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(
                    index,
                    QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)),
                )
                area = painter.viewport()
                scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(QPoint(0, 0), scaled), image)
        finally:
            painter.end()
        return last - first + 1

    # -- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_save_clicked(self) -> None:
        target = type(self).ask_save_path(self, self._suggested)
        if target is None:
            return
        try:
            self.save_as(target)
        except RapportError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            return
        self.summary.setText(self.tr("Saved to %1").replace("%1", str(target)))

    @Slot()
    def _on_print_clicked(self) -> None:
        printer = type(self).ask_printer(self, self.document.pageCount())
        if printer is None:
            return
        try:
            sent = self.print_to(printer)
        except RapportError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            return
        self.summary.setText(self.tr("%n page(s) sent to the printer", "", sent))

    @Slot(int)
    def _on_finished(self, _result: int) -> None:
        self.document.close()  # releases the file before its folder is removed (Windows)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
