"""The first start (issue 15.10): an empty database shows a way in (Import…, Explore with sample
data, New contact) instead of '0 contacts' and a grey card."""

from __future__ import annotations

from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, open_contacts, shown_names  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_contacts_view import type_search

from desktop.store.database import Database, open_database
from desktop.views import import_wizard, safety_actions


def test_an_empty_database_offers_import_and_sample_data(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, view = open_contacts(qtbot, db)()
    assert view.card_side.currentWidget() is view.welcome
    assert view.count_label.text() == "No contacts yet"
    welcome = view.welcome
    buttons = [b.text() for b in (welcome.import_button, welcome.sample_button, welcome.new_button)]
    assert buttons == ["Import…", "Explore with sample data", "New contact"]

    opened: list[object] = []
    monkeypatch.setattr(import_wizard, "open_import_wizard", opened.append)
    qtbot.mouseClick(welcome.import_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1

    qtbot.mouseClick(welcome.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not safety_actions.RUNNING, timeout=60_000)
    qtbot.waitUntil(lambda: view.count_label.text() == "200 contacts", timeout=10_000)
    assert view.card_side.currentWidget() is view.card
    assert "200 sample contacts added" in view.window().statusBar().currentMessage()  # type: ignore[attr-defined]


def test_the_status_bar_agrees_with_the_welcome(qtbot: QtBot, db: Database) -> None:
    window, view = open_contacts(qtbot, db)()
    status = window.findChild(QLabel, "contact_count_label")
    qtbot.waitUntil(lambda: status.text() == "No contacts yet")  # never '0 contacts' beside it
    assert view.count_label.text() == "No contacts yet"
    qtbot.mouseClick(view.welcome.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.card.form.lines["last_name"].edit, "Neumann")
    assert view.card.save()
    qtbot.waitUntil(lambda: status.text() == "1 contact")


def test_new_contact_from_the_welcome_opens_the_card(qtbot: QtBot, db: Database) -> None:
    _, view = open_contacts(qtbot, db)()
    qtbot.mouseClick(view.welcome.new_button, Qt.MouseButton.LeftButton)
    assert view.card_side.currentWidget() is view.card
    assert "New contact" in view.card.heading.text()
    qtbot.keyClicks(view.card.form.lines["last_name"].edit, "Neumann")
    assert view.card.save()
    qtbot.waitUntil(lambda: shown_names(view) == ["Neumann"])
    assert view.card_side.currentWidget() is view.card


def test_a_search_without_matches_is_not_the_welcome(qtbot: QtBot, db: Database) -> None:
    add_people(db)
    _, view = open_contacts(qtbot, db)()
    type_search(qtbot, view, "zzzz")
    qtbot.waitUntil(lambda: view.count_label.text() == "0 contacts")
    assert view.card_side.currentWidget() is view.card


def test_a_read_only_empty_database_offers_nothing_to_write(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    assert db.path is not None
    readonly = open_database(db.path, readonly=True)
    try:
        _, view = open_contacts(qtbot, readonly)()
        welcome = view.welcome
        assert view.card_side.currentWidget() is welcome
        assert not any(
            b.isEnabled()
            for b in (welcome.import_button, welcome.sample_button, welcome.new_button)
        )
        view.window().close()
    finally:
        readonly.close()
