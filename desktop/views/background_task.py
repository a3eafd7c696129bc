"""One piece of long work (a backup, a check, an erasure) off the GUI thread, with a busy dialog.

The work is a plain function from desktop.store or desktop.services that opens its own
connections, so it may run in any thread. Its result comes back by queued signal on the GUI
thread: `succeeded(result)`, or `failed(message)` for a RapportError (anything else is a bug and
is re-raised in the worker, where Qt reports it). SQLite cannot be interrupted half-way through
a backup or an integrity check, so the dialog has no Cancel: it only says what is happening.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import RapportError


class _Worker(QObject):
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self._work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except RapportError as error:
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Start with start(); `succeeded`/`failed` arrive on the GUI thread, then `finished`."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QWidget, label: str | None, work: Callable[[], object]) -> None:
        """`label` None: no dialog at all (a check the user did not ask for)."""
        super().__init__(parent)
        self.progress: QProgressDialog | None = None
        if label is not None:
            self.progress = QProgressDialog(label, "", 0, 0, parent)
            self.progress.setObjectName("background_progress")
            self.progress.setCancelButton(None)
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(300)  # small databases never flash a dialog
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
        self._abandoned = False
        self._thread = QThread(self)
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)

    def start(self) -> None:
        if not self._abandoned:
            self._thread.start()

    def wait(self) -> None:
        """Block until the work is done, and never start it after this (the window is
        closing: the thread must not outlive it)."""
        self._abandoned = True
        self._thread.quit()
        self._thread.wait()

    def _done(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.progress is not None:
            self.progress.close()
        self.finished.emit()

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        self._done()
        self.succeeded.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)
