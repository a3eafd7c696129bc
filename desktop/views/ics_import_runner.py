"""Importing an .ics file from the calendar: on a worker thread (its own session), with a
progress dialog and Cancel; the import is one transaction, so Cancel keeps nothing."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.errors import RapportError
from desktop.exchange.ics import IcsImportResult, import_ics
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.views.change_bus import ChangeBus


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, path: Path) -> None:
        super().__init__()
        self._db, self._path = db, path
        self._cancelled = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = import_ics(self._db, self._path, progress=self._progress)
        except RapportError as exc:
            self.failed.emit(str(exc))
            return
        self.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()


class IcsImportRunner(QObject):
    """One import with its progress dialog and, at the end, its summary; `finished` carries
    the IcsImportResult, or the refusal's message."""

    finished = Signal(object)

    def __init__(self, db: Database, bus: ChangeBus, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._bus, self._parent = bus, parent
        #: the summary shown when the import has finished
        self.message: QMessageBox | None = None
        self._thread = QThread(self)
        self._worker = _Worker(db, path)
        self._worker.moveToThread(self._thread)
        self.progress = QProgressDialog(self.tr("Importing {}…").format(path.name),
                                        self.tr("Cancel"), 0, 0, parent)  # fmt: skip
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self._worker.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progressed)
        self._worker.succeeded.connect(self._on_done)
        self._worker.failed.connect(self._on_done)

    def start(self) -> None:
        self._thread.start()

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    @Slot(object)
    def _on_done(self, outcome: IcsImportResult | str) -> None:
        self._thread.quit()
        self._thread.wait()
        self.progress.reset()
        self._worker.deleteLater()
        box = QMessageBox(self._parent)
        box.setWindowTitle(self.tr("Import calendar"))
        if isinstance(outcome, str):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(outcome)
        else:
            box.setText(outcome.summary().splitlines()[0])
            if outcome.messages:
                box.setDetailedText("\n".join(outcome.messages))
            self._bus.announce(Changes.of(activities=outcome.activity_ids))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()
        self.finished.emit(outcome)
