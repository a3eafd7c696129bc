"""The calendar and the contact card together in the real window: a call completed in the
calendar shows on the contact's History tab and in the card's Activities tab."""

from __future__ import annotations

from datetime import datetime

from activity_fixtures import add_contact, schedule
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services.recurrence import to_utc, zone
from desktop.views.areas import AREAS
from desktop.views.contact_activities_tab import ContactActivitiesTab
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


def table_rows(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_complete_a_call_and_see_the_history_item_on_the_contacts_card(
    qtbot, db, tmp_path, monkeypatch
):
    anna = add_contact(db, "Anna", "Schmidt")
    now = to_utc(datetime(2026, 5, 4, 9), zone("UTC"))
    call = schedule(db, "Price talk", now, now, kind="Call", contacts=(anna,))
    window = MainWindow(db, Settings(), areas=AREAS)
    qtbot.addWidget(window)
    window.show()
    contacts = window.show_area("contacts")
    contacts.open_contact(anna)
    card = contacts.card
    activities_tab = card.findChild(ContactActivitiesTab)
    assert [row[2] for row in table_rows(activities_tab.model)] == ["Price talk"]

    calendar = window.show_area("calendar")
    dialog = calendar.complete_activity(call.id)
    dialog.result.setCurrentText("Left message")
    dialog.notes.setPlainText("Call back Friday")
    dialog.follow_up.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    window.show_area("contacts")
    history = table_rows(card.history.model)
    assert [(row[1], row[2]) for row in history] == [("call", "Left message")]
    assert "Price talk — Call back Friday" in history[0][3]
    rows = table_rows(activities_tab.model)
    assert [(row[2], row[3]) for row in rows] == [
        ("Follow-up: Price talk", "open"),
        ("Price talk", "done"),
    ]
    assert window.undo_action.text() == "&Undo Complete 'Price talk'"
    window.undo_stack.undo()  # Edit > Undo takes the completion back
    assert table_rows(card.history.model) == []
    rows = table_rows(activities_tab.model)
    assert [(row[2], row[3]) for row in rows] == [("Price talk", "open")]

    out = tmp_path / "anna.ics"
    monkeypatch.setattr(ContactActivitiesTab, "ask_export_file", classmethod(lambda c, p: out))
    activities_tab.export_button.click()
    assert activities_tab.summary.text() == "1 activities written to anna.ics"
    assert "SUMMARY:Price talk" in out.read_text()
