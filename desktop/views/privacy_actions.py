"""Tools > Export a person's data… and Tools > Erase a person…: a customer's rights, by CRM
number (the number the customer quotes, or the one on the card the user has open).

An erasure cannot be undone, so it is confirmed with the person's name, and afterwards the undo
stack is cleared: a 'delete' kept there for undo holds a copy of the person and would bring
them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from desktop.services.changes import Changes
from desktop.services.contacts import find_by_crm, load_contact
from desktop.services.erasure import Erasure, erase_person
from desktop.services.privacy import PersonExport, export_person
from desktop.views import safety_actions

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


def ask_crm_number(parent: QWidget, title: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, parent.tr("CRM number of the person:"))
    return text if ok and text.strip() else None


def ask_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, parent.tr("Export the person's data to"))
    return Path(folder) if folder else None


def _chosen_contact(context: AreaContext, title: str) -> tuple[int, str] | None:
    """(id, 'Name (C-000123)') of the contact whose CRM number the user types, or None."""
    typed = ask_crm_number(context.window, title)
    if typed is None:
        return None
    contact_id = find_by_crm(context.db, typed)
    if contact_id is None:
        safety_actions.warn(context.window, title, f"No contact has the CRM number '{typed}'.")
        return None
    card = load_contact(context.db, contact_id)
    name = card.display_name or card.company or card.crm_number
    return contact_id, f"{name} ({card.crm_number})"


def export_person_data(context: AreaContext) -> None:
    title = "Export a person's data"
    chosen = _chosen_contact(context, title)
    if chosen is None:
        return
    contact_id, who = chosen
    folder = ask_folder(context.window)
    if folder is None:
        return

    def done(result: PersonExport) -> None:
        kinds = ", ".join(f"{n} {kind}" for kind, n in result.counts.items() if n)
        safety_actions.inform(
            context.window,
            title,
            f"Everything kept about {who} ({kinds or 'no linked records'}) is in\n"
            f"{result.json_path}\nand the card in\n{result.vcard_path}",
        )

    safety_actions.run_task(
        context.window,
        context.window.tr("Exporting…"),
        lambda: export_person(context.db, contact_id, folder),
        done,
    )


def erase_person_data(context: AreaContext) -> None:
    title = "Erase a person"
    chosen = _chosen_contact(context, title)
    if chosen is None:
        return
    contact_id, who = chosen
    question = (
        f"Erase {who} and everything linked to them: phones, e-mails, addresses, history, "
        "activities only they attend, purchases, notes?\n\nThis cannot be undone. Deals stay "
        "without the contact. Only an anonymous entry records that an erasure took place."
    )
    if not safety_actions.confirm(context.window, title, question):
        return

    def done(erasure: Erasure) -> None:
        context.undo_stack.clear()
        context.bus.changed.emit(Changes.of(contacts=[contact_id]))
        # Not yet wiped from the files (another program reads them): a warning, not news.
        show = safety_actions.inform if erasure.wiped else safety_actions.warn
        show(context.window, title, erasure.message)

    safety_actions.run_task(
        context.window,
        context.window.tr("Erasing…"),
        lambda: erase_person(context.db, contact_id),
        done,
    )
