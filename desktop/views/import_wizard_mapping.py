"""The import wizard's mapping page: which field each column of the file fills, changed
through a combo box per row, with saved mappings to use again."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.errors import RapportError
from desktop.exchange.mapping import (
    COMMON_LABELS,
    FIELD_TITLES,
    IGNORE,
    KEEP_IN_NOTES,
    LABELLED,
    ColumnMap,
    custom,
    describe,
    ignored_columns,
    mapping_from_json,
    named_mappings,
    save_named_mapping,
)
from desktop.models.import_mapping_model import Column, ImportMappingModel, Role
from desktop.views.import_wizard_pages import page_table, wizard_of

if TYPE_CHECKING:
    from desktop.views.import_wizard import ImportWizard


class FieldDelegate(QStyledItemDelegate):
    """A combo box of every field a column can fill."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard

    def choices(self, header: str, current: ColumnMap) -> list[ColumnMap]:
        options = [IGNORE]
        for field in FIELD_TITLES:
            if not field or field.endswith("_label"):
                continue
            if field in LABELLED:
                labels = COMMON_LABELS if field in ("phone", "email") else ("", "work", "home")
                options += [
                    ColumnMap(field, label, label if field not in ("phone", "email") else "")
                    for label in labels
                ]
            else:
                options.append(ColumnMap(field))
        options += [custom(name) for name in self._wizard.custom_field_names()]
        if header.strip() and custom(header) not in options:
            options.append(custom(header))
        if current not in options:
            options.insert(1, current)
        return options

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("field_choice")
        header = str(index.siblingAtColumn(Column.HEADER).data() or "")
        for choice in self.choices(header, index.data(Role.MAPPING)):
            title = describe(choice)
            if choice.field.startswith("custom:") and choice.field[7:] not in (
                self._wizard.custom_field_names()
            ):
                title = self.tr("New custom field “{}”").format(choice.field[7:])
            combo.addItem(title, choice)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Role.MAPPING)
        for i in range(editor.count()):
            if editor.itemData(i) == current:
                editor.setCurrentIndex(i)
                break

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Role.MAPPING)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Columns and fields"))
        self.setSubTitle(
            self.tr(
                "Each column fills the field on the right. Double-click a "
                "field to change it, or to ignore the column."
            )
        )
        self.model = ImportMappingModel(self)
        self.view = page_table(self.model, "mapping")
        self.view.setItemDelegateForColumn(Column.FIELD, FieldDelegate(wizard))
        self.view.setEditTriggers(QTableView.EditTrigger.AllEditTriggers)
        self.saved = QComboBox()
        self.saved.setObjectName("saved_mappings")
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.clicked.connect(self._on_use_clicked)
        self.save_name = QLineEdit()
        self.save_name.setObjectName("mapping_name")
        self.save_name.setPlaceholderText(self.tr("Name for this mapping"))
        save_button = QPushButton(self.tr("Save mapping"))
        save_button.setObjectName("save_mapping")
        save_button.clicked.connect(self._on_save_clicked)
        saved_row = QHBoxLayout()
        saved_row.addWidget(QLabel(self.tr("Saved mappings:")))
        saved_row.addWidget(self.saved, 1)
        saved_row.addWidget(self.use_button)
        saved_row.addSpacing(16)
        saved_row.addWidget(self.save_name, 1)
        saved_row.addWidget(save_button)
        self.message = QLabel()
        self.message.setObjectName("mapping_message")
        # nothing is left out without a word: the columns that fill nothing, and a way to keep them
        self.ignored = QLabel()
        self.ignored.setObjectName("ignored_columns")
        self.ignored.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("Keep them in the notes"))
        self.keep_button.setObjectName("keep_in_notes")
        self.keep_button.setToolTip(
            self.tr("Each of these columns goes into the contact's notes as “column: value”.")
        )
        self.keep_button.clicked.connect(self._on_keep_clicked)
        ignored_row = QHBoxLayout()
        ignored_row.addWidget(self.ignored, 1)
        ignored_row.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(ignored_row)
        layout.addLayout(saved_row)
        layout.addWidget(self.message)
        self.model.dataChanged.connect(self._on_mapping_changed)
        self.model.modelReset.connect(self._on_mapping_changed)

    def initializePage(self) -> None:
        wizard = wizard_of(self)
        table = wizard.table()
        assert wizard.plan is not None
        samples: list[str] = [""] * len(table.headers)
        for _row, cells in islice(table.data_rows(), 20):
            for i, cell in enumerate(cells[: len(samples)]):
                samples[i] = samples[i] or cell.strip()
        self.model.set_columns(table.headers, samples, wizard.plan.mapping)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(Column.SAMPLE, min(self.view.columnWidth(Column.SAMPLE), 260))
        self._fill_saved()
        self.message.clear()

    @Slot()
    def _on_mapping_changed(self) -> None:
        left_out = ignored_columns(self.model.headers(), self.model.mapping())
        if left_out:
            self.ignored.setText(self.tr("Not imported: {}").format(", ".join(left_out)))
        else:
            self.ignored.setText(self.tr("Every column is imported."))
        self.keep_button.setEnabled(bool(left_out))

    @Slot()
    def _on_keep_clicked(self) -> None:
        keep = ColumnMap(KEEP_IN_NOTES)
        self.model.set_all(
            tuple(
                keep if column == IGNORE and header.strip() else column
                for header, column in zip(self.model.headers(), self.model.mapping(), strict=True)
            )
        )

    def _fill_saved(self) -> None:
        self.saved.clear()
        self.saved.addItems(list(named_mappings(wizard_of(self).db)))
        self.use_button.setEnabled(self.saved.count() > 0)
        self.saved.setEnabled(self.saved.count() > 0)

    @Slot()
    def _on_use_clicked(self) -> None:
        name = self.saved.currentText()
        text = named_mappings(wizard_of(self).db).get(name)
        if text is not None:
            self.model.set_all(mapping_from_json(text, self.model.headers(), name))
            self.message.setText(self.tr("Using the saved mapping “{}”.").format(name))

    @Slot()
    def _on_save_clicked(self) -> None:
        try:
            save_named_mapping(
                wizard_of(self).db,
                self.save_name.text(),
                self.model.headers(),
                self.model.mapping(),
            )
        except RapportError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Saved as “{}”.").format(self.save_name.text().strip()))
        self._fill_saved()

    def validatePage(self) -> bool:
        wizard = wizard_of(self)
        assert wizard.plan is not None
        mapping = self.model.mapping()
        if all(column == IGNORE for column in mapping):
            self.message.setText(self.tr("Every column is ignored: choose at least one field."))
            return False
        wizard.plan = replace(wizard.plan, mapping=mapping)
        return True
