"""The card's Activities tab with a weekly series (issue 15.3): after completing one occurrence
it shows the next open one, marked ↻, and Complete… opens on that occurrence."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest
from activity_fixtures import add_contact, schedule
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services.activity_completion import complete_activity
from desktop.services.recurrence import to_local, to_utc, zone
from desktop.store.entities import utcnow
from desktop.views.areas import AREAS
from desktop.views.change_bus import ChangeBus
from desktop.views.complete_dialog import CompleteDialog
from desktop.views.contact_activities_tab import ContactActivitiesTab
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings

BERLIN = zone("Europe/Berlin")


class JourFixe(NamedTuple):
    anna: int
    series: Any
    first: datetime
    today: date


@pytest.fixture
def jour_fixe(db, monkeypatch) -> JourFixe:
    """Anna's weekly jour fixe from today 09:00 Berlin, today's occurrence already held."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    today = to_local(utcnow(), BERLIN).date()
    first = to_utc(datetime.combine(today, datetime.min.time()).replace(hour=9), BERLIN)
    anna = add_contact(db, "Anna", "Schmidt")
    series = schedule(db, "Jour fixe", first, first + timedelta(hours=1), contacts=(anna,),
                      rrule="FREQ=WEEKLY;COUNT=6", tzid="Europe/Berlin")  # fmt: skip
    complete_activity(db, series.id, "held", original_start=first)
    return JourFixe(anna, series, first, today)


def _rows(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_after_completing_one_occurrence_the_tab_shows_the_next_and_completes_it(
    qtbot, db, monkeypatch, jour_fixe: JourFixe
):
    anna, series, first, today = jour_fixe

    bus, stack = ChangeBus(), QUndoStack()
    context = SimpleNamespace(db=db, bus=bus, undo_stack=stack, window=None, settings=None)
    tab = ContactActivitiesTab(context)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.set_contact(anna)
    week = timedelta(weeks=1)
    assert [row[:4] for row in _rows(tab.model)] == [
        [f"{today + week:%Y-%m-%d} 09:00", "Meeting", "↻ Jour fixe", "open"],
        [f"{today:%Y-%m-%d} 09:00", "Meeting", "Jour fixe", "done"],
    ]

    opened = []
    monkeypatch.setattr(
        "desktop.views.contact_activities_tab.open_complete_dialog",
        lambda *args: opened.append((args[4], args[6])),
    )
    tab.table.selectRow(0)
    tab.complete_button.click()
    # the dialog opens on the occurrence shown, one week on
    assert opened == [(series.id, first + week)]


def test_in_the_window_completing_the_shown_occurrence_moves_the_tab_on_a_week(
    qtbot, db, jour_fixe: JourFixe
):
    anna, _series, _first, today = jour_fixe
    window = MainWindow(db, Settings(), areas=AREAS)
    qtbot.addWidget(window)
    window.show()
    contacts = window.show_area("contacts")
    contacts.open_contact(anna)
    tab = contacts.card.findChild(ContactActivitiesTab)
    tab.table.selectRow(0)
    tab.complete_button.click()
    [dialog] = tab.findChildren(CompleteDialog)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    week = timedelta(weeks=1)
    assert tab.model.index(0, 0).data() == f"{today + 2 * week:%Y-%m-%d} 09:00"
