"""The import wizard's background work: preview, duplicate count and the import itself each
run on a Worker with its own database connection; results and errors come back by signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.store.database import Database, open_database
from desktop.views.background_task import Worker

#: job(db, progress, cancelled) -> result; runs off the GUI thread
Job = Callable[[Database, Callable[[int, int], None], Callable[[], bool]], object]


class WizardWorker(Worker):
    def __init__(self, url: str, job: Job, parent: QObject | None = None) -> None:
        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            db = open_database(url, create=False)
            try:
                return job(db, progress, cancelled)
            finally:
                db.close()

        super().__init__(work, parent)


def stop(worker: WizardWorker | None) -> None:
    """Cancel a running worker and wait for it (leaving a page, closing the wizard)."""
    if worker is not None and worker.isRunning():
        worker.cancel()
        worker.wait()
