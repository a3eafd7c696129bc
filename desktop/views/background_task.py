"""Long work off the GUI thread: `Worker` runs a plain function on its own QThread, and
`BackgroundTask` adds a busy dialog for work that cannot be cancelled.

The work is a plain function from desktop.store, services, exchange or reports that opens its
own connections, so it may run in any thread. It is called as `work(progress, cancelled)`:
`progress(done, total)` reaches the GUI thread as `progressed`, and `cancelled()` says whether
cancel() was asked for (the work polls it between chunks and raises `Cancelled`). A RapportError
ends in `failed` with its one line; any other exception is a bug: its traceback is printed and
it fails with a generic line, so no dialog is ever left hanging.

`write_in_background` is for a user's own save, delete or tag: short work that may still wait
up to the busy timeout for another program's write lock. The window keeps painting while it
waits, and the caller reads on as if the call had been made in place.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import RapportError

#: work(progress(done, total), cancelled()) -> result; runs off the GUI thread
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], object]
T = TypeVar("T")


class Cancelled(Exception):
    """Raised by work that stopped because cancel() was asked for: ends in `cancelled`."""


class _Worker(QObject):
    """Lives on the thread; its signals are queued to the Worker on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._progress, self.stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except RapportError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: keep the traceback, and never leave a dialog up
            traceback.print_exc()
            self.failed.emit(f"The work stopped on an unexpected error: {error}")
        else:
            self.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class Worker(QObject):
    """Start with start(). Every signal arrives on the GUI thread; when the work ends, the
    thread has already stopped, `finished` comes first (close the dialog there), then one of
    `succeeded`, `failed` or `cancelled`."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._abandoned = False
        self._thread = QThread(self)
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)

    def start(self) -> None:
        if not self._abandoned:
            self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; `cancelled` (or its result) follows."""
        self._worker.stop.set()

    def isRunning(self) -> bool:  # named like the QThread it replaces in the import wizard
        return self._thread.isRunning()

    def wait(self) -> None:
        """Block until the work is done, and never start it after this (the owner is going
        away: a QThread destroyed while running aborts the process)."""
        self._abandoned = True
        self._thread.quit()
        self._thread.wait()

    def _stopped(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.finished.emit()

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        self._stopped()
        self.succeeded.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._stopped()
        self.failed.emit(message)

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self._stopped()
        self.cancelled.emit()


class BackgroundTask(Worker):
    """One piece of work (a backup, a check, an erasure) with a busy dialog. SQLite cannot be
    interrupted half-way through a backup or an integrity check, so the dialog has no Cancel:
    it only says what is happening."""

    def __init__(self, parent: QWidget, label: str | None, work: Callable[[], object]) -> None:
        """`label` None: no dialog at all (a check the user did not ask for)."""
        super().__init__(lambda _progress, _cancelled: work(), parent)
        self.progress: QProgressDialog | None = None
        if label is not None:
            self.progress = QProgressDialog(label, "", 0, 0, parent)
            self.progress.setObjectName("background_progress")
            self.progress.setCancelButton(None)
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(300)  # small databases never flash a dialog
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
            self.finished.connect(self.progress.close)


def write_in_background(parent: QObject, work: Callable[[], T]) -> T:
    """Run `work` (a service call that writes) on a worker thread and wait for it in a local
    event loop; returns its result or raises its RapportError (a bug becomes a RapportError
    with the worker's generic line, its traceback printed by the worker).

    The loop leaves the user's clicks and keys queued until the work is done: the window paints
    and the caller's 'Waiting for the database...' shows, but nothing the user does can start a
    second write, close the card or change what is being saved half-way."""
    outcome: list[tuple[bool, object]] = []

    def run(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
        try:
            return True, work()
        except RapportError as error:  # the exact error (a ValidationError names its field)
            return False, error

    worker = Worker(run, parent)
    loop = QEventLoop()
    worker.succeeded.connect(lambda result: outcome.append(result))
    worker.failed.connect(lambda message: outcome.append((False, RapportError(message))))
    worker.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker.start()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    worker.deleteLater()
    done, value = outcome[0]
    if not done:
        raise cast(RapportError, value)
    return cast(T, value)
