"""The Contacts area: lookup box and list on the left, the selected contact's card on the right.

The list is a ContactListModel (lazy, SQL-sorted); the view only wires it to the search box,
the filters and the card, keeps the selection on the same contact across refreshes, and turns
list actions (new, delete, group, tag) into undo commands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models.contact_list_model import ContactListModel, Role
from desktop.services.changes import Changes
from desktop.services.contact_deletion import delete_contacts
from desktop.services.contact_list import ListQuery
from desktop.services.contact_organizing import add_to_group, list_groups, list_tags, tag_contacts
from desktop.services.contacts import find_by_crm
from desktop.views.background_task import write_in_background
from desktop.views.contact_card import ContactCard
from desktop.views.contact_commands import DeleteContactsCommand, MembershipCommand
from desktop.views.contact_context_menu import ContactActions
from desktop.views.contact_dialogs import Ask
from desktop.views.contact_filter_bar import ContactFilterBar
from desktop.views.contact_list_columns import ListColumns
from desktop.views.contacts_welcome import ContactsWelcome
from desktop.views.settings import Setting

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext


T = TypeVar("T")
LAST_CONTACT = Setting("contacts/last_contact", 0)
#: a CRM number typed in full ('C-000123', 'c000123') opens that card at once
_FULL_CRM = re.compile(r"^\s*[cC]-?\d{6,}\s*$")
#: a delete keeps everything it removed in memory for undo; more than this is refused
MAX_DELETE = 10_000
#: grouping or tagging is one transaction: a few seconds at most
MAX_MEMBERSHIP = 100_000


class ContactsView(QWidget):
    def __init__(self, context: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._current_id: int | None = None
        self._syncing = False

        self.model = ContactListModel(context.db, self)
        self.filters = ContactFilterBar(context.db)
        self.table = QTableView()
        self.table.setObjectName("contact_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never asks a million rows for their size hint.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")
        self.card = ContactCard(context)
        self.welcome = ContactsWelcome(context)
        self.welcome.new_button.clicked.connect(self.new_contact)
        #: the card, or the welcome while there are no contacts at all
        self.card_side = QStackedWidget()
        self.card_side.addWidget(self.card)
        self.card_side.addWidget(self.welcome)
        self.contact_actions = ContactActions(self)
        #: the right-click menu of the list, filled for the rows under the mouse
        self.context_menu = QMenu(self)
        card_menu = self.card.actions_button.menu()
        card_menu.aboutToShow.connect(
            lambda: self.contact_actions.fill(card_menu, self._card_ids())
        )

        self._build_actions()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        for action in (self.new_action, self.delete_action, self.group_action, self.tag_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        left_layout.addLayout(bottom)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.card_side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        filters = self.filters
        for before, after in (
            (filters.search, filters.group),
            (filters.group, filters.tag),
            (filters.tag, filters.owner),
            (filters.owner, filters.columns_button),
            (filters.columns_button, self.table),
            (self.table, self.card),
        ):
            QWidget.setTabOrder(before, after)

        self.filters.query_changed.connect(self._on_query_changed)
        self.filters.list_requested.connect(self._on_list_requested)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.ids_loaded.connect(self._restore_selection)
        self.model.count_changed.connect(self._on_count_changed)
        self.card.open_requested.connect(self._on_card_open_requested)
        self.card.contact_saved.connect(self._on_card_contact_saved)
        context.bus.changed.connect(self._on_bus_changed)
        context.window.installEventFilter(self)

        self.columns = ListColumns(
            self.table, self.model, self.filters, self.splitter, context.settings
        )
        self._update_actions()
        last = context.settings.read(LAST_CONTACT)
        self._current_id = last or None
        self.model.set_query(self.model.query)
        if self._current_id is not None:
            self.card.show_contact(self._current_id)
            if self.card.contact_id is None:  # deleted since, or another database: say nothing
                self._current_id = None
                self.card.show_contact(None)

    # -- construction --------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: object) -> QAction:
        action = QAction(self.tr(text), self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{self.tr(text)} ({action.shortcut().toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("New", "Ctrl+N", self.new_contact)
        self.delete_action = self._action(
            "Delete", QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.group_action = self._action("Add to group…", "Ctrl+G", self.add_selected_to_group)
        self.tag_action = self._action("Tag…", "Ctrl+T", self.tag_selected)
        self.find_action = self._action("Find", "Ctrl+F", self.filters.focus_search)
        self.find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+L")])
        for action in (self.new_action, self.delete_action, self.group_action, self.tag_action):
            self.table.addAction(action)  # their keys work in the list
        # Del deletes contacts only from the list, never while the card or a tab has the focus.
        self.removeAction(self.delete_action)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def _update_actions(self) -> None:
        """Editing actions only where they can work: none in a read-only window (checked again
        as the user moves on: a background check may turn the database read-only after the
        window opened), and Delete, Add to group and Tag only with contacts selected."""
        writable = not self._context.db.readonly
        chosen = writable and self.table.selectionModel().hasSelection()
        self.welcome.set_read_only(not writable)
        self.new_action.setEnabled(writable)
        for action in (self.delete_action, self.group_action, self.tag_action):
            action.setEnabled(chosen)
        for action in (self.new_action, self.delete_action, self.group_action, self.tag_action):
            if not writable:
                action.setToolTip(self.tr("The database is open read-only"))

    # -- public --------------------------------------------------------------------------------

    @property
    def context(self) -> AreaContext:
        return self._context

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, read from the selection's ranges (Ctrl+A on a million
        rows must not fetch a million rows)."""
        ids: list[int] = []
        for selected in self.table.selectionModel().selection():
            ids.extend(self.model.ids_between(selected.top(), selected.bottom()))
        return list(dict.fromkeys(ids))

    def open_contact(self, contact_id: int) -> None:
        """Show this contact on the card and select it in the list when it is there."""
        if not self.card.leave():
            return
        self._current_id = contact_id
        self.card.show_contact(contact_id)
        self._context.settings.write(LAST_CONTACT, contact_id)
        self._restore_selection()

    def new_contact(self) -> None:
        if self.new_action.isEnabled() and self.card.leave():
            self.card_side.setCurrentWidget(self.card)
            self.table.clearSelection()
            self.card.new_contact()

    def delete_selected(self) -> None:
        self.delete(self.selected_ids())

    def delete(self, ids: list[int]) -> None:
        """Ask, delete (an undo command) and show the neighbouring contact."""
        if not ids or self._context.db.readonly:
            return
        if self._too_many(ids, MAX_DELETE, self.tr("delete at most {} at once.")):
            return
        if not Ask.confirm_delete(self, self._names_of(ids[:5]), len(ids)):
            return
        neighbour = self._neighbour_of(ids)
        db = self._context.db
        try:
            deleted = self._write(lambda: delete_contacts(db, ids))
        except RapportError as error:
            Ask.inform(self, str(error))
            return
        if self.card.contact_id in deleted.contact_ids or self.card.is_empty:
            # on to the next row, as in a mail program, instead of back to the top
            self._current_id = neighbour
            self.card.show_contact(neighbour)
            self._context.settings.write(LAST_CONTACT, neighbour or 0)
        text = self.tr("Delete {} contact(s)").format(deleted.count)
        command = DeleteContactsCommand(
            db, self._context.bus, deleted, text, self._report, self._on_contacts_restored
        )
        self._context.undo_stack.push(command)
        self._context.bus.announce(Changes.of(contacts=deleted.contact_ids))

    def _names_of(self, ids: list[int]) -> list[str]:
        """The names of a few contacts, as the list (or the card) shows them."""
        names = []
        for contact_id in ids:
            row = self.model.row_of(contact_id)
            if row is not None:
                names.append(str(self.model.index(row, 1).data()))
            elif self.card.detail is not None and self.card.detail.id == contact_id:
                names.append(self.card.detail.display_name)
        return names

    def _neighbour_of(self, ids: list[int]) -> int | None:
        """The contact to show once `ids` are deleted: the row below the selection, else the
        one above it (read from the selection's ranges, as selected_ids does)."""
        ranges = list(self.table.selectionModel().selection())
        if not ranges:
            return None
        gone = set(ids)
        below = max(r.bottom() for r in ranges) + 1
        above = min(r.top() for r in ranges) - 1
        for row in (below, above):
            if 0 <= row < self.model.rowCount():
                found = self.model.ids_between(row, row)
                if found and found[0] not in gone:
                    return found[0]
        return None

    def _write(self, work: Callable[[], T]) -> T:
        """Run a list action's write off the GUI thread (another program may hold the lock for
        seconds), saying so in the status bar meanwhile."""
        status = self._context.window.statusBar()
        status.showMessage(self.tr("Waiting for the database…"))
        try:
            return write_in_background(self, work)
        finally:
            status.clearMessage()

    def _too_many(self, ids: list[int], limit: int, most: str) -> bool:
        """Tell the user, and say so, when more contacts are selected than `limit`."""
        if len(ids) <= limit:
            return False
        selected = self.tr("{} contacts are selected; ").format(f"{len(ids):,}")
        Ask.inform(self, selected + most.format(f"{limit:,}"))
        return True

    def add_selected_to_group(self) -> None:
        self.add_to_group(self.selected_ids())

    def tag_selected(self) -> None:
        self.tag(self.selected_ids())

    def add_to_group(self, ids: list[int]) -> None:
        existing = [g.name for g in list_groups(self._context.db)]
        self._add_membership(ids, "group", self.tr("Add to group"), self.tr("Group:"), existing)

    def tag(self, ids: list[int]) -> None:
        existing = [t.name for t in list_tags(self._context.db)]
        self._add_membership(ids, "tag", self.tr("Tag contacts"), self.tr("Tag:"), existing)

    def _add_membership(
        self, ids: list[int], kind: str, title: str, label: str, existing: list[str]
    ) -> None:
        if not ids or self._context.db.readonly or not self.card.leave():
            return
        if self._too_many(ids, MAX_MEMBERSHIP, self.tr("group or tag at most {} at once.")):
            return
        name = Ask.name(self, title, label, existing)
        if not name:
            return
        add = tag_contacts if kind == "tag" else add_to_group
        db = self._context.db
        try:
            added = self._write(lambda: add(db, ids, name))
        except RapportError as error:
            Ask.inform(self, str(error))
            return
        bus = self._context.bus
        self._context.undo_stack.push(
            MembershipCommand(self._context.db, bus, kind, name, added, self._report)
        )
        bus.announce(Changes.of(contacts=added))
        self.filters.reload_choices()

    # -- slots ---------------------------------------------------------------------------------

    def _on_query_changed(self) -> None:
        text = self.filters.search.text()
        self.model.set_query(self.filters.query(self.model.query))
        if _FULL_CRM.match(text):
            self._jump_to_crm(text)

    def _on_list_requested(self) -> None:
        text = self.filters.search.text()
        if text and self._jump_to_crm(text):
            return
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 1))

    def _jump_to_crm(self, text: str) -> bool:
        contact_id = find_by_crm(self._context.db, text)
        if contact_id is not None:
            self.open_contact(contact_id)
        return contact_id is not None

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        contact_id = current.data(Role.ID)
        if contact_id == self._current_id and self.card.contact_id == contact_id:
            return
        self._update_actions()
        if not self.card.leave():
            # back to the card the user must fix, once the click has finished selecting
            QTimer.singleShot(0, self._restore_selection)
            return
        self._current_id = contact_id
        self.card.show_contact(contact_id)
        self._context.settings.write(LAST_CONTACT, int(contact_id))

    def _restore_selection(self) -> None:
        """Select the card's contact again after the list was reloaded."""
        if self._current_id is None:
            return
        row = self.model.row_of(self._current_id)
        if row is None:
            return
        self._syncing = True
        try:
            index = self.model.index(row, max(self.table.currentIndex().column(), 0))
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _card_ids(self) -> list[int]:
        return [self.card.contact_id] if self.card.contact_id is not None else []

    def _on_table_context_menu(self, pos: QPoint) -> None:
        """Right-click: the row under the mouse joins the selection unless it is in it (as in
        a file manager), then the menu for the selected contacts."""
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.setCurrentIndex(index)
        self.contact_actions.fill(self.context_menu, self.selected_ids())
        self.context_menu.addSeparator()
        self.context_menu.addAction(self.new_action)
        self.context_menu.popup(self.table.viewport().mapToGlobal(pos))

    def _on_contacts_restored(self, ids: Sequence[int]) -> None:
        """An undone delete: its first contact is shown again, where it was before."""
        if ids:
            self.open_contact(ids[0])

    def _on_card_open_requested(self, contact_id: int) -> None:
        self.open_contact(contact_id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_card_contact_saved(self, contact_id: int) -> None:
        self._current_id = contact_id
        self._context.settings.write(LAST_CONTACT, contact_id)

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches_contacts():
            return
        self._update_actions()
        self.model.refresh()
        shown = self.card.contact_id
        if shown is not None and (changes.all or shown in changes.contacts):
            self.card.reload()

    def _on_model_reset(self) -> None:
        if not self.model.complete:  # the count comes with the ids, a moment later
            self.count_label.setText(self.tr("{}+ contacts").format(f"{self.model.rowCount():,}"))
        self._restore_selection()
        self._update_actions()  # a reset drops the selection without a selectionChanged

    def _on_count_changed(self, count: int) -> None:
        query = self.model.query
        # No contacts at all (not merely none matching a search): the welcome, not a grey card.
        empty = count == 0 and query == ListQuery(sort=query.sort, descending=query.descending)
        if empty:
            self.count_label.setText(self.tr("No contacts yet"))
            if self.card.is_empty:
                self.card_side.setCurrentWidget(self.welcome)
        else:
            self.count_label.setText(self.tr("{} contacts").format(f"{count:,}"))
            self.card_side.setCurrentWidget(self.card)

    def _report(self, message: str) -> None:
        Ask.inform(self, message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._context.window and event.type() == QEvent.Type.Close:
            assert isinstance(event, QCloseEvent)
            if not self.card.ask_to_close():
                event.ignore()
                return True
            self.model.close()
        return super().eventFilter(watched, event)
