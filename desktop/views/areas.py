"""The registry of the main window's areas (Contacts, Activities, Deals, ...).

An engineer adding an area appends one line to AREAS:

    Area("contacts", "Contacts", "contacts", lambda context: ContactsArea(context)),

The window shows areas in this order, builds each one the first time it is opened, and hands
it an `AreaContext`. Only areas that work are listed: with none, the window shows a welcome
page instead of an empty navigation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.views.calendar_view import CalendarView
from desktop.views.contacts_view import ContactsView
from desktop.views.deals_area import DealsArea

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QWidget

    from desktop.store.database import Database
    from desktop.views.change_bus import ChangeBus
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings


@dataclass(frozen=True)
class AreaContext:
    """What an area may use. There is no global main window: this is the whole world an area
    sees, so an area can be built in a test with a stub window."""

    db: Database
    bus: ChangeBus
    undo_stack: QUndoStack
    #: parent for dialogs and for status messages (window.statusBar().showMessage)
    window: MainWindow
    settings: Settings


@dataclass(frozen=True)
class Area:
    #: stable id saved in settings as the last area shown; never rename
    key: str
    #: shown in the navigation and the View menu
    title: str
    #: freedesktop icon name or a file name under resources/icons (without .svg/.png)
    icon_name: str
    factory: Callable[[AreaContext], QWidget]


AREAS: list[Area] = [
    Area("contacts", "Contacts", "x-office-address-book", lambda context: ContactsView(context)),
    Area("deals", "Deals", "x-office-spreadsheet", lambda context: DealsArea(context)),
    Area("calendar", "Calendar", "x-office-calendar", CalendarView.for_area),
]
