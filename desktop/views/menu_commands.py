"""The registry of menu commands features add to the main window (Import, Back up, Reports…).

A feature appends one line to MENU_COMMANDS instead of editing the window:

    MenuCommand("file", "&Import…", _open_import_wizard, shortcut="Ctrl+I"),

`menu` is one of MENUS (the window creates the menus in that order, File first and Help last,
and leaves out those with no commands); `run` gets the same AreaContext an area gets, so a
command opens its dialog with context.window as parent and reaches the database, the undo stack
and the change bus from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

#: menu key -> title, in menu-bar order; Edit and View are the window's own
MENUS = {
    "file": "&File",
    "edit": "&Edit",
    "view": "&View",
    "reports": "&Reports",
    "tools": "&Tools",
    "help": "&Help",
}


@dataclass(frozen=True)
class MenuCommand:
    menu: str
    title: str
    run: Callable[[AreaContext], None]
    shortcut: str = ""
    #: commands with the same group sit together between separators
    group: str = ""


MENU_COMMANDS: list[MenuCommand] = []
