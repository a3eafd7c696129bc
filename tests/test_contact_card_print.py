"""'Print customer sheet' on the card: the preview shows the sheet of the contact on the card."""

from __future__ import annotations

from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts, shown_names  # noqa: F401
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services.contacts import load_contact
from desktop.store.database import Database
from desktop.views.report_preview import ReportPreviewDialog


def _preview() -> ReportPreviewDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportPreviewDialog)]
    return next((w for w in found if w.isVisible()), None)


def test_the_card_prints_its_contact_and_saves_an_edit_first(qtbot: QtBot, db: Database) -> None:
    ids = add_people(db)
    _window, view = open_contacts(qtbot, db)()
    card = view.card
    assert not card.print_button.isEnabled()  # no contact on the card yet

    row = shown_names(view).index("王伟")
    click_row(qtbot, view, row)
    qtbot.waitUntil(lambda: card.contact_id == ids["王"])
    assert card.print_button.isEnabled()
    title = card.form.findChild(QLineEdit, "title")
    title.setText("采购经理")  # an edit not yet saved

    card.print_button.click()
    qtbot.waitUntil(lambda: _preview() is not None, timeout=30_000)
    preview = _preview()
    assert preview is not None
    assert preview.windowTitle() == "Customer sheet: 王伟 (C-000003)"
    assert load_contact(db, ids["王"]).title == "采购经理"  # the paper matches the card
    preview.close()
