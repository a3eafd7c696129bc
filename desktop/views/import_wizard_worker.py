"""The import wizard's background work: preview, duplicate count and the import itself each
run on a QThread with its own database connection; results and errors come back by signal."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from desktop.errors import RapportError
from desktop.store.database import Database, open_database

#: job(db, progress, cancelled) -> result; runs off the GUI thread
Job = Callable[[Database, Callable[[int, int], None], Callable[[], bool]], object]


class WizardWorker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, url: str, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = url
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            db = open_database(self._url, create=False)
            try:
                result = self._job(db, self.progressed.emit, self._cancel.is_set)
            finally:
                db.close()
        except RapportError as exc:
            self.failed.emit(str(exc))
            return
        self.succeeded.emit(result)


def stop(worker: WizardWorker | None) -> None:
    """Cancel a running worker and wait for it (leaving a page, closing the wizard)."""
    if worker is not None and worker.isRunning():
        worker.cancel()
        worker.wait()
