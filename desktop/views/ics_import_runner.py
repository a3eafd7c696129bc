"""Importing an .ics file from the calendar: on a worker thread (its own session), with a
progress dialog and Cancel; the import is one transaction, so Cancel keeps nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.exchange.ics import IcsImportResult, import_ics
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.views.background_task import Worker
from desktop.views.change_bus import ChangeBus


class IcsImportRunner(QObject):
    """One import with its progress dialog and, at the end, its summary; `finished` carries
    the IcsImportResult, or the refusal's message."""

    finished = Signal(object)

    def __init__(self, db: Database, bus: ChangeBus, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._bus, self._parent = bus, parent
        #: the summary shown when the import has finished
        self.message: QMessageBox | None = None

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            def go_on(done: int, total: int) -> bool:
                progress(done, total)
                return not cancelled()  # False: the import refuses, keeping nothing

            return import_ics(db, path, progress=go_on)

        self._worker = Worker(work, self)
        self.progress = QProgressDialog(self.tr("Importing {}…").format(path.name),
                                        self.tr("Cancel"), 0, 0, parent)  # fmt: skip
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self._worker.cancel)
        self._worker.progressed.connect(self._on_progressed)
        self._worker.succeeded.connect(self._on_done)
        self._worker.failed.connect(self._on_done)

    def start(self) -> None:
        self._worker.start()

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    @Slot(object)
    def _on_done(self, outcome: IcsImportResult | str) -> None:
        self.progress.reset()
        box = QMessageBox(self._parent)
        box.setWindowTitle(self.tr("Import calendar"))
        if isinstance(outcome, str):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(outcome)
        else:
            if not (outcome.imported or outcome.updated):
                box.setIcon(QMessageBox.Icon.Warning)  # nothing came of it: not a success
            box.setText(outcome.summary().splitlines()[0])
            if outcome.messages:
                box.setDetailedText("\n".join(outcome.messages))
            self._bus.announce(Changes.of(activities=outcome.activity_ids))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()
        self.finished.emit(outcome)
