"""Creating and editing deals through the dialog, the card's Deals tab, and the pipeline
settings dialog, driven as a user would."""

from __future__ import annotations

from datetime import date

import pytest
from deal_helpers import add_contact, add_deal, stage_ids
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.models.deal_lines_model import DealLinesModel
from desktop.services.deal_list import deals_of_contact, list_deals
from desktop.services.deals import DealLineInput, get_deal
from desktop.services.pipeline import list_stages
from desktop.store.database import Database
from desktop.store.entities import Product
from desktop.views.contact_deals_tab import ContactDealsTab
from desktop.views.deal_commands import SavedDeal
from desktop.views.deal_dialog import DealDialog
from desktop.views.main_window import MainWindow
from desktop.views.pipeline_settings_dialog import PipelineSettingsDialog
from desktop.views.settings import Settings


@pytest.fixture
def anna(db: Database) -> int:
    return add_contact(db, "Anna", "Berg", company="Nordlicht GmbH")


def _open(qtbot: QtBot, db: Database, deal_id: int | None = None, **kw: int) -> DealDialog:
    dialog = DealDialog(db, deal_id, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_deal_with_a_contact_by_lookup_and_product_lines(
    qtbot: QtBot, db: Database, anna: int
) -> None:
    with db.session() as session:
        session.add(Product(name="Laser printer", sku="LP-1", price_cents=45_000))
    dialog = _open(qtbot, db)
    qtbot.keyClicks(dialog.title, "Printers for HQ")
    assert dialog.contact.pick("ber")
    assert dialog.contact.text() == "Anna Berg — Nordlicht GmbH (C-000001)"
    assert dialog.company.text() == "Nordlicht GmbH"  # taken from the contact
    dialog.stage.setCurrentIndex(dialog.stage.findData(stage_ids(db)["Proposal"]))
    assert dialog.probability.value() == 50

    dialog.product.setCurrentIndex(1)
    qtbot.mouseClick(dialog.add_line_button, Qt.MouseButton.LeftButton)
    dialog.lines.setData(dialog.lines.index(0, 1), 3)
    assert dialog.amount.text() == "1,350.00"
    assert dialog.amount.isReadOnly()
    dialog.expected_close.setDate(QDate(2026, 6, 30))
    dialog.accept()

    assert dialog.result() == DealDialog.DialogCode.Accepted
    saved = get_deal(db, dialog.saved.id)
    assert saved.data.contact_id == anna
    assert saved.company_name == "Nordlicht GmbH"
    assert saved.data.amount_cents == 135_000
    assert saved.data.lines == (
        DealLineInput("Laser printer", 3, 45_000, saved.data.lines[0].product_id),
    )
    assert saved.probability == 50 and saved.data.probability is None
    assert saved.data.expected_close == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("lots", "amount: 'lots' is not an amount"),
        ("-5", "amount: cannot be negative"),
    ],
)
def test_a_bad_amount_is_refused_naming_the_field(
    qtbot: QtBot, db: Database, amount: str, message: str
) -> None:
    dialog = _open(qtbot, db)
    qtbot.keyClicks(dialog.title, "Chairs")
    qtbot.keyClicks(dialog.amount, amount)
    dialog.accept()
    assert dialog.problem.text() == message
    assert dialog.isVisible()  # still open for a correction
    assert list_deals(db) == []


def test_a_contact_typed_but_not_picked_is_refused(qtbot: QtBot, db: Database, anna: int) -> None:
    dialog = _open(qtbot, db)
    qtbot.keyClicks(dialog.title, "Chairs")
    qtbot.keyClicks(dialog.contact, "Somebody")
    dialog.accept()
    assert dialog.problem.text().startswith("contact: pick a contact")
    assert list_deals(db) == []


def test_editing_keeps_what_was_typed_and_a_chosen_probability(
    qtbot: QtBot, db: Database, anna: int
) -> None:
    deal_id = add_deal(db, "Printers", "Lead", 100_000, anna, close=date(2026, 5, 2))
    dialog = _open(qtbot, db, deal_id)
    assert dialog.title.text() == "Printers"
    assert dialog.amount.text() == "1,000.00"
    assert dialog.expected_close.date() == QDate(2026, 5, 2)
    assert dialog.stage_default.isChecked()
    dialog.stage_default.setChecked(False)
    dialog.probability.setValue(33)
    dialog.amount.setText("1,250.50")
    dialog.accept()
    saved = get_deal(db, deal_id)
    assert (saved.probability, saved.data.probability) == (33, 33)
    assert saved.data.amount_cents == 125_050


