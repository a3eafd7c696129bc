"""The card's Details tab: every field of a contact, checked as the user types.

The form turns a `ContactDraft` into widgets and back; it never saves. A field whose check
fails shows the message beside it and `errors()` lists it, which is what blocks saving.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.models.formats import long_date
from desktop.services.contact_fields import check_custom, check_date
from desktop.services.contacts import (
    AddressEntry,
    ContactDraft,
    CustomEntry,
    EmailEntry,
    PhoneEntry,
)
from desktop.views.contact_entries import (
    ADDRESS_LABELS,
    EMAIL_LABELS,
    PHONE_LABELS,
    EntryList,
    address_check,
    email_check,
    phone_check,
    phone_label_for,
)
from desktop.views.contact_websites import WebsitesField
from desktop.views.field_message import FieldMessage, Level, stack_under

Check = Callable[[str], tuple[Level, str]]

_TEXT_FIELDS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("company", "Company"),
    ("title", "Title"),
    ("department", "Department"),
)
#: the rarely used parts of a name (issue 13.5), behind 'More name fields' unless one is filled
_NAME_PART_FIELDS = (
    ("name_prefix", "Prefix"),
    ("middle_name", "Middle name"),
    ("name_suffix", "Suffix"),
    ("nickname", "Nickname"),
    ("alternate_name", "Alternate name"),
)
_ALTERNATE_NAME_HINT = "the name in another script, or how it is pronounced"
_DATE_FIELDS = (
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("consent_given_at", "Consent given"),
    ("consent_withdrawn_at", "Consent withdrawn"),
)


def _date_check(field: str) -> Check:
    def check(text: str) -> tuple[Level, str]:
        try:
            parsed = check_date(field, text)
        except ValidationError as error:
            return Level.ERROR, error.message
        return (Level.HINT, long_date(parsed)) if parsed else (Level.OK, "")

    return check


class CheckedLine(QWidget):
    """A line edit with its message underneath."""

    changed = Signal()

    def __init__(self, name: str, check: Check | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.message = FieldMessage()
        self._check = check
        stack_under(self, self.edit, self.message)
        self.edit.textChanged.connect(self._on_text_changed)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.edit.setCursorPosition(0)
        self._on_text_changed(text)

    def _on_text_changed(self, text: str) -> None:
        if self._check is not None:
            self.message.show_message(*self._check(text))
        elif self.message.blocks_saving:
            self.message.show_message(Level.OK, "")
        self.changed.emit()


class ContactForm(QWidget):
    edited = Signal()

    NAME_PART_FIELDS = tuple(name for name, _ in _NAME_PART_FIELDS)

    def __init__(
        self,
        region: Callable[[], str],
        country: Callable[[], str] = str,
        parent: QWidget | None = None,
    ) -> None:
        """`region()`: the phone region for numbers typed without a country code;
        `country()`: the country a new address starts with ('' none)."""
        super().__init__(parent)
        self._custom: tuple[CustomEntry, ...] = ()
        self._read_only = False
        self.lines: dict[str, CheckedLine] = {}
        layout = QVBoxLayout(self)
        person = QFormLayout()
        for name, title in _TEXT_FIELDS[:2]:
            person.addRow(self.tr(title), self._line(name))
        self.more_names = self._name_parts(person)
        for name, title in _TEXT_FIELDS[2:]:
            person.addRow(self.tr(title), self._line(name))
        self.websites = WebsitesField()
        self.websites.changed.connect(self.edited)
        person.addRow(self.tr("Websites"), self.websites)
        layout.addLayout(person)

        self.phones = EntryList(
            "Phone",
            PHONE_LABELS,
            lambda: PhoneEntry("work", ""),
            phone_check(region),
            phone_label_for(region),
        )
        self.emails = EntryList("E-mail", EMAIL_LABELS, lambda: EmailEntry("work", ""), email_check)
        self.addresses = EntryList(
            "Address",
            ADDRESS_LABELS,
            lambda: AddressEntry("work", country=country()),
            address_check,
        )
        for title, entries in (
            ("Phones", self.phones),
            ("E-mails", self.emails),
            ("Addresses", self.addresses),
        ):
            box = QGroupBox(self.tr(title))
            QVBoxLayout(box).addWidget(entries)
            entries.edited.connect(self.edited)
            layout.addWidget(box)

        more = QFormLayout()
        more.addRow(self.tr("Tags"), self._line("tags"))
        more.addRow(self.tr("Groups"), self._line("groups"))
        self.lines["tags"].edit.setPlaceholderText(self.tr("comma-separated, e.g. VIP, Messe"))
        self.lines["groups"].edit.setPlaceholderText(self.tr("comma-separated"))
        for name, title in _DATE_FIELDS[:2]:
            more.addRow(self.tr(title), self._line(name, _date_check(name)))
        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        self.owner.setEditable(True)
        self.owner.currentTextChanged.connect(self.edited)
        more.addRow(self.tr("Owner"), self.owner)
        more.addRow(self.tr("Source"), self._line("source"))
        layout.addLayout(more)

        consent = QGroupBox(self.tr("Consent"))
        consent_form = QFormLayout(consent)
        consent_form.addRow(self.tr("Purpose"), self._line("consent_purpose"))
        consent_form.addRow(self.tr("Source"), self._line("consent_source"))
        for name, title in _DATE_FIELDS[2:]:
            consent_form.addRow(self.tr(title), self._line(name, _date_check(name)))
        layout.addWidget(consent)

        self._custom_box = QGroupBox(self.tr("Custom fields"))
        self._custom_form = QFormLayout(self._custom_box)
        self._custom_lines: dict[int, CheckedLine] = {}
        layout.addWidget(self._custom_box)
        layout.addStretch(1)

    def _name_parts(self, form: QFormLayout) -> QToolButton:
        """The disclosure row and the name part rows it shows or hides."""
        button = QToolButton()
        button.setObjectName("more_names")
        button.setText(self.tr("More name fields"))
        button.setToolTip(self.tr("Prefix, middle name, suffix, nickname, alternate name"))
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        form.addRow(button)
        rows = []
        for name, title in _NAME_PART_FIELDS:
            rows.append(self._line(name))
            form.addRow(self.tr(title), rows[-1])
        self.lines["alternate_name"].edit.setPlaceholderText(self.tr(_ALTERNATE_NAME_HINT))

        def show_rows(shown: bool) -> None:
            button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
            for row in rows:
                form.setRowVisible(row, shown)

        button.toggled.connect(show_rows)
        show_rows(False)
        return button

    def _line(self, name: str, check: Check | None = None) -> CheckedLine:
        line = CheckedLine(name, check)
        line.changed.connect(self.edited)
        self.lines[name] = line
        return line

    # -- draft <-> widgets -------------------------------------------------------------------

    def set_owners(self, owners: list[str]) -> None:
        current = self.owner.currentText()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItems(["", *owners])
        self.owner.setCurrentText(current)
        self.owner.blockSignals(False)

    def set_draft(self, draft: ContactDraft, custom: tuple[CustomEntry, ...]) -> None:
        self.blockSignals(True)
        try:
            for name, _ in (*_TEXT_FIELDS, *_NAME_PART_FIELDS, *_DATE_FIELDS):
                self.lines[name].set_text(getattr(draft, name))
            self.more_names.setChecked(any(getattr(draft, n) for n in self.NAME_PART_FIELDS))
            self.websites.set_text(draft.website)
            for name in ("source", "consent_purpose", "consent_source"):
                self.lines[name].set_text(getattr(draft, name))
            self.lines["tags"].set_text(", ".join(draft.tags))
            self.lines["groups"].set_text(", ".join(draft.groups))
            self.owner.setCurrentText(draft.owner)
            self.phones.set_entries(draft.phones)
            self.emails.set_entries(draft.emails)
            self.addresses.set_entries(draft.addresses)
            self._set_custom(custom, draft.custom)
        finally:
            self.blockSignals(False)

    def _set_custom(self, custom: tuple[CustomEntry, ...], values: Mapping[int, str]) -> None:
        definitions = [replace(entry, value="") for entry in custom]
        self._custom_box.setVisible(bool(custom))
        if definitions == [replace(entry, value="") for entry in self._custom]:
            self._custom = custom  # the same fields: refill them, do not rebuild the rows
            for field_id, line in self._custom_lines.items():
                line.set_text(values.get(field_id, ""))
            return
        self._custom = custom
        while self._custom_form.rowCount():
            self._custom_form.removeRow(0)
        self._custom_lines = {}
        for entry in custom:
            line = CheckedLine(f"custom_{entry.field_id}", _custom_check(entry))
            line.edit.setReadOnly(self._read_only)
            line.set_text(values.get(entry.field_id, ""))
            line.changed.connect(self.edited)
            self._custom_lines[entry.field_id] = line
            self._custom_form.addRow(entry.name, line)
        self._custom_box.setVisible(bool(custom))

    def set_read_only(self, read_only: bool) -> None:
        """Every field shown but not editable (a read-only database)."""
        self._read_only = read_only
        for line in (*self.lines.values(), *self._custom_lines.values()):
            line.edit.setReadOnly(read_only)
        self.owner.setEnabled(not read_only)
        self.websites.set_read_only(read_only)
        for entries in (self.phones, self.emails, self.addresses):
            entries.set_read_only(read_only)

    def draft(self, base: ContactDraft) -> ContactDraft:
        """`base` (id, version, notes) with every field as currently typed."""
        fields = (*_TEXT_FIELDS, *_NAME_PART_FIELDS, *_DATE_FIELDS)
        values = {name: self.lines[name].text() for name, _ in fields}
        for name in ("source", "consent_purpose", "consent_source"):
            values[name] = self.lines[name].text()
        return replace(
            base,
            **values,
            owner=self.owner.currentText().strip(),
            tags=_names(self.lines["tags"].text()),
            groups=_names(self.lines["groups"].text()),
            phones=self.phones.entries(),
            emails=self.emails.entries(),
            addresses=self.addresses.entries(),
            website=self.websites.text(),
            custom={fid: line.text() for fid, line in self._custom_lines.items() if line.text()},
        )

    # -- checks --------------------------------------------------------------------------------

    def errors(self) -> list[tuple[QWidget, str]]:
        """Fields that block saving, in the order they appear."""
        found = [
            (line, line.message.toolTip())
            for line in (*self.lines.values(), *self._custom_lines.values())
            if line.message.blocks_saving
        ]
        for entries in (self.phones, self.emails, self.addresses):
            found.extend(entries.errors())
        return found

    def show_error(self, error: ValidationError) -> QWidget:
        """Put a save's refusal beside the field it names; returns the widget to focus."""
        name = error.field.split("[")[0]
        if name == "website":
            return self.websites.edit  # the card's banner says what is wrong with it
        line = self.lines.get(name) or self.lines["last_name"]
        if name in ("phones", "emails", "addresses"):
            entries = {"phones": self.phones, "emails": self.emails, "addresses": self.addresses}
            index = int(error.field.split("[")[1].split("]")[0])
            rows = entries[name].rows
            if index < len(rows):
                rows[index].message.show_message(Level.ERROR, error.message)
                return rows[index]
        line.message.show_message(Level.ERROR, error.message)
        return line.edit


def _custom_check(entry: CustomEntry) -> Check:
    def check(text: str) -> tuple[Level, str]:
        try:
            check_custom(entry.name, entry.field_type, entry.choices, text)
        except ValidationError as error:
            return Level.ERROR, error.message
        return Level.OK, ""

    return check


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
