"""Helpers the contacts screen tests share: a few people and a window on the Contacts area."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.contact_list_model import COLUMN_KEYS
from desktop.services.contacts import (
    AddressEntry,
    ContactDraft,
    EmailEntry,
    PhoneEntry,
    save_contact,
)
from desktop.store.database import Database
from desktop.views.areas import AREAS
from desktop.views.contacts_view import ContactsView
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings

PEOPLE = (
    ("Anna", "Schmidt", "Müller GmbH", "Berlin", "anna@mueller.de", "030 1234567"),
    ("Bernd", "Albers", "ACME", "Hamburg", "bernd@acme.com", "040 7654321"),
    ("伟", "王", "北京科技", "北京", "wang@bjkj.cn", "+86 10 1234 5678"),
    ("Clara", "Zeller", "ACME", "München", "clara@acme.com", ""),
)


def add_people(db: Database) -> dict[str, int]:
    """The PEOPLE saved through the service, by last name (C-000001 is Schmidt, ...)."""
    ids = {}
    for first, last, company, city, email, phone in PEOPLE:
        draft = ContactDraft(
            first_name=first,
            last_name=last,
            company=company,
            emails=(EmailEntry("work", email),),
            phones=(PhoneEntry("work", phone),) if phone else (),
            addresses=(AddressEntry("work", city=city),),
        )
        ids[last] = save_contact(db, draft).id
    return ids


def open_contacts(qtbot: QtBot, db: Database) -> Callable[[], tuple[MainWindow, ContactsView]]:
    """A function opening a shown main window on the Contacts area, as the app does."""

    def open_() -> tuple[MainWindow, ContactsView]:
        area = next(a for a in AREAS if a.key == "contacts")
        window = MainWindow(db, Settings(), areas=[area])
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        view = window.area_widget("contacts")
        assert isinstance(view, ContactsView)
        view.model.wait_for_ids()
        return window, view

    return open_


def shown_names(view: ContactsView) -> list[str]:
    column = COLUMN_KEYS.index("name")
    model = view.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(qtbot: QtBot, view: ContactsView, row: int) -> None:
    rect = view.table.visualRect(view.table.model().index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A dialog a test did not expect fails it instead of waiting for a click forever.

    The stand-in answers harmlessly (no, cancel, discard) and the failure is raised after the
    test, because raising inside Qt's event filter (window close) corrupts PySide's state."""
    from desktop.views.contact_dialogs import Ask, DuplicateChoice, UnsavedChoice

    answers = {
        "confirm_delete": False,
        "duplicate": DuplicateChoice.CANCEL,
        "unsaved": UnsavedChoice.DISCARD,
        "name": None,
        "inform": None,
    }
    unexpected: list[str] = []

    def stand_in(name: str) -> classmethod:
        def ask(cls: object, *args: object) -> object:
            unexpected.append(f"Ask.{name}{args[1:]}")
            return answers[name]

        return classmethod(ask)

    for name in answers:
        monkeypatch.setattr(Ask, name, stand_in(name))
    yield
    assert not unexpected, f"unexpected dialogs: {unexpected}"