def test_the_lines_model_passes_the_model_tester(model_tester) -> None:
    model = DealLinesModel()
    model_tester(model)
    model.add_line("Toner", 2_550, None)
    model.add_line("Desk", 30_000, None)
    assert not model.setData(model.index(0, 1), 0)  # a quantity of 0 is not taken
    assert not model.setData(model.index(0, 2), "cheap")
    assert model.setData(model.index(0, 1), 4)
    assert model.total_cents == 4 * 2_550 + 30_000
    model.removeRows(0, 1)
    assert model.total_cents == 30_000


def test_the_cards_deals_tab_lists_the_contacts_deals(
    qtbot: QtBot, db: Database, anna: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(db, Settings(), areas=[])
    qtbot.addWidget(window)
    add_deal(db, "Printers", "Proposal", 100_000, anna, close=date(2026, 5, 2))
    add_deal(db, "Someone else's", "Lead", 5_000)
    tab = ContactDealsTab(window.context())
    qtbot.addWidget(tab)
    tab.set_contact(anna)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 1).data() == "Proposal"
    assert tab.model.index(0, 2).data() == "1,000.00 EUR"
    assert tab.summary.text() == "1 open of 1 · open 1,000 · weighted 500"

    def create_for_contact(db_: Database, deal_id, parent, contact_id):
        assert deal_id is None and contact_id == anna
        dialog = DealDialog(db_, None, parent, contact_id)
        assert dialog.contact.chosen_id == anna
        dialog.title.setText("Toner")
        dialog.amount.setText("25.50")
        dialog.accept()
        assert dialog.saved is not None
        return SavedDeal(None, dialog.saved)

    monkeypatch.setattr(DealDialog, "edit", staticmethod(create_for_contact))
    qtbot.mouseClick(tab.new_deal, Qt.MouseButton.LeftButton)
    assert [d.title for d in deals_of_contact(db, anna)] == ["Printers", "Toner"]
    assert tab.model.rowCount() == 2  # refreshed by the change bus
    window.undo_stack.undo()  # "New deal 'Toner'"
    assert [d.title for d in deals_of_contact(db, anna)] == ["Printers"]
    assert tab.model.rowCount() == 1
    tab.set_contact(None)
    assert tab.model.rowCount() == 0


def test_pipeline_settings_add_rename_reorder_and_remove_with_deals(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal_id = add_deal(db, "Printers", "Proposal", 1_000)
    dialog = PipelineSettingsDialog(db)
    qtbot.addWidget(dialog)
    answers = iter(["Demo", "Product demo"])
    monkeypatch.setattr(
        PipelineSettingsDialog, "ask_text", classmethod(lambda cls, *a, **k: next(answers))
    )

    def click(name: str) -> None:
        qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)

    dialog.probability.setValue(40)
    click("add")
    assert [s.name for s in list_stages(db)][-1] == "Demo"
    assert list_stages(db)[-1].default_probability == 40
    click("rename")
    click("up")
    assert [s.name for s in list_stages(db)][-2:] == ["Product demo", "Commit"]

    proposal = next(i for i, s in enumerate(list_stages(db)) if s.name == "Proposal")
    dialog.stages.setCurrentRow(proposal)
    monkeypatch.setattr(PipelineSettingsDialog, "ask_target", classmethod(lambda *a: None))
    click("remove")  # the user cancelled: nothing removed
    assert "Proposal" in [s.name for s in list_stages(db)]
    negotiation = stage_ids(db)["Negotiation"]
    monkeypatch.setattr(PipelineSettingsDialog, "ask_target", classmethod(lambda *a: negotiation))
    dialog.stages.setCurrentRow(proposal)
    click("remove")
    assert "Proposal" not in [s.name for s in list_stages(db)]
    assert get_deal(db, deal_id).data.stage_id == negotiation
    assert deal_id in dialog.changes.deals


def test_an_edit_in_the_dialog_is_undone_and_redone(
    qtbot: QtBot, db: Database, anna: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.views.deals_area import DealsArea

    deal_id = add_deal(db, "Printers", "Lead", 100_000, anna)
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    area = window.show_area("deals")
    assert isinstance(area, DealsArea)

    def user_edits(dialog: DealDialog) -> int:
        dialog.title.setText("Printers, 12 of them")
        dialog.amount.setText("1,200.00")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(DealDialog, "exec", user_edits)
    area.board.deal_activated.emit(deal_id)  # a double-click on the card
    assert get_deal(db, deal_id).data.title == "Printers, 12 of them"
    lead = area.model.column_index(stage_ids(db)["Lead"])
    assert area.model.index(0, 0, lead).data() == "Printers, 12 of them"
    assert window.undo_stack.undoText() == "Edit 'Printers, 12 of them'"

    window.undo_stack.undo()
    assert (get_deal(db, deal_id).data.title, get_deal(db, deal_id).data.amount_cents) == (
        "Printers",
        100_000,
    )
    assert area.model.index(0, 0, lead).data() == "Printers"
    window.undo_stack.redo()
    assert get_deal(db, deal_id).data.amount_cents == 120_000
