"""What a user does to contacts where they are: a right-click in the list, or the card's Actions
button. Both fill their menu here, so the two never offer different things.

Schedule call, Schedule meeting, Add history and Print customer sheet are for one contact and
show it on the card first (saving an edit there, as leaving the card does); E-mail, Add to
group, Tag and Delete take every contact chosen. In a read-only window only what does not
write is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu

from desktop.errors import RapportError
from desktop.services import activities, recurrence
from desktop.services.activity_values import ActivityDraft
from desktop.services.contacts import primary_emails
from desktop.views.activity_commands import ScheduleActivityCommand
from desktop.views.contact_dialogs import Ask
from desktop.views.schedule_dialog import ScheduleDialog

if TYPE_CHECKING:
    from desktop.views.contacts_view import ContactsView

#: a mail to more people than this is a mailing, not an e-mail (and too long a mailto: URL)
MAX_RECIPIENTS = 100


def open_mail(url: QUrl) -> bool:
    """Hand a mailto: URL to the user's mail program; tests replace this."""
    return QDesktopServices.openUrl(url)


class ContactActions(QObject):
    """Fills a menu for some contacts of a ContactsView and carries out what is chosen."""

    def __init__(self, view: ContactsView) -> None:
        super().__init__(view)
        self._view = view
        self.schedule_dialog: ScheduleDialog | None = None  # the last one opened

    def fill(self, menu: QMenu, ids: list[int]) -> None:
        """Replace the menu's entries with those for `ids` (disabled where they do not apply)."""
        view = self._view
        menu.clear()
        one = len(ids) == 1
        writable = not view.context.db.readonly
        first = ids[0] if ids else 0
        entries: list[tuple[str, str, bool, Callable[[], object]] | None] = [
            ("schedule_call", self.tr("Schedule call…"), one and writable,
             lambda: self.schedule(first, "call")),
            ("schedule_meeting", self.tr("Schedule meeting…"), one and writable,
             lambda: self.schedule(first, "meeting")),
            ("add_history", self.tr("Add history…"), one and writable,
             lambda: self.add_history(first)),
            None,
            ("email", self.tr("E-mail…"), bool(ids), lambda: self.email(ids)),
            ("print_sheet", self.tr("Print customer sheet…"), one,
             lambda: self.print_sheet(first)),
            None,
            ("add_to_group", self.tr("Add to group…"), bool(ids) and writable,
             lambda: view.add_to_group(ids)),
            ("tag", self.tr("Tag…"), bool(ids) and writable, lambda: view.tag(ids)),
            None,
            ("delete", self.tr("Delete"), bool(ids) and writable, lambda: view.delete(ids)),
        ]  # fmt: skip
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            name, text, enabled, run = entry
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(run)

    # -- what the entries do -------------------------------------------------------------------

    def _show_on_card(self, contact_id: int) -> bool:
        """The card shows this contact (an edit of another one saved first); False: it could
        not be left, and stays where the user must fix it."""
        view = self._view
        if view.card.contact_id != contact_id:
            view.open_contact(contact_id)
        return view.card.contact_id == contact_id

    def schedule(self, contact_id: int, history_kind: str) -> ScheduleDialog | None:
        """The schedule dialog with this contact, the type whose history kind is
        `history_kind` ('call', 'meeting') and a subject naming them."""
        if not self._show_on_card(contact_id):
            return None
        context = self._view.context
        detail = self._view.card.detail
        assert detail is not None
        tzid = recurrence.local_zone_name()
        types = activities.activity_types(context.db)

        def submit(draft: ActivityDraft) -> None:
            command = ScheduleActivityCommand.scheduled(context.db, context.bus, draft)
            context.undo_stack.push(command)

        dialog = ScheduleDialog(
            context.db, types, recurrence.zone(tzid), tzid, submit, self._view.window()
        )
        chosen = next((t for t in types if t.history_kind == history_kind), None)
        if chosen is not None:
            dialog.set_type(chosen.id)
            dialog.subject.setText(f"{chosen.name} {detail.display_name or detail.company}")
        dialog.contacts.add(contact_id, detail.display_name or detail.company)
        dialog.open()
        self.schedule_dialog = dialog
        return dialog

    def add_history(self, contact_id: int) -> None:
        """The card's History tab, the cursor in its line: type, Enter, done."""
        if not self._show_on_card(contact_id):
            return
        card = self._view.card
        card.tabs.setCurrentWidget(card.history)
        card.history.text.setFocus()

    def email(self, ids: list[int]) -> None:
        """A new mail to the contacts' primary addresses in the user's mail program; says
        whom it leaves out."""
        view = self._view
        if len(ids) > MAX_RECIPIENTS:
            Ask.inform(
                view,
                self.tr("{} contacts are selected; an e-mail goes to at most {} at once.").format(
                    f"{len(ids):,}", MAX_RECIPIENTS
                ),
            )
            return
        try:
            addresses = primary_emails(view.context.db, ids)
        except RapportError as error:
            Ask.inform(view, str(error))
            return
        if not addresses:
            none = (
                self.tr("No e-mail address is stored for this contact.")
                if len(ids) == 1
                else self.tr("None of these contacts has an e-mail address stored.")
            )
            Ask.inform(view, none)
            return
        if not open_mail(QUrl("mailto:" + ",".join(addresses))):
            text = self.tr("No mail program is set up to write to {}.")
            Ask.inform(view, text.format(", ".join(addresses)))
            return
        missing = len(ids) - len(addresses)
        if missing:
            view.context.window.statusBar().showMessage(
                self.tr(
                    "{} of the {} contacts have no e-mail address and are not in the mail."
                ).format(missing, len(ids))
            )

    def print_sheet(self, contact_id: int) -> None:
        if self._show_on_card(contact_id):
            self._view.card.print_sheet()
