"""Create or edit a deal: title, contact and company by lookup, stage, amount and currency
(or product lines that make the amount), probability, expected close, owner, notes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError, ValidationError
from desktop.models.deal_lines_model import DealLinesModel
from desktop.models.formats import money, set_up_date_edit
from desktop.services.deal_list import (
    ContactChoice,
    contact_choice,
    find_companies,
    find_contacts,
    list_products,
)
from desktop.services.deals import DealDetail, DealInput, create_deal, get_deal, update_deal
from desktop.services.pipeline import list_stages
from desktop.store.database import Database
from desktop.views.deal_commands import SavedDeal
from desktop.views.deal_filter_bar import parse_cents
from desktop.views.lookup_field import LookupField

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CNY", "JPY")
_NO_DATE = QDate(2000, 1, 1)


class DealDialog(QDialog):
    def __init__(
        self,
        db: Database,
        deal_id: int | None,
        parent: QWidget | None = None,
        contact_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._detail: DealDetail | None = get_deal(db, deal_id) if deal_id is not None else None
        self.saved: DealDetail | None = None
        self._contact_companies: dict[int, tuple[int | None, str]] = {}
        self.setWindowTitle("Edit deal" if self._detail else "New deal")

        self.title = QLineEdit(objectName="title")
        self.contact = LookupField(self._find_contacts)
        self.contact.setObjectName("contact")
        self.company = LookupField(self._find_companies)
        self.company.setObjectName("company")
        self.stage = QComboBox(objectName="stage")
        for stage in list_stages(db):
            self.stage.addItem(f"{stage.name} ({stage.default_probability} %)", stage.id)
        self.amount = QLineEdit(objectName="amount")
        self.currency = QComboBox(objectName="currency", editable=True)
        self.currency.addItems(CURRENCIES)
        self.probability = QSpinBox(objectName="probability", minimum=0, maximum=100, suffix=" %")
        self.stage_default = QCheckBox("stage default", objectName="stage_default")
        self.expected_close = QDateEdit(objectName="expected_close", calendarPopup=True)
        self.expected_close.setMinimumDate(_NO_DATE)
        self.expected_close.setSpecialValueText("none")
        set_up_date_edit(self.expected_close)
        self.owner = QLineEdit(objectName="owner")
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setMaximumHeight(80)
        self.lines = DealLinesModel(parent=self)
        self.lines_view = QTableView(objectName="lines")
        self.lines_view.setModel(self.lines)
        self.lines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.lines_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines_view.verticalHeader().hide()
        self.product = QComboBox(objectName="product")
        self.product.addItem("(free text)", None)
        for product in list_products(db):
            label = f"{product.name} — {money(product.price_cents, product.currency)}"
            self.product.addItem(label, (product.id, product.name, product.price_cents))
        self.add_line_button = QPushButton("Add line", objectName="add_line")
        self.remove_line_button = QPushButton("Remove line", objectName="remove_line")
        self.problem = QLabel(objectName="problem")
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

        money_row = QHBoxLayout()
        money_row.addWidget(self.amount, 1)
        money_row.addWidget(self.currency)
        probability_row = QHBoxLayout()
        probability_row.addWidget(self.probability)
        probability_row.addWidget(self.stage_default)
        probability_row.addStretch(1)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.product, 1)
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Contact", self.contact)
        form.addRow("Company", self.company)
        form.addRow("Stage", self.stage)
        form.addRow("Amount", money_row)
        form.addRow("Probability", probability_row)
        form.addRow("Expected close", self.expected_close)
        form.addRow("Owner", self.owner)
        form.addRow("Products", self.lines_view)
        form.addRow("", line_buttons)
        form.addRow("Notes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self._load()
        if contact_id is not None and self._detail is None:
            self._preset_contact(contact_id)
        self.stage_default.toggled.connect(self.probability.setDisabled)
        self.stage.currentIndexChanged.connect(self._on_stage_index_changed)
        self.contact.chosen.connect(self._on_contact_chosen)
        self.lines.total_changed.connect(self._on_lines_total_changed)
        self.currency.currentTextChanged.connect(self._on_currency_text_changed)
        self.add_line_button.clicked.connect(self._on_add_line_clicked)
        self.remove_line_button.clicked.connect(self._on_remove_line_clicked)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(560, 640)

    @classmethod
    def edit(
        cls,
        db: Database,
        deal_id: int | None,
        parent: QWidget | None,
        contact_id: int | None = None,
    ) -> SavedDeal | None:
        """Open the dialog (a new deal for `contact_id` when given); what it saved, or None
        when cancelled."""
        dialog = cls(db, deal_id, parent, contact_id)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return None
        return SavedDeal(dialog._detail, dialog.saved)

    # -- lookups ---------------------------------------------------------------------------------

    def _find_contacts(self, text: str) -> list[tuple[int, str]]:
        found = find_contacts(self._db, text, 15)
        self._contact_companies = {c.id: (c.company_id, c.company_name) for c in found}
        return [(c.id, _contact_label(c)) for c in found]

    def _preset_contact(self, contact_id: int) -> None:
        choice = contact_choice(self._db, contact_id)
        if choice is not None:
            self.contact.set_choice(choice.id, _contact_label(choice))
            if choice.company_id is not None:
                self.company.set_choice(choice.company_id, choice.company_name)

    def _find_companies(self, text: str) -> list[tuple[int, str]]:
        return [(c.id, c.name) for c in find_companies(self._db, text, 15)]

    # -- loading and saving ----------------------------------------------------------------------

    def _load(self) -> None:
        detail = self._detail
        if detail is None:
            self.stage_default.setChecked(True)
            self.probability.setEnabled(False)
            self._on_stage_index_changed(0)
            self.expected_close.setDate(_NO_DATE)
            return
        data = detail.data
        self.title.setText(data.title)
        self.contact.set_choice(data.contact_id, detail.contact_name)
        self.company.set_choice(data.company_id, detail.company_name)
        self.stage.setCurrentIndex(max(0, self.stage.findData(data.stage_id)))
        self.currency.setCurrentText(data.currency)
        self.amount.setText(money(data.amount_cents))
        self.probability.setValue(detail.probability)
        self.stage_default.setChecked(data.probability is None)
        self.probability.setEnabled(data.probability is not None)
        self.expected_close.setDate(_qdate(data.expected_close))
        self.owner.setText(data.owner)
        self.notes.setPlainText(data.notes)
        self.lines.currency = data.currency
        self.lines.set_lines(data.lines)

    def deal_input(self) -> DealInput:
        """The form as a DealInput; ValidationError names the field that cannot be read."""
        close = self.expected_close.date()
        expected: date | None = None if close == _NO_DATE else close.toPython()  # type: ignore[assignment]
        if self.contact.text().strip() and self.contact.chosen_id is None:
            raise ValidationError("contact", "pick a contact from the list, or leave it empty")
        if self.company.text().strip() and self.company.chosen_id is None:
            raise ValidationError("company", "pick a company from the list, or leave it empty")
        return DealInput(
            title=self.title.text(),
            stage_id=self.stage.currentData(),
            contact_id=self.contact.chosen_id,
            company_id=self.company.chosen_id,
            amount_cents=parse_cents(self.amount.text(), "amount") or 0,
            currency=self.currency.currentText().strip().upper(),
            probability=None if self.stage_default.isChecked() else self.probability.value(),
            expected_close=expected,
            owner=self.owner.text(),
            notes=self.notes.toPlainText(),
            lines=self.lines.lines(),
        )

    def accept(self) -> None:
        try:
            data = self.deal_input()
            if self._detail is None:
                self.saved = create_deal(self._db, data)
            else:
                self.saved = update_deal(self._db, self._detail.id, data, self._detail.version)
        except RapportError as exc:
            self.problem.setText(str(exc))
            return
        super().accept()

    # -- slots -----------------------------------------------------------------------------------

    @Slot(int)
    def _on_stage_index_changed(self, _row: int) -> None:
        if self.stage_default.isChecked():
            stages = {s.id: s.default_probability for s in list_stages(self._db)}
            self.probability.setValue(stages.get(self.stage.currentData(), 0))

    @Slot(object)
    def _on_contact_chosen(self, contact_id: int | None) -> None:
        if contact_id is None or self.company.chosen_id is not None:
            return
        company_id, company_name = self._contact_companies.get(contact_id, (None, ""))
        if company_id is not None:
            self.company.set_choice(company_id, company_name)

    @Slot(int)
    def _on_lines_total_changed(self, cents: int) -> None:
        has_lines = self.lines.rowCount() > 0
        self.amount.setReadOnly(has_lines)
        if has_lines:
            self.amount.setText(money(cents))

    @Slot(str)
    def _on_currency_text_changed(self, currency: str) -> None:
        self.lines.currency = currency.strip().upper()

    @Slot()
    def _on_add_line_clicked(self) -> None:
        product = self.product.currentData()
        if product is None:
            self.lines.add_line("", 0, None)
        else:
            product_id, name, price = product
            self.lines.add_line(name, price, product_id)

    @Slot()
    def _on_remove_line_clicked(self) -> None:
        rows = sorted({i.row() for i in self.lines_view.selectionModel().selectedRows()})
        for row in reversed(rows):
            self.lines.removeRows(row, 1)


def _qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else _NO_DATE


def _contact_label(choice: ContactChoice) -> str:
    if choice.company_name:
        return f"{choice.name} — {choice.company_name} ({choice.crm_number})"
    return f"{choice.name} ({choice.crm_number})"
