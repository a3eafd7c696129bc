"""Build a report off the GUI thread, with progress and Cancel, then open its preview.

The build is a plain function from desktop.reports, run in a QThread with the window's Database
(the engine hands the thread its own connection); it writes into a temporary folder that the
preview takes over. Progress comes back by queued signal; Cancel sets a flag the build polls
between chunks. A refusal (an empty group, a contact deleted meanwhile) arrives as `failed`
with the RapportError's one line and is shown in a message box.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.errors import RapportError
from desktop.views.report_preview import ReportPreviewDialog

#: build(out, progress(done, total), cancelled()) -> one line saying what was written
BuildFunction = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], str]


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, build: BuildFunction, out: Path) -> None:
        super().__init__()
        self._build = build
        self._out = out
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from desktop.reports.batch import BatchCancelled  # reportlab loads with the first report

        try:
            summary = self._build(self._out, self.progressed.emit, self.stop.is_set)
        except BatchCancelled:
            self.cancelled.emit()
        except RapportError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: keep the traceback, and never leave the dialog up
            traceback.print_exc()
            self.failed.emit(f"The report could not be built: {error}")
        else:
            self.succeeded.emit(summary)


class ReportRunner(QObject):
    """One report being built; `preview` is set and `done` emitted when it is shown (or the
    build failed or was cancelled: then `preview` stays None)."""

    done = Signal()

    def __init__(
        self, parent: QWidget, title: str, suggested_name: str, build: BuildFunction
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.title = title
        self._suggested = suggested_name
        self._scratch = Path(tempfile.mkdtemp(prefix="rapport-report-"))
        self._out = self._scratch / suggested_name
        self.preview: ReportPreviewDialog | None = None
        self.error: str | None = None
        #: (done, total) as last reported by the build
        self.last_progress: tuple[int, int] | None = None
        self.progress = QProgressDialog(title, parent.tr("Cancel"), 0, 0, parent)
        self.progress.setObjectName("report_progress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)  # a single sheet never flashes a dialog
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumWidth(380)
        self._thread = QThread(self)
        self._worker = _Worker(build, self._out)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self.progress.canceled.connect(self._on_progress_canceled)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)
        self._thread.start()

    def cancel(self) -> None:
        self._worker.stop.set()

    # -- slots (GUI thread) -------------------------------------------------------------------

    @Slot()
    def _on_app_about_to_quit(self) -> None:
        # a QThread destroyed while running aborts the process: stop the build (it checks
        # between chunks) and wait for it before the window and this runner go away
        self.cancel()
        self._thread.quit()
        self._thread.wait()

    @Slot()
    def _on_progress_canceled(self) -> None:
        self.progress.setLabelText(self._parent.tr("Cancelling…"))
        self.cancel()

    @Slot(int, int)
    def _on_worker_progressed(self, done: int, total: int) -> None:
        self.last_progress = (done, total)
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(f"{self.title}: {done:,} of {total:,}")

    @Slot(str)
    def _on_worker_succeeded(self, _summary: str) -> None:
        from desktop.reports.fonts import report_fonts

        self._finish()
        self.preview = ReportPreviewDialog(
            self._out,
            self.title,
            self._suggested,
            self._parent,
            scratch=self._scratch,
            warnings=report_fonts().warnings,
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.show()
        self.done.emit()

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.error = message
        self._finish(remove=True)
        QMessageBox.warning(self._parent, self.title, message)
        self.done.emit()

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self._finish(remove=True)
        self.done.emit()

    def _finish(self, remove: bool = False) -> None:
        self._thread.quit()
        self._thread.wait()
        self.progress.reset()
        self.progress.hide()
        if remove:
            shutil.rmtree(self._scratch, ignore_errors=True)
