"""The right-click menu on an activity in the calendar: Open, Complete, Clear and Delete, or
Open alone in a read-only window (issue 15.9), and the Clear and Delete that ask first.

Apart from the calendar view so that the view keeps to navigation and the dialogs it opens;
Clear and Delete change data here through the services and announce it on the bus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from desktop.services import activities, activity_completion, activity_moves
from desktop.services.activity_values import Occurrence
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.views.change_bus import ChangeBus

if TYPE_CHECKING:
    from desktop.views.calendar_view import CalendarView


def occurrence_menu(view: CalendarView, o: Occurrence) -> QMenu:
    """The menu for one occurrence (an activity, or one date of a series)."""
    menu = QMenu(view)
    menu.addAction(view.tr("Open…"), lambda: view.edit_activity(o.activity_id, o))
    if view.db.readonly:
        return menu
    if o.status == "open":
        menu.addAction(view.tr("Complete…"), lambda: view.complete_activity(o.activity_id, o))
        menu.addAction(view.tr("Clear…"), lambda: clear_occurrence(view, view.db, view.bus, o))
    menu.addSeparator()
    menu.addAction(view.tr("Delete…"), lambda: delete_occurrence(view, view.db, view.bus, o))
    return menu


def clear_occurrence(parent: QWidget, db: Database, bus: ChangeBus, o: Occurrence) -> None:
    """Mark it not done, with the reason the user gives (none is fine)."""
    reason, ok = QInputDialog.getText(
        parent, parent.tr("Clear '{}'").format(o.subject), parent.tr("Why not done (optional):")
    )
    if not ok:
        return
    done = activity_completion.clear_activity(db, o.activity_id, reason, o.original_start)
    bus.announce(
        Changes.of(activities=[o.activity_id, done.activity_id], contacts=done.contact_ids)
    )


def delete_occurrence(parent: QWidget, db: Database, bus: ChangeBus, o: Occurrence) -> None:
    """Delete the activity, or skip just this date of a series, once the user says yes."""
    question = parent.tr("Delete '{}'?").format(o.subject)
    if o.recurring:
        question = parent.tr("Delete only this occurrence of '{}'?").format(o.subject)
    if (
        QMessageBox.question(parent, parent.tr("Delete"), question)
        != QMessageBox.StandardButton.Yes
    ):
        return
    if o.original_start is not None:
        activity_moves.skip_occurrence(db, o.activity_id, o.original_start)
        contacts: tuple[int, ...] = ()
    else:
        contacts = activities.delete_activity(db, o.activity_id)
    bus.announce(Changes.of(activities=[o.activity_id], contacts=contacts))
