"""The field chooser beside the contact search box, like Act!'s Lookup menu: 'Any field'
searches names, companies, e-mails, phones, cities and CRM numbers as before; choosing a
field (city, postal code, tag, group, owner, title, department, source or one of the user's
own) looks the typed text up in that field alone, by 'begins with', 'contains' or
'is empty'."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.services.contact_lookup import FieldLookup, LookupOp, lookup_fields
from desktop.store.database import Database


class LookupChooser(QWidget):
    #: the field or the comparison chosen changed
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.field = QComboBox()
        self.field.setObjectName("lookup_field")
        self.field.setToolTip(self.tr("Look up contacts by this field"))
        self.field.addItem(self.tr("Any field"), None)
        self.op = QComboBox()
        self.op.setObjectName("lookup_op")
        for op, title in (
            (LookupOp.BEGINS, self.tr("begins with")),
            (LookupOp.CONTAINS, self.tr("contains")),
            (LookupOp.EMPTY, self.tr("is empty")),
        ):
            self.op.addItem(title, op)
        self.op.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.op)
        self.field.currentIndexChanged.connect(self._on_field_current_index_changed)
        self.op.currentIndexChanged.connect(self.changed)

    def reload(self) -> None:
        """Refill the fields (the user may have added one of their own), keeping the choice."""
        titles = {
            "city": self.tr("City"),
            "postal_code": self.tr("Postal code"),
            "tag": self.tr("Tag"),
            "group": self.tr("Group"),
            "owner": self.tr("Owner"),
            "title": self.tr("Title"),
            "department": self.tr("Department"),
            "source": self.tr("Source"),
        }
        chosen = self.field.currentData()
        self.field.blockSignals(True)
        while self.field.count() > 1:
            self.field.removeItem(1)
        for field in lookup_fields(self._db):
            self.field.addItem(field.name if field.custom else titles[field.code], field.code)
        index = self.field.findData(chosen) if chosen is not None else 0
        self.field.setCurrentIndex(max(index, 0))
        self.field.blockSignals(False)
        if index < 0:  # the user's field was deleted: back to searching any field
            self._on_field_current_index_changed()

    @property
    def needs_text(self) -> bool:
        """False while 'is empty' is chosen: the search box has nothing to say then."""
        return self.field.currentData() is None or self._op() is not LookupOp.EMPTY

    def lookup(self, text: str) -> FieldLookup | None:
        """The lookup for the text typed, or None when any field is searched."""
        code = self.field.currentData()
        if code is None:
            return None
        return FieldLookup(code, self._op(), text)

    def _op(self) -> LookupOp:
        # Qt hands item data back as a plain str
        return LookupOp(self.op.currentData())

    def _on_field_current_index_changed(self) -> None:
        self.op.setVisible(self.field.currentData() is not None)
        self.changed.emit()
