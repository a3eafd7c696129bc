"""The contact card as a user edits it: save, reopen, refuse bad input, warn of duplicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts, shown_names  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.models import formats
from desktop.models.record_table_model import RecordTableModel
from desktop.services.contacts import load_contact, save_contact
from desktop.store.database import Database
from desktop.store.entities import Transaction
from desktop.views.contact_dialogs import Ask, DuplicateChoice
from desktop.views.contacts_view import ContactsView
from desktop.views.main_window import MainWindow

Opener = Callable[[], tuple[MainWindow, ContactsView]]


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    return add_people(db)


@pytest.fixture
def opened(qtbot: QtBot, db: Database, people: dict[str, int]) -> tuple[MainWindow, ContactsView]:
    window, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    assert view.card.contact_id == people["Schmidt"]
    return window, view


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def test_edit_save_reopen_and_undo(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    window, view = opened
    card = view.card
    retype(qtbot, card.form.lines["title"].edit, "Head of Purchasing")
    assert card.is_dirty() and "●" in card.heading.text()
    qtbot.keyClick(card.form.lines["title"].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not card.is_dirty()
    assert load_contact(db, people["Schmidt"]).title == "Head of Purchasing"

    click_row(qtbot, view, 0)
    click_row(qtbot, view, view.model.row_of(people["Schmidt"]) or 0)
    assert card.form.lines["title"].text() == "Head of Purchasing"

    window.undo_stack.undo()
    assert load_contact(db, people["Schmidt"]).title == ""
    qtbot.waitUntil(lambda: card.form.lines["title"].text() == "")
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: card.form.lines["title"].text() == "Head of Purchasing")


def test_leaving_the_card_saves_the_edit(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    _, view = opened
    retype(qtbot, view.card.form.lines["department"].edit, "Einkauf")
    click_row(qtbot, view, 0)
    assert view.card.contact_id == people["Albers"]
    assert load_contact(db, people["Schmidt"]).department == "Einkauf"


def test_a_bad_email_is_refused_with_the_message_beside_it(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    _, view = opened
    card = view.card
    row = card.form.emails.rows[0]
    retype(qtbot, row.edits["value"], "anna at mueller")
    assert row.message.isVisibleTo(card) and "@" in row.message.text()
    assert not card.save()
    assert "Not saved" in card.banner.text()
    click_row(qtbot, view, 0)  # leaving is refused too: the card stays on Anna
    assert card.contact_id == people["Schmidt"]
    qtbot.waitUntil(lambda: view.selected_ids() == [people["Schmidt"]])
    assert load_contact(db, people["Schmidt"]).emails[0].address == "anna@mueller.de"
    retype(qtbot, row.edits["value"], "anna@mueller-gmbh.de")
    assert not row.message.isVisibleTo(card)
    assert card.save()
    assert load_contact(db, people["Schmidt"]).emails[0].address == "anna@mueller-gmbh.de"


def test_phones_show_their_international_form_or_a_warning_mark(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    _, view = opened
    card = view.card
    row = card.form.phones.rows[0]
    assert row.message.text() == "✓ +49 30 1234567"
    card.form.phones.add_entry()
    new = card.form.phones.rows[1]
    qtbot.keyClicks(new.edits["value"], "ask reception")
    assert new.message.text().startswith("⚠")
    assert card.save()
    phones = load_contact(db, people["Schmidt"]).phones
    assert [(p.number, p.e164) for p in phones] == [
        ("030 1234567", "+49301234567"),
        ("ask reception", ""),
    ]
    click_row(qtbot, view, 0)  # Bernd: one phone, the rows are refilled, not rebuilt
    values = [row.edits["value"].text() for row in card.form.phones.rows]
    assert values == ["040 7654321"]
    assert card.form.phones.rows[0].message.text() == "✓ +49 40 7654321"
    assert not card.is_dirty()


def test_a_bad_birthday_blocks_saving(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    _, view = opened
    line = view.card.form.lines["birthday"]
    retype(qtbot, line.edit, "30.02.1980")
    assert "not a date" in line.message.text()
    assert not view.card.save()
    retype(qtbot, line.edit, "24.12.1980")
    # the long date of the one formatter (issue 15.7), 'Wednesday 24 December 1980' in C
    assert line.message.text() == f"✓ {formats.long_date(date(1980, 12, 24))}"
    assert view.card.save()
    assert str(load_contact(db, people["Schmidt"]).birthday) == "1980-12-24"


def test_a_new_contact_with_a_known_email_offers_the_existing_one(
    qtbot: QtBot,
    opened: tuple[MainWindow, ContactsView],
    db: Database,
    people: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, view = opened
    card = view.card
    offered: list[list[str]] = []
    choices = [DuplicateChoice.OPEN_EXISTING, DuplicateChoice.SAVE_ANYWAY]

    def duplicate(cls: object, parent: QWidget, matches: list) -> DuplicateChoice:
        offered.append([f"{m.crm_number} {m.reason}" for m in matches])
        return choices.pop(0)

    monkeypatch.setattr(Ask, "duplicate", classmethod(duplicate))
    for attempt in range(2):
        qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert card.contact_id is None and "New contact" in card.heading.text()
        qtbot.keyClicks(card.form.lines["first_name"].edit, "Bernhard")
        qtbot.keyClicks(card.form.lines["last_name"].edit, "Albers")
        card.form.emails.add_entry()
        qtbot.keyClicks(card.form.emails.rows[0].edits["value"], "BERND@acme.com")
        qtbot.keyClick(
            card.form.lines["last_name"].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
        if attempt == 0:
            assert card.contact_id == people["Albers"]  # opened the existing card instead
            assert view.selected_ids() == [people["Albers"]]
    assert offered == [["C-000002 e-mail BERND@acme.com"]] * 2
    assert card.detail is not None and card.detail.crm_number == "C-000005"
    qtbot.waitUntil(lambda: "Bernhard Albers" in shown_names(view))
    window.undo_stack.undo()  # undoing the new contact removes it
    qtbot.waitUntil(lambda: "Bernhard Albers" not in shown_names(view))


def test_name_or_company_is_required_for_a_new_contact(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView]
) -> None:
    _, view = opened
    view.new_action.trigger()
    qtbot.keyClicks(view.card.form.lines["title"].edit, "CEO")
    assert not view.card.save()
    assert "a name or a company is required" in view.card.form.lines["last_name"].message.text()
    view.card.revert()
    assert not view.card.is_dirty()


def test_someone_elses_save_is_not_overwritten(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView], db: Database, people: dict[str, int]
) -> None:
    _, view = opened
    retype(qtbot, view.card.form.lines["title"].edit, "mine")
    other = load_contact(db, people["Schmidt"]).to_draft()
    save_contact(db, replace(other, title="theirs"))  # another window or team member
    assert not view.card.save()
    assert "changed elsewhere" in view.card.banner.text()
    assert load_contact(db, people["Schmidt"]).title == "theirs"
    view.card.show_contact(people["Schmidt"])  # reload, as the message says
    assert view.card.form.lines["title"].text() == "theirs"


def test_history_tab_adds_a_call_result_in_one_step(
    qtbot: QtBot, opened: tuple[MainWindow, ContactsView]
) -> None:
    _, view = opened
    history = view.card.history
    view.card.tabs.setCurrentWidget(history)
    history.kind.setCurrentIndex(history.kind.findData("note"))
    qtbot.keyClicks(history.text, "met at the fair")
    qtbot.keyClick(history.text, Qt.Key.Key_Return)
    history.kind.setCurrentIndex(history.kind.findData("call"))
    history.result.setCurrentText("left message")
    qtbot.keyClick(history.text, Qt.Key.Key_Return)
    model = history.table.model()
    assert isinstance(model, RecordTableModel)
    rows = [[model.index(r, c).data() for c in (1, 2, 3)] for r in range(model.rowCount())]
    assert rows == [["call", "left message", ""], ["note", "", "met at the fair"]]
    qtbot.keyClick(history.text, Qt.Key.Key_Return)  # nothing typed: refused, says why
    assert "write what happened" in history.message.text()


def test_purchases_tab_shows_totals(
    qtbot: QtBot, db: Database, people: dict[str, int], qtmodeltester: object
) -> None:
    from datetime import date

    with db.session() as session:
        for year, cents in ((2024, 10_000), (2025, 2_550), (2025, 1_000)):
            session.add(
                Transaction(
                    contact_id=people["Zeller"],
                    occurred_on=date(year, 3, 1),
                    description="Widget",
                    amount_cents=cents,
                )
            )
    _, view = open_contacts(qtbot, db)()
    view.open_contact(people["Zeller"])
    purchases = view.card.purchases
    assert purchases.model.rowCount() == 3
    qtmodeltester.check(purchases.model)  # type: ignore[attr-defined]
    text = purchases.totals.text()
    assert "Total 135.50 EUR" in text and "2025: 35.50 EUR" in text and "2024: 100.00 EUR" in text


def test_activities_and_deals_tabs_are_there_for_later_features(
    opened: tuple[MainWindow, ContactsView], people: dict[str, int]
) -> None:
    _, view = opened
    tabs = view.card.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[:4] == ["Details", "History", "Notes", "Purchases"]
    assert "Activities" in titles and "Deals" in titles

    class Probe(QLabel):
        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.shown: list[int | None] = []

        def set_contact(self, contact_id: int | None) -> None:
            self.shown.append(contact_id)

    probe = Probe("probe")
    view.card.add_tab("Probe", probe)
    view.card.tabs.setCurrentWidget(probe)  # already showing Anna: no second load
    view.card.show_contact(None)
    assert probe.shown == [people["Schmidt"], None]
