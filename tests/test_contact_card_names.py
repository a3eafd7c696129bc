"""The card shows and edits the name parts, websites and anniversary address books carry
(issue 13.5): the rarely used parts wait behind 'More name fields' unless one is filled."""

from __future__ import annotations

from dataclasses import replace

import pytest
from contact_fixtures import _no_real_dialogs, add_people, click_row, open_contacts  # noqa: F401
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot
from test_contact_card import retype

from desktop.services.contacts import load_contact, save_contact
from desktop.store.database import Database, open_database
from desktop.views import contact_websites
from desktop.views.contacts_view import ContactsView
from desktop.views.main_window import MainWindow


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    people = add_people(db)
    schmidt = load_contact(db, people["Schmidt"]).to_draft()
    save_contact(
        db,
        replace(
            schmidt,
            name_prefix="Dr.",
            middle_name="Maria",
            name_suffix="MBA",
            nickname="Anni",
            alternate_name="アンナ",
            website="mueller.de\nhttps://anna.example.org/about",
            anniversary="2015-06-20",
        ),
    )
    return people


def _open(qtbot: QtBot, db: Database, row: int) -> tuple[MainWindow, ContactsView]:
    window, view = open_contacts(qtbot, db)()
    click_row(qtbot, view, row)
    return window, view


def test_a_contact_with_every_name_part_shows_them_open(
    qtbot: QtBot, db: Database, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, view = _open(qtbot, db, 1)  # Anna Schmidt
    form = view.card.form
    assert view.card.contact_id == people["Schmidt"]
    assert form.more_names.isChecked()
    shown = {name: form.lines[name].text() for name in form.NAME_PART_FIELDS}
    assert shown == {
        "name_prefix": "Dr.",
        "middle_name": "Maria",
        "name_suffix": "MBA",
        "nickname": "Anni",
        "alternate_name": "アンナ",
    }
    assert all(form.lines[name].isVisible() for name in shown)
    assert form.websites.edit.toPlainText() == "mueller.de\nhttps://anna.example.org/about"
    links = form.websites.links
    assert 'href="https://mueller.de"' in links.text()
    assert 'href="https://anna.example.org/about"' in links.text()
    assert form.lines["anniversary"].text() == "2015-06-20"
    assert form.lines["anniversary"].message.text().startswith("✓")

    opened: list[str] = []
    monkeypatch.setattr(
        contact_websites, "open_link", lambda url: opened.append(url.toString()) or True
    )
    links.linkActivated.emit("https://mueller.de")  # what a click on the link sends
    assert opened == ["https://mueller.de"]
    assert not view.card.is_dirty()


def test_name_parts_stay_folded_until_asked_for_then_save_and_reload(
    qtbot: QtBot, db: Database, people: dict[str, int]
) -> None:
    _, view = _open(qtbot, db, 0)  # Bernd Albers: none of them filled
    card = view.card
    form = card.form
    assert card.contact_id == people["Albers"]
    assert not form.more_names.isChecked()
    assert not form.lines["nickname"].isVisible()
    qtbot.mouseClick(form.more_names, Qt.MouseButton.LeftButton)
    assert form.lines["nickname"].isVisible()
    retype(qtbot, form.lines["nickname"].edit, "Bernie")
    retype(qtbot, form.lines["middle_name"].edit, "J.")
    form.websites.edit.setFocus()
    qtbot.keyClicks(form.websites.edit, "acme.com")
    assert 'href="https://acme.com"' in form.websites.links.text()
    retype(qtbot, form.lines["anniversary"].edit, "31.02.2010")
    assert "not a date" in form.lines["anniversary"].message.text()
    assert not card.save()  # checked like the birthday
    retype(qtbot, form.lines["anniversary"].edit, "2010-05-01")
    assert card.save()

    stored = load_contact(db, people["Albers"])
    assert (stored.nickname, stored.middle_name, stored.website) == ("Bernie", "J.", "acme.com")
    assert str(stored.anniversary) == "2010-05-01"
    click_row(qtbot, view, 1)
    assert form.lines["nickname"].text() == "Anni"
    click_row(qtbot, view, 0)
    assert form.lines["nickname"].text() == "Bernie"
    assert form.more_names.isChecked()  # filled now: shown open
    assert form.websites.edit.toPlainText() == "acme.com"
    assert form.lines["anniversary"].text() == "2010-05-01"


def test_only_web_addresses_become_links(qtbot: QtBot) -> None:
    field = contact_websites.WebsitesField()
    qtbot.addWidget(field)
    field.set_text("www.acme.com\njavascript:alert(1)\nfile:///etc/passwd\n\n")
    text = field.links.text()
    assert 'href="https://www.acme.com"' in text
    assert 'href="javascript' not in text and 'href="file' not in text
    assert field.text() == "www.acme.com\njavascript:alert(1)\nfile:///etc/passwd"
    assert contact_websites.web_url("ftp://x.org") is None
    assert contact_websites.web_url("http://x.org") == QUrl("http://x.org")


def test_a_new_address_is_in_the_users_country(
    qtbot: QtBot, db: Database, people: dict[str, int]
) -> None:
    window, view = _open(qtbot, db, 0)  # Bernd Albers, one address in Hamburg
    card = view.card
    addresses = card.form.addresses
    window.settings.default_country = "FR"  # Edit > Preferences > Default country
    qtbot.mouseClick(addresses.add_button, Qt.MouseButton.LeftButton)
    new = addresses.rows[-1]
    assert new.edits["country"].text() == "France"
    assert not card.is_dirty()  # a country alone is not yet an address
    retype(qtbot, new.edits["city"], "Lyon")
    assert card.save()
    stored = load_contact(db, people["Albers"]).addresses
    assert [(a.city, a.country) for a in stored] == [("Hamburg", ""), ("Lyon", "France")]

    window.settings.default_country = ""  # None
    qtbot.mouseClick(addresses.add_button, Qt.MouseButton.LeftButton)
    assert addresses.rows[-1].edits["country"].text() == ""
    card.revert()


def test_a_read_only_window_shows_them_but_takes_no_typing(
    qtbot: QtBot, db: Database, people: dict[str, int]
) -> None:
    assert db.path is not None
    readonly = open_database(db.path, readonly=True)
    try:
        _, view = _open(qtbot, readonly, 1)  # Anna Schmidt, every part filled
        form = view.card.form
        assert form.lines["nickname"].text() == "Anni"
        assert all(form.lines[name].edit.isReadOnly() for name in form.NAME_PART_FIELDS)
        assert form.lines["anniversary"].edit.isReadOnly()
        assert form.websites.edit.isReadOnly()
        assert form.websites.links.isVisible()  # the links still open the browser
    finally:
        readonly.close()
