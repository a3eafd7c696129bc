"""The contacts screen on a 1280 x 800 laptop at 125 % (issue 15.4): whole phone numbers in the
list, whole streets and cities on the card, and a divider that stays where the user put it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from contact_fixtures import _no_real_dialogs, click_row, open_contacts  # noqa: F401
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.models.contact_list_model import COLUMN_KEYS
from desktop.services.contacts import AddressEntry, ContactDraft, PhoneEntry, save_contact
from desktop.store.database import Database
from desktop.views.contacts_view import ContactsView

STREET = "50 boulevard Longchamp"


@pytest.fixture
def scaled_font() -> Iterator[None]:
    """The application's font at 125 %, as Windows scales it on a laptop."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * 1.25)
    app.setFont(bigger)
    yield
    app.setFont(before)


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _open(qtbot: QtBot, db: Database) -> ContactsView:
    save_contact(
        db,
        ContactDraft(
            first_name="Élodie",
            last_name="Marchand",
            company="Savonnerie du Midi",
            phones=(PhoneEntry("mobile", "+33 6 48 57 28 95"),),
            addresses=(AddressEntry("work", STREET, "13001", "Marseille", "France"),),
        ),
    )
    window, view = open_contacts(qtbot, db)()
    window.resize(1280, 800)
    _settle()
    click_row(qtbot, view, 0)
    _settle()
    return view


def _fits(edit: QLineEdit, text: str) -> bool:
    return edit.contentsRect().width() - 8 >= edit.fontMetrics().horizontalAdvance(text)


def test_the_phone_column_shows_a_whole_number(
    qtbot: QtBot, db: Database, scaled_font: None
) -> None:
    view = _open(qtbot, db)
    column = COLUMN_KEYS.index("phone")
    needed = view.table.fontMetrics().horizontalAdvance("+33 6 48 57 28 95")
    assert view.table.horizontalHeader().sectionSize(column) >= needed + 12


def test_the_address_wraps_so_street_and_city_show_whole(
    qtbot: QtBot, db: Database, scaled_font: None
) -> None:
    view = _open(qtbot, db)
    row = view.card.form.addresses.rows[0]
    assert _fits(row.edits["street"], STREET)
    assert _fits(row.edits["city"], "Marseille")
    assert _fits(row.edits["postal_code"], "13001")
    assert row.edits["city"].y() > row.edits["street"].y()  # on a second line


def test_the_divider_stays_where_the_user_put_it_after_a_save(qtbot: QtBot, db: Database) -> None:
    view = _open(qtbot, db)
    splitter = view.splitter
    splitter.setSizes([820, 440])  # the user drags the divider to the right
    splitter.splitterMoved.emit(820, 1)
    _settle()
    sizes = splitter.sizes()
    card = view.card
    company = "Savonnerie et Parfumerie du Vieux-Port de Marseille"
    card.form.lines["company"].edit.setText(company)
    assert card.save()
    _settle()
    assert not card.is_dirty()
    assert splitter.sizes() == sizes
