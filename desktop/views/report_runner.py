"""Build a report off the GUI thread, with progress and Cancel, then open its preview.

The build is a plain function from desktop.reports, run on a Worker with the window's Database
(the engine hands the thread its own connection); it writes into a temporary folder that the
preview takes over. Cancel sets a flag the build polls between chunks. A refusal (an empty
group, a contact deleted meanwhile) arrives as `failed` with the RapportError's one line and is
shown in a message box.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.views.background_task import Cancelled, Worker
from desktop.views.report_preview import ReportPreviewDialog

#: build(out, progress(done, total), cancelled()) -> one line saying what was written
BuildFunction = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], str]


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

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            # imported here: reportlab loads with the first report, on this thread
            from desktop.reports.batch import BatchCancelled

            try:
                return build(self._out, progress, cancelled)
            except BatchCancelled:
                raise Cancelled from None

        self._worker = Worker(work, self)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self.progress.canceled.connect(self._on_progress_canceled)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)
        self._worker.start()

    def cancel(self) -> None:
        self._worker.cancel()

    # -- slots (GUI thread) -------------------------------------------------------------------

    @Slot()
    def _on_app_about_to_quit(self) -> None:
        # a QThread destroyed while running aborts the process: stop the build (it checks
        # between chunks) and wait for it before the window and this runner go away
        self.cancel()
        self._worker.wait()

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

    @Slot()
    def _on_worker_finished(self) -> None:
        self.progress.reset()
        self.progress.hide()

    @Slot(object)
    def _on_worker_succeeded(self, _summary: str) -> None:
        from desktop.reports.fonts import report_fonts

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
        shutil.rmtree(self._scratch, ignore_errors=True)
        QMessageBox.warning(self._parent, self.title, message)
        self.done.emit()

    @Slot()
    def _on_worker_cancelled(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)
        self.done.emit()
