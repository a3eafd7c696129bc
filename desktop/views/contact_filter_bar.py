"""The rows above the contact list: the field chooser and search box, the group/tag/owner
filters and the column choice."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.contact_list import ListQuery
from desktop.services.contact_organizing import list_groups, list_owners, list_tags
from desktop.store.database import Database
from desktop.views.contact_lookup_chooser import LookupChooser

#: Keystrokes already queued are merged into one search (a 0 ms timer fires after the event
#: queue is drained); waiting longer would only add latency, since the first page is bounded
#: work and the expensive part (all matching ids) runs off the GUI thread and is interrupted
#: by the next keystroke.
SEARCH_DELAY_MS = 0


class ContactFilterBar(QWidget):
    #: the query the list should show changed (search text or a filter)
    query_changed = Signal()
    #: Enter or Down in the search box: the user wants to go to the list
    list_requested = Signal()
    #: the user ticked or unticked a column in the Columns menu (column index, visible)
    column_toggled = Signal(int, bool)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.search = QLineEdit()
        self.search.setObjectName("contact_search")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.query_changed)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.lookup = LookupChooser(db)
        self.lookup.changed.connect(self._on_lookup_changed)
        self.search.setPlaceholderText(self._placeholder())

        self.group = self._combo("group_filter", self.tr("All groups"))
        self.tag = self._combo("tag_filter", self.tr("All tags"))
        self.owner = self._combo("owner_filter", self.tr("All owners"))
        self.columns_button = QToolButton()
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_button.setMenu(self.columns_menu)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in (self.group, self.tag, self.owner):
            filters.addWidget(combo, 1)
        filters.addWidget(self.columns_button)
        searching = QHBoxLayout()
        searching.setContentsMargins(0, 0, 0, 0)
        searching.addWidget(self.lookup)
        searching.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(searching)
        layout.addLayout(filters)
        # Owners are a DISTINCT over every contact: filled after the first paint, not before.
        QTimer.singleShot(0, self.reload_choices)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self.query_changed)
        return combo

    def reload_choices(self) -> None:
        """Refill the filters and the lookup fields from the database, keeping what is
        chosen."""
        self.lookup.reload()
        choices = (
            (self.group, [(g.name, g.id) for g in list_groups(self._db)]),
            (self.tag, [(t.name, t.id) for t in list_tags(self._db)]),
            (self.owner, [(o, o) for o in list_owners(self._db)]),
        )
        for combo, items in choices:
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def set_columns(self, titles: list[str], visible: list[bool]) -> None:
        self.columns_menu.clear()
        for column, (title, shown) in enumerate(zip(titles, visible, strict=True)):
            action = QAction(title, self.columns_menu)
            action.setCheckable(True)
            action.setChecked(shown)
            action.toggled.connect(lambda on, c=column: self.column_toggled.emit(c, on))
            self.columns_menu.addAction(action)

    def query(self, base: ListQuery) -> ListQuery:
        """`base` (its sort) with the search text or field lookup and filters chosen here."""
        lookup = self.lookup.lookup(self.search.text())
        return ListQuery(
            search="" if lookup else self.search.text(),
            lookup=lookup,
            group_id=self.group.currentData(),
            tag_id=self.tag.currentData(),
            owner=self.owner.currentData() or "",
            sort=base.sort,
            descending=base.descending,
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_lookup_changed(self) -> None:
        self.search.setEnabled(self.lookup.needs_text)
        self.search.setPlaceholderText(self._placeholder())
        self.query_changed.emit()

    def _placeholder(self) -> str:
        if self.lookup.field.currentData() is None:
            return self.tr("Search name, company, e-mail, phone, city or CRM no. (Ctrl+F)")
        return self.tr("Look up %1 (Ctrl+F)").replace("%1", self.lookup.field.currentText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                if self._timer.isActive():  # typed faster than the list followed
                    self._timer.stop()
                    self.query_changed.emit()
                self.list_requested.emit()
                return True
        return super().eventFilter(watched, event)
