"""The contact card: one contact's details, editable in place, beside the list.

An edit is never lost: leaving the card (another row, a new contact, closing the window) saves
it first, and a field that cannot be saved keeps the user on the card with the message beside
it. Every save is a command on the window's undo stack, so Ctrl+Z takes it back. The card
knows only its contact; the list and other screens learn of a save from the change bus.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.exchange.phone_region import system_region
from desktop.services.changes import Changes
from desktop.services.contact_duplicates import find_duplicates
from desktop.services.contact_organizing import list_owners
from desktop.services.contacts import (
    ContactDetail,
    ContactDraft,
    CustomEntry,
    contact_custom_fields,
    load_contact,
    save_contact,
)
from desktop.views.background_task import write_in_background
from desktop.views.card_tabs import CARD_TABS, PLACEHOLDERS, ContactTab
from desktop.views.contact_commands import NewContactCommand, SaveContactCommand
from desktop.views.contact_dialogs import Ask, DuplicateChoice, UnsavedChoice
from desktop.views.contact_entries import country_name
from desktop.views.contact_form import ContactForm
from desktop.views.contact_history_tab import HistoryTab
from desktop.views.contact_purchases_tab import PurchasesTab
from desktop.views.field_message import FieldMessage, Level
from desktop.views.settings import Setting, Settings
from desktop.views.undo_keys import WindowUndoKeys

_STALE = -1  # a tab that must reload before it is shown (no contact has id -1)

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


#: region assumed for phone numbers typed without a country code; '' until the user picks one
#: in Preferences, which means the computer's own region (issue 13.4: not always Germany)
PHONE_REGION = Setting("contacts/phone_region", "")


def phone_region(settings: Settings) -> str:
    """The user's phone region: their choice, else the region of the computer's locale."""
    return settings.read(PHONE_REGION) or system_region()


class ContactCard(QWidget):
    #: a contact was saved (new or changed); carries its id
    contact_saved = Signal(int)
    #: the user chose to open an existing contact instead of saving a duplicate
    open_requested = Signal(int)

    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_card")
        self._context = context
        self._detail: ContactDetail | None = None
        self._loaded = ContactDraft()
        self._editing = False  # False: nothing shown (no contact selected)
        self._saving = False  # a save is waiting for the database

        self.heading = QLabel()
        self.heading.setObjectName("card_heading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        # Wrapped, so a long name or company never widens the card and moves the divider the
        # user placed between list and card.
        self.heading.setWordWrap(True)
        self.banner = FieldMessage()
        self.banner.setObjectName("card_banner")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(self.tr("Save the card (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setToolTip(self.tr("Throw away unsaved changes and reload the card"))
        self.revert_button.clicked.connect(self.revert)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(
            self.tr("Preview this contact's customer sheet, then save it as PDF or print it")
        )
        self.print_button.clicked.connect(self.print_sheet)
        #: what else can be done to this contact; the contacts view fills its menu
        self.actions_button = QToolButton()
        self.actions_button.setObjectName("card_actions")
        self.actions_button.setText(self.tr("Actions"))
        self.actions_button.setToolTip(
            self.tr("Schedule, add history, e-mail, group, tag or delete this contact")
        )
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_button.setMenu(QMenu(self.actions_button))
        self.save_action = QAction(self.tr("Save contact"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        self.form = ContactForm(self.region, self.default_country)
        self.form.edited.connect(self._on_form_edited)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText(self.tr("Notes about this contact"))
        self.notes.textChanged.connect(self._on_form_edited)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("card_tabs")
        self.tabs.addTab(scroll, self.tr("Details"))
        self.history = HistoryTab(context)
        self.purchases = PurchasesTab(context)
        # Tab widget -> the contact it shows. Every tab follows the card at once (other
        # screens' tests and users read a tab without opening it first).
        self._contact_tabs: dict[QWidget, int | None] = {}
        self._contact_tabs.update({self.history: _STALE, self.purchases: _STALE})
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.notes, self.tr("Notes"))
        self.tabs.addTab(self.purchases, self.tr("Purchases"))
        registered = {tab.key for tab in CARD_TABS}
        for key, (title, text) in PLACEHOLDERS.items():
            if key not in registered:
                placeholder = QLabel(self.tr(text))
                placeholder.setObjectName(f"placeholder_{key}")
                placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
                placeholder.setEnabled(False)
                self.tabs.addTab(placeholder, self.tr(title))
        for tab in CARD_TABS:
            self.add_tab(tab.title, tab.factory(context))

        buttons = QHBoxLayout()
        buttons.addWidget(self.heading, 1)
        buttons.addWidget(self.actions_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self._show(None, ContactDraft())
        self._undo_keys = WindowUndoKeys(self)
        # The owners are a DISTINCT over every contact: offered once, after the first paint.
        QTimer.singleShot(0, self._on_owners_due)
        if context.db.readonly:
            self.save_button.setToolTip(self.tr("The database is open read-only"))

    # -- public --------------------------------------------------------------------------------

    def region(self) -> str:
        return phone_region(self._context.settings)

    def default_country(self) -> str:
        """The country a new address starts with: Preferences' default country, by name (as
        addresses are typed and imported), '' when the user chose none."""
        return country_name(self._context.settings.default_country)

    def add_tab(self, title: str, widget: QWidget) -> None:
        """Add a tab whose widget has set_contact(contact_id | None); it follows the card."""
        self.tabs.addTab(widget, title)
        self._contact_tabs[widget] = _STALE
        self._sync_tab(widget)

    @property
    def contact_id(self) -> int | None:
        return self._detail.id if self._detail else None

    @property
    def is_empty(self) -> bool:
        """Nothing on the card: no contact selected and no new one being typed."""
        return not self._editing

    @property
    def detail(self) -> ContactDetail | None:
        return self._detail

    def current_draft(self) -> ContactDraft:
        return replace(self.form.draft(self._loaded), notes=self.notes.toPlainText())

    def is_dirty(self) -> bool:
        return self._editing and self.current_draft() != self._loaded

    def show_contact(self, contact_id: int | None) -> None:
        """Show this contact as stored (unsaved edits of the previous one are dropped: call
        leave() first)."""
        if contact_id is None:
            self._show(None, ContactDraft())
            return
        try:
            detail = load_contact(self._context.db, contact_id)
        except RapportError as error:
            self._show(None, ContactDraft())
            self.banner.show_message(Level.WARNING, str(error))
            return
        self._show(detail, detail.to_draft())

    def new_contact(self, draft: ContactDraft | None = None) -> None:
        """An empty card (or a prefilled one) for a contact not saved yet."""
        self._show(None, draft or ContactDraft(owner=""), editing=True)
        self.tabs.setCurrentIndex(0)
        self.form.lines["first_name"].edit.setFocus()

    def revert(self) -> None:
        """Drop unsaved edits and show the contact as stored now (after a conflict, too)."""
        if self._detail is not None:
            self.show_contact(self._detail.id)
        else:
            self._show(None, ContactDraft(), editing=self._editing)

    def leave(self) -> bool:
        """Save before the card shows something else; False keeps the user on the card."""
        return not self.is_dirty() or self.save()

    def ask_to_close(self) -> bool:
        """Before the window closes: save, discard or stay. False: do not close."""
        if self._saving:
            return False  # the save under way decides; the window closes after it
        if not self.is_dirty():
            return True
        name = self._detail.display_name if self._detail else self.tr("the new contact")
        choice = Ask.unsaved(self, name)
        if choice is UnsavedChoice.SAVE:
            return self.save()
        if choice is UnsavedChoice.DISCARD:
            self.revert()
            return True
        return False

    def save(self) -> bool:
        """Validate and save; on refusal the message is on the card (beside the field it names),
        the edit stays as typed, and False is returned."""
        if not self._editing or self._saving:
            return not self._saving
        if self._detail is not None and not self.is_dirty():
            return True  # nothing changed: nothing to write
        if self._context.db.readonly:
            self.banner.show_message(Level.ERROR, self.tr("Not saved: the database is read-only"))
            return False
        errors = self.form.errors()
        if errors:
            widget, message = errors[0]
            self.banner.show_message(Level.ERROR, self.tr("Not saved: {}").format(message))
            self.tabs.setCurrentIndex(0)
            widget.setFocus()
            return False
        draft = self.current_draft()
        db = self._context.db
        region = self.region()
        try:
            if draft.id is None:
                matches = find_duplicates(db, draft, region)
                if matches:
                    choice = Ask.duplicate(self, matches)
                    if choice is DuplicateChoice.OPEN_EXISTING:
                        self._show(None, ContactDraft())
                        self.open_requested.emit(matches[0].contact_id)
                        return True
                    if choice is DuplicateChoice.CANCEL:
                        return False
            saved = self._write(lambda: save_contact(db, draft, region))
        except ValidationError as error:
            self.banner.show_message(Level.ERROR, self.tr("Not saved: {}").format(error.message))
            self.tabs.setCurrentIndex(0)
            self.form.show_error(error).setFocus()
            return False
        except ConflictError as error:
            self.banner.show_message(Level.ERROR, str(error))
            return False
        except RapportError as error:  # the disk, a lock, a damaged file: the edit stays
            self.banner.show_message(Level.ERROR, self.tr("Not saved: {}").format(error))
            return False
        before = self._detail
        self._show(saved, saved.to_draft())
        self.banner.show_message(Level.HINT, self.tr("Saved {}").format(saved.crm_number))
        report = self._report
        bus = self._context.bus
        if before is None:
            self._context.undo_stack.push(NewContactCommand(db, bus, saved, report))
        else:
            self._context.undo_stack.push(SaveContactCommand(db, bus, before, saved, report))
        bus.announce(Changes.of(contacts=[saved.id]))
        self.contact_saved.emit(saved.id)
        return True

    def reload(self) -> None:
        """Show the stored version again unless the user is editing (the bus said it changed).

        The card's own save comes back here too: when the stored contact is the one shown, only
        the tabs reload, and the form and its 'Saved' line stay as they are."""
        if self._detail is None or self.is_dirty():
            return
        try:
            detail = load_contact(self._context.db, self._detail.id)
        except RapportError:
            self.show_contact(self._detail.id)  # gone since: show_contact says so
            return
        if detail != self._detail:
            self._show(detail, detail.to_draft())
            return
        for widget in self._contact_tabs:
            self._contact_tabs[widget] = _STALE
            self._sync_tab(widget)

    # -- internals -----------------------------------------------------------------------------

    def _report(self, message: str) -> None:
        self.banner.show_message(Level.ERROR, message)

    def _write(self, work: Callable[[], ContactDetail]) -> ContactDetail:
        """Run the save off the GUI thread: another program may hold the write lock for the
        whole busy timeout, and the window must say so instead of freezing."""
        self._saving = True
        self._update_buttons()
        self.banner.show_message(Level.INFO, self.tr("Waiting for the database…"))
        try:
            return write_in_background(self, work)
        finally:
            self._saving = False
            self.banner.show_message(Level.OK, "")
            self._update_buttons()

    def _custom_fields(self) -> tuple[CustomEntry, ...]:
        """The user's own fields for an empty or new card; none when the database cannot be
        read (show_contact has already said why)."""
        try:
            return contact_custom_fields(self._context.db)
        except RapportError:
            return ()

    def _update_buttons(self) -> None:
        """Save and Revert only for an edit there is to save; never on a read-only database."""
        dirty = self.is_dirty()
        writable = not self._context.db.readonly and not self._saving
        self.save_button.setEnabled(dirty and writable)
        self.revert_button.setEnabled(dirty and not self._saving)

    def _show(
        self, detail: ContactDetail | None, draft: ContactDraft, *, editing: bool | None = None
    ) -> None:
        self._detail = detail
        self._loaded = draft
        self._editing = detail is not None if editing is None else editing
        self.form.set_draft(draft, detail.custom if detail else self._custom_fields())
        self.notes.blockSignals(True)
        self.notes.setPlainText(draft.notes)
        self.notes.blockSignals(False)
        # Normalised widgets (e.g. a combo) may read back slightly differently: that is the
        # baseline, so showing a contact never makes the card look edited.
        if self._editing:
            self._loaded = self.current_draft()
        self.tabs.setEnabled(self._editing)
        # Checked on every show: a background check may turn the database read-only later.
        read_only = self._context.db.readonly
        self.form.set_read_only(read_only)
        self.notes.setReadOnly(read_only)
        self.print_button.setEnabled(detail is not None)
        self.actions_button.setEnabled(detail is not None)
        self._update_buttons()
        self.banner.show_message(Level.OK, "")
        self._update_heading()
        for widget in self._contact_tabs:
            self._contact_tabs[widget] = _STALE  # shown again: every tab reloads
            self._sync_tab(widget)

    def _update_heading(self) -> None:
        if self._detail is not None:
            name = self._detail.display_name or self._detail.company
            sub = " · ".join(p for p in (self._detail.crm_number, self._detail.company) if p)
        elif self._editing:
            name, sub = self.tr("New contact"), self.tr("not saved yet")
        else:
            name, sub = self.tr("No contact selected"), ""
        dirty = " ●" if self.is_dirty() else ""
        self.heading.setText(
            f"<span style='font-size:15pt; font-weight:600'>{html.escape(name)}{dirty}</span>"
            f"<br><span style='color:#666'>{html.escape(sub)}</span>"
        )

    def _sync_tab(self, widget: QWidget) -> None:
        """Point this tab at the card's contact unless it already shows it."""
        tabs = self._contact_tabs
        wanted = self.contact_id
        if tabs[widget] != wanted:
            tabs[widget] = wanted
            tab: ContactTab = widget  # type: ignore[assignment]
            tab.set_contact(wanted)

    def _on_owners_due(self) -> None:
        self.form.set_owners(list_owners(self._context.db))

    def _on_form_edited(self) -> None:
        if not self._editing:
            return
        self._update_buttons()
        self._update_heading()

    def print_sheet(self) -> None:
        """The sheet prints what is stored: unsaved edits are saved first, as leaving the card
        would, so the paper never disagrees with the card."""
        if self.is_dirty() and not self.save():
            return
        if self.contact_id is None:
            return
        from desktop.views.reports_menu import show_customer_sheet  # reportlab on first use

        show_customer_sheet(
            self.window(), self._context.db, self.contact_id, self._context.settings
        )
