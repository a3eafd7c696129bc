"""The Reports menu's commands, and the entry points other screens call.

`show_customer_sheet(parent, db, contact_id)` is what the contact card's 'Print customer
sheet' button calls; `print_customer_sheets(parent, db, ids, title)` prints the contacts list's
current selection as a batch. Each builds the report in a ReportRunner (off the GUI thread) and
opens the preview. The small questions (which CRM number, which group, which dates) are
module-level functions so that tests replace them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QMessageBox,
    QWidget,
)
from sqlalchemy import select

from desktop.errors import RapportError
from desktop.models.formats import set_up_date_edit
from desktop.store.database import Database
from desktop.store.entities import Contact, Group, Tag
from desktop.views.report_runner import ReportRunner
from desktop.views.report_settings import HISTORY_ITEMS, ReportSettingsDialog, page_setup
from desktop.views.settings import Settings

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

#: runners still building or showing their preview, kept alive until they are done
_running: list[ReportRunner] = []


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-")[:80] + ".pdf"


def _start(parent: QWidget, title: str, build: Callable[..., str], suggested: str) -> ReportRunner:
    runner = ReportRunner(parent, title, suggested, build)
    _running.append(runner)
    runner.done.connect(lambda: _running.remove(runner) if runner in _running else None)
    runner.start()
    return runner


def show_customer_sheet(
    parent: QWidget, db: Database, contact_id: int, settings: Settings | None = None
) -> ReportRunner:
    """Build one contact's sheet and open its preview (Save as PDF, Print)."""
    from desktop.reports.customer_sheet import build_customer_sheet

    settings = settings or Settings()
    setup, history = page_setup(settings), settings.read(HISTORY_ITEMS)
    with db.transaction() as conn:
        found = conn.execute(
            select(Contact.display_name, Contact.crm_number).where(Contact.id == contact_id)
        ).first()
    title, suggested = parent.tr("Customer sheet"), "customer-sheet.pdf"
    if found is not None:  # else the build says that the contact is gone
        title = f"{title}: {found.display_name} ({found.crm_number})"
        suggested = _file_name(f"customer-sheet-{found.crm_number}")

    def build(out: Path, _progress: object, _cancelled: object) -> str:
        data = build_customer_sheet(db, contact_id, out, setup, history)
        return f"{data.name} ({data.crm_number})"

    return _start(parent, title, build, suggested)


def print_customer_sheets(
    parent: QWidget,
    db: Database,
    contact_ids: Sequence[int],
    title: str,
    settings: Settings | None = None,
) -> ReportRunner:
    """A batch of sheets (a group, a tag, the list's selection), with progress and Cancel."""
    from desktop.reports.batch import build_batch

    settings = settings or Settings()
    setup, history = page_setup(settings), settings.read(HISTORY_ITEMS)
    ids = list(contact_ids)

    def build(
        out: Path, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
    ) -> str:
        result = build_batch(
            db, ids, out, setup, title=title, history_limit=history,
            progress=progress, cancelled=cancelled,
        )  # fmt: skip
        return f"{result.sheets} sheets"

    return _start(parent, title, build, _file_name(title))


# -- questions (replaced in tests) ---------------------------------------------------------------


def ask_crm_number(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent, parent.tr("Customer sheet"), parent.tr("CRM number (e.g. C-000123):")
    )
    return text.strip() if ok and text.strip() else None


def ask_choice(parent: QWidget, title: str, label: str, choices: list[str]) -> str | None:
    if not choices:
        QMessageBox.information(parent, title, parent.tr("There is nothing to choose from yet."))
        return None
    choice, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return choice if ok else None


def ask_date_range(parent: QWidget) -> tuple[date, date] | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(parent.tr("Activities report"))
    today = QDate.currentDate()
    first = QDateEdit(QDate(today.year(), today.month(), 1))
    last = QDateEdit(QDate(today.year(), today.month(), today.daysInMonth()))
    for edit in (first, last):
        edit.setCalendarPopup(True)
        set_up_date_edit(edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(parent.tr("From"), first)
    form.addRow(parent.tr("To"), last)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return first.date().toPython(), last.date().toPython()  # type: ignore[return-value]


# -- menu commands (desktop.views.menu_commands) ------------------------------------------------


def customer_sheet(context: AreaContext) -> None:
    from desktop.reports.data import contact_id_for_crm

    typed = ask_crm_number(context.window)
    if typed is None:
        return
    try:
        with context.db.transaction() as conn:
            contact_id = contact_id_for_crm(conn, typed)
    except RapportError as error:
        QMessageBox.warning(context.window, context.window.tr("Customer sheet"), str(error))
        return
    show_customer_sheet(context.window, context.db, contact_id, context.settings)


def _batch_of(context: AreaContext, table: type[Group] | type[Tag], kind: str) -> None:
    from desktop.reports.selection import group_contact_ids, tag_contact_ids

    window = context.window
    with context.db.transaction() as conn:
        names = list(conn.scalars(select(table.name).order_by(table.name)))
    name = ask_choice(window, window.tr("Customer sheets"), f"Which {kind}?", names)
    if name is None:
        return
    with context.db.transaction() as conn:
        find = group_contact_ids if table is Group else tag_contact_ids
        ids = find(conn, name)
    if not ids:
        QMessageBox.information(window, name, f"The {kind} {name} has no contacts.")
        return
    title = f"{kind.capitalize()} {name}"
    print_customer_sheets(window, context.db, ids, title, context.settings)


def group_batch(context: AreaContext) -> None:
    _batch_of(context, Group, "group")


def tag_batch(context: AreaContext) -> None:
    _batch_of(context, Tag, "tag")


def phone_list(context: AreaContext) -> None:
    from desktop.reports.phone_list import build_phone_list

    setup = page_setup(context.settings)

    def build(out: Path, _progress: object, _cancelled: object) -> str:
        return f"{build_phone_list(context.db, out, setup)} contacts"

    _start(context.window, context.window.tr("Phone list"), build, "phone-list.pdf")


def pipeline(context: AreaContext) -> None:
    from desktop.reports.pipeline_report import build_pipeline_report

    setup = page_setup(context.settings)

    def build(out: Path, _progress: object, _cancelled: object) -> str:
        return f"{len(build_pipeline_report(context.db, out, setup))} stages"

    _start(context.window, context.window.tr("Pipeline"), build, "pipeline.pdf")


def activities(context: AreaContext) -> None:
    from desktop.reports.activity_report import build_activity_report

    chosen = ask_date_range(context.window)
    if chosen is None:
        return
    first, last = chosen
    setup = page_setup(context.settings)

    def build(out: Path, _progress: object, _cancelled: object) -> str:
        return f"{len(build_activity_report(context.db, first, last, out, setup))} activities"

    name = f"activities-{first.isoformat()}-{last.isoformat()}.pdf"
    _start(context.window, context.window.tr("Activities"), build, name)


def report_settings(context: AreaContext) -> None:
    ReportSettingsDialog(context.settings, context.window).exec()
