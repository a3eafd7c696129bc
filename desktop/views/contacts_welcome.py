"""What the card side shows while there are no contacts at all (the first start): a way in,
instead of an empty grey card. Import brings the user's own contacts; sample data lets them
look around first; New contact starts typing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.changes import Changes
from desktop.views import safety_actions

if TYPE_CHECKING:
    from desktop.services.demo import DemoSummary
    from desktop.views.areas import AreaContext

#: enough to try lookup, groups, the calendar and the pipeline; written in about a second
SAMPLE_CONTACTS = 200


class ContactsWelcome(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_welcome")
        self._context = context
        title = QLabel(self.tr("No contacts yet"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        text = QLabel(
            self.tr(
                "Bring in your contacts from a spreadsheet, Outlook, Google or another CRM, "
                "or look around first with {} made-up sample contacts, their activities and "
                "deals."
            ).format(SAMPLE_CONTACTS)
        )
        text.setWordWrap(True)
        text.setMinimumWidth(text.fontMetrics().averageCharWidth() * 48)  # a readable measure
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("welcome_import")
        self.import_button.clicked.connect(self._on_import_clicked)
        self.sample_button = QPushButton(self.tr("Explore with sample data"))
        self.sample_button.setObjectName("welcome_sample")
        self.sample_button.setToolTip(
            self.tr("Adds {} invented contacts to this database").format(SAMPLE_CONTACTS)
        )
        self.sample_button.clicked.connect(self._on_sample_clicked)
        self.new_button = QPushButton(self.tr("New contact"))
        self.new_button.setObjectName("welcome_new")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, text, self.import_button, self.sample_button, self.new_button):
            layout.addWidget(widget)
        layout.addStretch(2)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.set_read_only(context.db.readonly)

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.import_button, self.sample_button, self.new_button):
            button.setEnabled(not read_only)

    def _on_import_clicked(self) -> None:
        from desktop.views.import_wizard import open_import_wizard  # the wizard on first use

        open_import_wizard(self._context)

    def _on_sample_clicked(self) -> None:
        from desktop.services.demo import generate_demo  # its word lists on first use only

        db, context = self._context.db, self._context
        self.sample_button.setEnabled(False)

        def added(summary: DemoSummary) -> None:
            self.sample_button.setEnabled(True)
            context.bus.announce(Changes.everything())
            context.window.statusBar().showMessage(
                self.tr("{} sample contacts added. They are invented; delete them (select all, "
                        "Delete) before importing your own.").format(summary.contacts)
            )  # fmt: skip

        task = safety_actions.run_task(
            self,
            self.tr("Adding sample contacts…"),
            lambda: generate_demo(db, SAMPLE_CONTACTS, seed=1),
            added,
        )
        task.failed.connect(lambda _message: self.sample_button.setEnabled(True))
