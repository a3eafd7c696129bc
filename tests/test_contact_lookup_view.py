"""The field chooser beside the search box (issue 15.2): a salesperson picks a field and how
to compare, types, and the list shows what matches; 'Any field' searches as before."""

from __future__ import annotations

from contact_fixtures import add_people, open_contacts, shown_names
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.services.contact_organizing import tag_contacts
from desktop.store.database import Database
from desktop.store.entities import CustomField


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry as a user does from the keyboard: focus the combo, arrow to the entry
    (an offscreen popup cannot be clicked without Qt warnings)."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setFocus()
    key = Qt.Key.Key_Down if index > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != index:
        qtbot.keyClick(combo, key)


def test_looking_up_a_field_lists_what_matches_and_any_field_searches_again(
    qtbot: QtBot, db: Database
) -> None:
    people = add_people(db)
    tag_contacts(db, [people["Zeller"]], "trade fair")
    with db.session() as session:
        session.add(CustomField(name="Region", field_type="text"))
    _, view = open_contacts(qtbot, db)()
    bar = view.filters
    assert not bar.lookup.op.isVisible()
    fields = [bar.lookup.field.itemText(i) for i in range(bar.lookup.field.count())]
    assert fields == [
        "Any field", "City", "Postal code", "Tag", "Group", "Owner", "Title", "Department",
        "Source", "Region",
    ]  # fmt: skip

    choose(qtbot, bar.lookup.field, "City")
    assert bar.lookup.op.isVisible() and bar.lookup.op.currentText() == "begins with"
    assert bar.search.placeholderText() == "Look up City (Ctrl+F)"
    bar.search.setFocus()
    qtbot.keyClicks(bar.search, "b")
    qtbot.waitUntil(lambda: shown_names(view) == ["Anna Schmidt"])  # Berlin, not Bernd
    choose(qtbot, bar.lookup.op, "contains")
    qtbot.waitUntil(lambda: shown_names(view) == ["Bernd Albers", "Anna Schmidt"])
    assert view.count_label.text() == "2 contacts"

    choose(qtbot, bar.lookup.field, "Tag")
    bar.search.clear()
    qtbot.keyClicks(bar.search, "fair")
    qtbot.waitUntil(lambda: shown_names(view) == ["Clara Zeller"])
    choose(qtbot, bar.lookup.op, "is empty")
    assert not bar.search.isEnabled()
    qtbot.waitUntil(lambda: shown_names(view) == ["Bernd Albers", "Anna Schmidt", "王伟"])

    choose(qtbot, bar.lookup.field, "Any field")
    assert bar.search.isEnabled() and not bar.lookup.op.isVisible()
    qtbot.waitUntil(lambda: shown_names(view) == [])  # 'fair' is in nobody's name
    bar.search.clear()
    qtbot.keyClicks(bar.search, "ber")
    qtbot.waitUntil(lambda: shown_names(view) == ["Bernd Albers", "Anna Schmidt"])
