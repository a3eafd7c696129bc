"""File > Import: the wizard that takes a contacts file from choosing it to an undoable
import (file, sheet and header row, mapping, preview, duplicates, run, summary)."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget, QWizard

from desktop.exchange.importer import ImportResult
from desktop.exchange.plan import BadRows, ImportOptions, ImportPlan, contact_custom_fields
from desktop.exchange.sources import Table
from desktop.views.contact_card import phone_region
from desktop.views.import_wizard_contacts import ImportedContactsDialog
from desktop.views.import_wizard_mapping import MappingPage
from desktop.views.import_wizard_pages import FilePage, PreviewPage, SheetPage
from desktop.views.import_wizard_run import DuplicatesPage, RunPage, SummaryPage

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


class PageId(IntEnum):
    FILE = 0
    SHEET = 1
    MAPPING = 2
    PREVIEW = 3
    DUPLICATES = 4
    RUN = 5
    SUMMARY = 6


class ImportWizard(QWizard):
    """Holds what the pages decide: the plan (file, sheet, header row, mapping), the options
    and, at the end, the result."""

    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(QSize(820, 560))
        self.context = context
        self.db = context.db
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage()
        self.duplicates_page = DuplicatesPage()
        self.run_page = RunPage()
        self.summary_page = SummaryPage()
        for page_id, page in (
            (PageId.FILE, self.file_page),
            (PageId.SHEET, self.sheet_page),
            (PageId.MAPPING, self.mapping_page),
            (PageId.PREVIEW, self.preview_page),
            (PageId.DUPLICATES, self.duplicates_page),
            (PageId.RUN, self.run_page),
            (PageId.SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.summary_page.setFinalPage(True)
        # Once the import ran there is no going back to run it again; undo is on the summary.
        self.run_page.setCommitPage(True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self._contacts_dialog: ImportedContactsDialog | None = None

    def table(self) -> Table:
        assert self.plan is not None and self.plan.table is not None
        return self.plan.table

    def custom_field_names(self) -> list[str]:
        return sorted(contact_custom_fields(self.db))

    def bad_rows(self) -> BadRows:
        return self.preview_page.bad_rows()

    def region(self) -> str:
        """The user's phone region (the card's setting), for rows that name no country."""
        return phone_region(self.context.settings)

    def options(self) -> ImportOptions:
        return ImportOptions(self.duplicates_page.choice(), self.bad_rows(), self.region())

    def show_imported(self) -> None:
        if self.result is None or self.result.batch_id is None:
            return
        self._contacts_dialog = ImportedContactsDialog(self.context, self.result.batch_id, self)
        self._contacts_dialog.show()

    def done(self, result: int) -> None:
        self.preview_page.cleanupPage()
        self.duplicates_page.cleanupPage()
        self.run_page.cleanupPage()
        super().done(result)


def open_import_wizard(context: AreaContext) -> None:
    """File > Import (a MenuCommand)."""
    wizard = ImportWizard(context, context.window)
    wizard.show()
