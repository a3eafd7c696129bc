"""The import wizard's last pages: duplicates (counted without writing), the run itself off the
GUI thread with progress and Cancel, and the summary with 'show' and 'undo'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWizardPage,
)

from desktop.exchange.importer import ImportResult, counted, duplicate_line, run_import
from desktop.exchange.plan import ImportOptions, OnDuplicate
from desktop.exchange.preview import DuplicateCounts, count_duplicates
from desktop.services.changes import Changes
from desktop.views.import_history import undo_after_asking
from desktop.views.import_wizard_pages import error_label, wizard_of
from desktop.views.import_wizard_worker import WizardWorker, stop

if TYPE_CHECKING:
    from desktop.views.import_wizard import ImportWizard


_CHOICES = (
    (OnDuplicate.SKIP, "Skip them"),
    (
        OnDuplicate.UPDATE,
        "Update the stored contact's empty fields (and add new phones, e-mails and addresses)",
    ),
    (OnDuplicate.OVERWRITE, "Overwrite the stored contact's fields with the file's"),
    (OnDuplicate.ADD, "Add them anyway as new contacts"),
)


class DuplicatesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Duplicates"))
        self.setSubTitle(
            self.tr(
                "Rows are matched by e-mail, by phone number, and by name at "
                "the same company, against stored contacts and earlier rows."
            )
        )
        self.counts = QLabel(self.tr("Looking for duplicates…"))
        self.counts.setObjectName("duplicate_counts")
        self.counts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        self.group = QButtonGroup(self)
        self.buttons: dict[OnDuplicate, QRadioButton] = {}
        for choice, text in _CHOICES:
            button = QRadioButton(self.tr(text))
            button.setObjectName(f"duplicates_{choice.value}")
            self.group.addButton(button)
            self.buttons[choice] = button
            layout.addWidget(button)
        self.buttons[OnDuplicate.UPDATE].setChecked(True)
        self.group.buttonToggled.connect(self._on_choice_toggled)
        # every duplicate row and what it repeats, as the chosen action will treat it
        self.rows = QPlainTextEdit()
        self.rows.setObjectName("duplicate_rows")
        self.rows.setReadOnly(True)
        self.rows.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.rows.hide()
        layout.addWidget(self.rows, 1)
        self.worker: WizardWorker | None = None
        self._found: DuplicateCounts | None = None

    def choice(self) -> OnDuplicate:
        return next(c for c, b in self.buttons.items() if b.isChecked())

    def initializePage(self) -> None:
        wizard = wizard_of(self)
        assert wizard.plan is not None
        self.counts.setText(self.tr("Looking for duplicates…"))
        self._found = None
        self.rows.hide()
        stop(self.worker)
        options = ImportOptions(OnDuplicate.SKIP, wizard.bad_rows(), wizard.region())
        plan = wizard.plan
        self.worker = WizardWorker(
            wizard.db.url,
            lambda db, _progress, cancelled: count_duplicates(db, plan, options, cancelled),
            self,
        )
        self.worker.succeeded.connect(self._on_counted)
        self.worker.failed.connect(self._on_count_failed)
        self.worker.start()

    def cleanupPage(self) -> None:
        stop(self.worker)

    def validatePage(self) -> bool:
        stop(self.worker)
        return True

    @Slot(object)
    def _on_counted(self, result: DuplicateCounts) -> None:
        self.counts.setText(
            self.tr(
                "{} read: {} already stored, {} repeating an earlier row of the file. What "
                "should happen to them?"
            ).format(
                counted(result.read, "row"),
                result.in_database,
                result.in_file,
            )
        )
        self._found = result
        self._list_rows()

    @Slot()
    def _on_choice_toggled(self) -> None:
        self._list_rows()

    def _list_rows(self) -> None:
        found = self._found
        if found is None:
            return
        choice = self.choice().value
        self.rows.setPlainText("\n".join(duplicate_line(d, choice) for d in found.rows))
        self.rows.setVisible(bool(found.rows))

    @Slot(str)
    def _on_count_failed(self, message: str) -> None:
        self.counts.setText(message)


class RunPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Importing"))
        self.setSubTitle(
            self.tr("Everything is written in one step: Cancel leaves the database as it was.")
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.status = QLabel()
        self.status.setObjectName("run_status")
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.worker: WizardWorker | None = None
        self._done = False

    def initializePage(self) -> None:
        wizard = wizard_of(self)
        assert wizard.plan is not None
        self._done = False
        self.error.hide()
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Reading {}…").format(wizard.plan.path.name))
        self.cancel_button.setEnabled(True)
        plan, options = wizard.plan, wizard.options()
        self.worker = WizardWorker(
            wizard.db.url,
            lambda db, progress, cancelled: run_import(
                db, plan, options, progress=progress, cancelled=cancelled
            ),
            self,
        )
        self.worker.progressed.connect(self._on_progressed)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.start()

    def cleanupPage(self) -> None:
        stop(self.worker)

    def isComplete(self) -> bool:
        return self._done

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText(self.tr("Cancelling…"))

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(self.tr("{} of about {} rows").format(done, total))

    @Slot(object)
    def _on_succeeded(self, result: ImportResult) -> None:
        wizard = wizard_of(self)
        wizard.result = result
        self._done = True
        self.cancel_button.setEnabled(False)
        wizard.context.bus.announce(Changes.everything())
        wizard.context.window.index_upkeep.start()  # merge what the import loaded
        self.completeChanged.emit()
        wizard.next()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Nothing was imported."))
        self.error.setText(message)
        self.error.show()


class SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Done"))
        self.text = QLabel()
        self.text.setObjectName("summary")
        self.text.setWordWrap(True)
        self.show_button = QPushButton(self.tr("Show imported contacts"))
        self.show_button.setObjectName("show_imported")
        self.show_button.clicked.connect(self._on_show_clicked)
        self.undo_button = QPushButton(self.tr("Undo import"))
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self._on_undo_clicked)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        # a long summary (every duplicate row is listed) scrolls instead of growing the page
        scroll = QScrollArea()
        scroll.setObjectName("summary_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll.setWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)

    def initializePage(self) -> None:
        result = wizard_of(self).result
        assert result is not None
        self.text.setText(result.summary())
        self.show_button.setEnabled(result.created > 0)
        self.undo_button.setEnabled(result.batch_id is not None)

    @Slot()
    def _on_show_clicked(self) -> None:
        wizard_of(self).show_imported()

    @Slot()
    def _on_undo_clicked(self) -> None:
        wizard: ImportWizard = wizard_of(self)
        result = wizard.result
        assert result is not None and result.batch_id is not None

        def undone(message: str) -> None:
            self.undo_button.setEnabled(False)
            self.show_button.setEnabled(False)
            self.text.setText(message)

        counts = (result.created, result.updated)
        undo_after_asking(self, wizard.context, result.batch_id, result.file_name, counts, undone)
