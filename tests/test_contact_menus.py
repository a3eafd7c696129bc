"""Right-click a contact, or open the card's Actions (issue 15.6): schedule a call or meeting,
add history, e-mail, print the sheet, group, tag or delete, right where the user is."""

from __future__ import annotations

from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts, shown_names  # noqa: F401
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desktop.services.activity_lists import activities_of_contact
from desktop.services.contacts import load_contact
from desktop.store.database import Database, open_database
from desktop.views import contact_context_menu, reports_menu
from desktop.views.contact_dialogs import Ask
from desktop.views.contacts_view import ContactsView

# A popup menu asks the offscreen platform for things it cannot do; harmless there.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

ENTRIES = [
    "Schedule call…",
    "Schedule meeting…",
    "Add history…",
    "E-mail…",
    "Print customer sheet…",
    "Add to group…",
    "Tag…",
    "Delete",
]


def right_click(view: ContactsView, row: int) -> QMenu:
    """A right-click on the name cell of `row`, as the mouse sends it; the menu it opened."""
    viewport = view.table.viewport()
    pos = view.table.visualRect(view.model.index(row, 1)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    menu = view.context_menu
    assert menu.isVisible()
    return menu


def entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()][: len(ENTRIES)]


def choose(menu: QMenu, name: str) -> None:
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled(), name
    menu.hide()
    action.trigger()


def card_menu(view: ContactsView) -> QMenu:
    menu = view.card.actions_button.menu()
    menu.aboutToShow.emit()  # what opening it does first
    return menu


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    return add_people(db)


@pytest.fixture
def view(qtbot: QtBot, db: Database, people: dict[str, int]) -> ContactsView:
    _, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, 1)  # Anna Schmidt
    return view


def test_right_click_selects_the_row_and_offers_everything(
    view: ContactsView, people: dict[str, int]
) -> None:
    menu = right_click(view, 3)  # Clara Zeller (after 王伟, filed under W), not selected yet
    assert entries(menu) == ENTRIES
    assert view.selected_ids() == [people["Zeller"]]
    assert view.card.contact_id == people["Zeller"]
    assert entries(card_menu(view)) == ENTRIES  # the card offers the same


def test_schedule_a_call_from_the_list(
    qtbot: QtBot, view: ContactsView, db: Database, people: dict[str, int]
) -> None:
    choose(right_click(view, 3), "schedule_call")  # Clara Zeller
    dialog = view.contact_actions.schedule_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.type.currentText() == "Call"
    assert dialog.subject.text() == "Call Clara Zeller"
    assert dialog.contacts.contact_ids() == (people["Zeller"],)
    dialog.accept()
    assert [a.subject for a in activities_of_contact(db, people["Zeller"])] == ["Call Clara Zeller"]


def test_schedule_a_meeting_from_the_card(
    qtbot: QtBot, view: ContactsView, people: dict[str, int]
) -> None:
    choose(card_menu(view), "schedule_meeting")
    dialog = view.contact_actions.schedule_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.type.currentText() == "Meeting"
    assert dialog.contacts.contact_ids() == (people["Schmidt"],)
    dialog.reject()


def test_add_history_puts_the_cursor_in_the_history_line(
    qtbot: QtBot, view: ContactsView, people: dict[str, int]
) -> None:
    choose(right_click(view, 0), "add_history")  # Bernd Albers
    card = view.card
    assert card.contact_id == people["Albers"]
    assert card.tabs.currentWidget() is card.history
    qtbot.waitUntil(lambda: card.history.text.hasFocus())


def test_email_opens_a_mail_to_the_selected_contacts(
    view: ContactsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        contact_context_menu, "open_mail", lambda url: opened.append(url.toString()) or True
    )
    view.table.selectAll()
    choose(right_click(view, 1), "email")
    assert opened == ["mailto:bernd@acme.com,anna@mueller.de,wang@bjkj.cn,clara@acme.com"]


def test_print_sheet_from_the_list_prints_that_contact(
    view: ContactsView, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[int] = []
    monkeypatch.setattr(
        reports_menu, "show_customer_sheet", lambda _p, _db, cid, _s: printed.append(cid)
    )
    choose(right_click(view, 2), "print_sheet")  # 王伟
    assert printed == [people["王"]] == [view.card.contact_id]


def test_tag_and_delete_from_the_menus(
    qtbot: QtBot, view: ContactsView, db: Database, people: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(Ask, "name", classmethod(lambda cls, *a: "VIP"))
    asked: list[list[str]] = []

    def confirm(cls: object, parent: object, names: list[str], count: int) -> bool:
        asked.append(names)
        return True

    monkeypatch.setattr(Ask, "confirm_delete", classmethod(confirm))
    choose(right_click(view, 0), "tag")
    assert load_contact(db, people["Albers"]).tags == ("VIP",)
    choose(card_menu(view), "delete")  # the card's contact, Bernd
    assert asked == [["Bernd Albers"]]
    qtbot.waitUntil(lambda: "Bernd Albers" not in shown_names(view))


def test_a_read_only_window_offers_only_email_and_print(
    qtbot: QtBot, db: Database, people: dict[str, int], tmp_path: Path
) -> None:
    assert db.path is not None
    readonly = open_database(db.path, readonly=True)
    try:
        _, view = open_contacts(qtbot, readonly)()
        menu = right_click(view, 1)
        enabled = [a.objectName() for a in menu.actions() if a.isEnabled() and a.objectName()]
        assert enabled == ["email", "print_sheet"]
        menu.hide()
        view.window().close()
    finally:
        readonly.close()
