"""Editors for a card's phones, e-mails and addresses: rows with a label, a primary mark and
a check as the user types (e-mail refused, phone shown in international form or warned)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Generic, TypeVar

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.services.contact_fields import check_email, check_phone, phone_label
from desktop.services.contacts import AddressEntry, EmailEntry, PhoneEntry
from desktop.views.field_message import FieldMessage, Level

E = TypeVar("E", PhoneEntry, EmailEntry, AddressEntry)

PHONE_LABELS = ("work", "mobile", "home", "fax", "other")
EMAIL_LABELS = ("work", "home", "other")
ADDRESS_LABELS = ("work", "home", "billing", "shipping", "other")
_ADDRESS_PARTS = (
    ("street", "Street"),
    ("postal_code", "Postcode"),
    ("city", "City"),
    ("country", "Country"),
)


class _EntryRow(QWidget, Generic[E]):
    changed = Signal()
    remove_requested = Signal()

    def __init__(
        self, entry: E, labels: tuple[str, ...], owner: EntryList[E], *, new: bool = False
    ) -> None:
        super().__init__()
        self._entry = entry
        self._owner = owner
        #: a row the user added follows its number's type until they pick a label themselves
        self._label_follows_value = new
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.addItems(labels)
        self.label.setCurrentText(entry.label)
        self.label.setMaximumWidth(110)
        self.label.setAccessibleName(owner.tr("label"))
        self.edits: dict[str, QLineEdit] = {}
        parts = _ADDRESS_PARTS if isinstance(entry, AddressEntry) else (("value", owner.noun),)
        for name, placeholder in parts:
            edit = QLineEdit(
                str(getattr(entry, name)) if name != "value" else owner.value_of(entry)
            )
            edit.setPlaceholderText(owner.tr(placeholder))
            edit.setCursorPosition(0)  # the start of a long street, not its end
            if name in ("postal_code", "country"):
                edit.setMinimumWidth(70)
            edit.setObjectName(f"{owner.objectName()}_{name}")
            edit.textChanged.connect(self._on_text_changed)
            self.edits[name] = edit
        self.primary = QRadioButton(owner.tr("primary"))
        self.primary.setChecked(entry.is_primary)
        self.primary.toggled.connect(self.changed)
        self.remove = remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(owner.tr("Remove"))
        remove.clicked.connect(self.remove_requested)
        self.message = FieldMessage()
        # The message line keeps its place while hidden: a hint appearing as the user types
        # must not push the rows and the Add button below away from under the mouse.
        policy = self.message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.message.setSizePolicy(policy)
        self.message.setMinimumHeight(self.message.fontMetrics().height())
        layout.addWidget(self.label, 0, 0)
        if isinstance(entry, AddressEntry):
            # Two lines: the street across the row, then postcode, city and country, so that
            # '50 boulevard Longchamp' and 'Marseille' show whole on a laptop's narrow card.
            layout.addWidget(self.edits["street"], 0, 1, 1, 3)
            for column, name in enumerate(("postal_code", "city", "country"), start=1):
                layout.addWidget(self.edits[name], 1, column)
            for column, stretch in enumerate((1, 2, 2), start=1):
                layout.setColumnStretch(column, stretch)
            width = 3
        else:
            layout.addWidget(self.edits["value"], 0, 1)
            layout.setColumnStretch(1, 1)
            width = 1
        layout.addWidget(self.primary, 0, width + 1)
        layout.addWidget(remove, 0, width + 2)
        layout.addWidget(self.message, layout.rowCount(), 1, 1, width)
        self.label.currentTextChanged.connect(self.changed)
        self.label.activated.connect(self._on_label_activated)
        self._validate()

    def show_entry(self, entry: E) -> None:
        """Refill this row with another entry of the same kind (cheaper than a new row)."""
        self._entry = entry
        self._label_follows_value = False  # a stored entry's label is the user's
        self.blockSignals(True)
        self.label.setCurrentText(entry.label)
        for name, edit in self.edits.items():
            edit.setText(
                str(getattr(entry, name)) if name != "value" else self._owner.value_of(entry)
            )
            edit.setCursorPosition(0)
        self.primary.setChecked(entry.is_primary)
        self.blockSignals(False)
        self._validate()

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        for widget in (self.label, self.primary, self.remove):
            widget.setEnabled(not read_only)

    def entry(self) -> E:
        values = {name: edit.text() for name, edit in self.edits.items()}
        label = self.label.currentText().strip()
        return self._owner.make(self._entry, label, values, self.primary.isChecked())

    def _on_label_activated(self, _index: int) -> None:
        self._label_follows_value = False

    def _on_text_changed(self, _text: str) -> None:
        if self._label_follows_value:
            label = self._owner.label_for(self.entry())
            if label and label != self.label.currentText():
                self.label.setCurrentText(label)
        self._validate()
        self.changed.emit()

    def _validate(self) -> None:
        level, text = self._owner.check(self.entry())
        self.message.show_message(level, text)


class EntryList(QWidget, Generic[E]):
    """A column of entry rows plus an 'Add' button; exactly one row is primary."""

    edited = Signal()

    def __init__(
        self,
        noun: str,
        labels: tuple[str, ...],
        blank: Callable[[], E],
        check: Callable[[E], tuple[Level, str]],
        label_for: Callable[[E], str | None] = lambda _entry: None,
        parent: QWidget | None = None,
    ) -> None:
        """`blank()`: what a new row starts with, asked at each Add (a new address takes the
        default country the user may have changed since). `label_for(entry)`: the label a new
        row takes from what is typed (a mobile number is 'mobile'), or None to leave it."""
        super().__init__(parent)
        self.setObjectName(noun.lower().replace("-", ""))
        self.noun = noun
        self._labels = labels
        self._blank = blank
        self.check = check
        self.label_for = label_for
        self._rows: list[_EntryRow[E]] = []
        #: rows added with Add, and the value they started with
        self._added: dict[_EntryRow[E], str] = {}
        self._read_only = False
        self._primary = QButtonGroup(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add {}").format(noun.lower()))
        self.add_button.clicked.connect(self._on_add_clicked)
        self._layout.addWidget(self.add_button)

    @property
    def rows(self) -> list[_EntryRow[E]]:
        return list(self._rows)

    def set_entries(self, entries: tuple[E, ...]) -> None:
        self._added.clear()  # every row now shows a stored entry
        # Rows are reused: moving through the list refills widgets instead of building them.
        for row in self._rows[len(entries) :]:
            self._primary.removeButton(row.primary)
            row.deleteLater()
            self._layout.removeWidget(row)
        del self._rows[len(entries) :]
        for row, entry in zip(self._rows, entries, strict=False):
            row.show_entry(entry)
        for entry in entries[len(self._rows) :]:
            self._append(entry)

    def set_read_only(self, read_only: bool) -> None:
        """Shown but not editable (a read-only database): no typing, adding or removing."""
        self._read_only = read_only
        self.add_button.setEnabled(not read_only)
        for row in self._rows:
            row.set_read_only(read_only)

    def entries(self) -> tuple[E, ...]:
        """The rows holding something; a row the user added, only once it holds more than it
        started with (an address with only the default country is not an address yet, but a
        stored one is kept whatever it holds)."""
        values = ((row, self.value_of(row.entry()).strip()) for row in self._rows)
        return tuple(
            row.entry() for row, value in values if value and value != self._added.get(row)
        )

    def errors(self) -> list[tuple[QWidget, str]]:
        return [(row, row.message.toolTip()) for row in self._rows if row.message.blocks_saving]

    def add_entry(self) -> _EntryRow[E]:
        """A new empty row, focused (primary when it is the only one)."""
        row = self._append(replace(self._blank(), is_primary=not self._rows), new=True)
        self._added[row] = self.value_of(row.entry()).strip()
        next(iter(row.edits.values())).setFocus()
        return row

    def value_of(self, entry: E) -> str:
        if isinstance(entry, PhoneEntry):
            return entry.number
        if isinstance(entry, EmailEntry):
            return entry.address
        return entry.one_line()

    def make(self, base: E, label: str, values: dict[str, str], primary: bool) -> E:
        if isinstance(base, PhoneEntry):
            return replace(base, label=label, number=values["value"], is_primary=primary)  # type: ignore[return-value]
        if isinstance(base, EmailEntry):
            return replace(base, label=label, address=values["value"], is_primary=primary)  # type: ignore[return-value]
        return replace(base, label=label, is_primary=primary, **values)  # type: ignore[return-value]

    def _append(self, entry: E, *, new: bool = False) -> _EntryRow[E]:
        row = _EntryRow(entry, self._labels, self, new=new)
        row.set_read_only(self._read_only)
        row.changed.connect(self.edited)
        row.remove_requested.connect(lambda: self._remove(row))
        self._primary.addButton(row.primary)
        self._rows.append(row)
        self._layout.insertWidget(self._layout.count() - 1, row)
        return row

    def _remove(self, row: _EntryRow[E]) -> None:
        self._added.pop(row, None)
        self._primary.removeButton(row.primary)
        self._rows.remove(row)
        self._layout.removeWidget(row)
        row.deleteLater()
        if self._rows and not any(r.primary.isChecked() for r in self._rows):
            self._rows[0].primary.setChecked(True)
        self.edited.emit()

    def _on_add_clicked(self) -> None:
        self.add_entry()
        self.edited.emit()


def country_name(code: str) -> str:
    """'France' for 'FR' (Qt's English name), the code itself when Qt does not know it, ''
    for ''."""
    if not code:
        return ""
    territory = QLocale.codeToTerritory(code)
    return QLocale.territoryToString(territory) if territory.value else code


def phone_check(region: Callable[[], str]) -> Callable[[PhoneEntry], tuple[Level, str]]:
    def check(entry: PhoneEntry) -> tuple[Level, str]:
        if not entry.number.strip():
            return Level.OK, ""
        try:
            result = check_phone("phone", entry.number, region())
        except ValidationError as error:
            return Level.ERROR, error.message
        if result.warning:
            return Level.WARNING, result.warning
        if result.international == entry.number.strip():
            return Level.OK, ""
        return Level.HINT, result.international

    return check


def phone_label_for(region: Callable[[], str]) -> Callable[[PhoneEntry], str | None]:
    def label_for(entry: PhoneEntry) -> str | None:
        return phone_label(entry.number, region()) if entry.number.strip() else None

    return label_for


def email_check(entry: EmailEntry) -> tuple[Level, str]:
    if not entry.address.strip():
        return Level.OK, ""
    try:
        check_email("e-mail", entry.address)
    except ValidationError as error:
        return Level.ERROR, error.message
    return Level.OK, ""


def address_check(_entry: AddressEntry) -> tuple[Level, str]:
    return Level.OK, ""
