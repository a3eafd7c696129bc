"""The registry of menu commands features add to the main window (Import, Back up, Reports…).

A feature appends one line to MENU_COMMANDS instead of editing the window:

    MenuCommand("file", "&Import…", _open_import_wizard, shortcut="Ctrl+I"),

`menu` is one of MENUS (the window creates the menus in that order, File first and Help last,
and leaves out those with no commands); `run` gets the same AreaContext an area gets, so a
command opens its dialog with context.window as parent and reaches the database, the undo stack
and the change bus from there. A command that changes the database says `writes=True`, and
the window disables it while the database is read-only.
"""

from __future__ import annotations

import importlib
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
    #: where macOS moves the entry: "preferences" (the application menu's Settings) or ""
    role: str = ""
    #: it changes the database: disabled in a read-only window
    writes: bool = False


def _lazy(target: str) -> Callable[[AreaContext], None]:
    """'module.function' under desktop.views, imported when the command is first chosen: the
    wizards and dialogs behind the menus cost half a second of start-up if imported eagerly."""
    module, function = target.rsplit(".", 1)

    def run(context: AreaContext) -> None:
        getattr(importlib.import_module(f"desktop.views.{module}"), function)(context)

    run.__qualname__ = target
    return run


MENU_COMMANDS: list[MenuCommand] = [
    MenuCommand(
        "file",
        "&New contact\tCtrl+N",
        _lazy("contact_menu.new_contact"),
        "",
        "contacts",
        writes=True,
    ),
    MenuCommand(
        "file",
        "&Save contact\tCtrl+S",
        _lazy("contact_menu.save_contact"),
        "",
        "contacts",
        writes=True,
    ),
    MenuCommand(
        "edit", "&Find contact\tCtrl+F", _lazy("contact_menu.find_contact"), "", "contacts"
    ),
    MenuCommand(
        "edit",
        "&Delete contacts\tDel",
        _lazy("contact_menu.delete_contacts"),
        "",
        "contacts",
        writes=True,
    ),
    MenuCommand(
        "edit",
        "Add to &group…\tCtrl+G",
        _lazy("contact_menu.add_to_group"),
        "",
        "contacts",
        writes=True,
    ),
    MenuCommand(
        "edit",
        "&Tag contacts…\tCtrl+T",
        _lazy("contact_menu.tag_contacts"),
        "",
        "contacts",
        writes=True,
    ),
    MenuCommand(
        "file",
        "&Import…",
        _lazy("window_commands.open_import_wizard"),
        "Ctrl+I",
        "exchange",
        writes=True,
    ),
    MenuCommand(
        "file", "&Export…", _lazy("export_dialog.open_export_dialog"), "Ctrl+E", "exchange"
    ),
    MenuCommand(
        "file", "Import &history…", _lazy("import_history.open_import_history"), "", "exchange"
    ),
    MenuCommand("reports", "&Customer sheet…", _lazy("reports_menu.customer_sheet"), "", "sheets"),
    MenuCommand(
        "reports", "Customer sheets for a &group…", _lazy("reports_menu.group_batch"), "", "sheets"
    ),
    MenuCommand(
        "reports", "Customer sheets for a &tag…", _lazy("reports_menu.tag_batch"), "", "sheets"
    ),
    MenuCommand("reports", "&Phone list", _lazy("reports_menu.phone_list"), "", "lists"),
    MenuCommand("reports", "P&ipeline", _lazy("reports_menu.pipeline"), "", "lists"),
    MenuCommand("reports", "&Activities…", _lazy("reports_menu.activities"), "", "lists"),
    MenuCommand(
        "reports", "Report &settings…", _lazy("reports_menu.report_settings"), "", "settings"
    ),
    MenuCommand("file", "&Print…", _lazy("window_commands.print_current"), "Ctrl+P", "print"),
    MenuCommand("file", "&Back up…", _lazy("safety_actions.back_up"), "", "safety"),
    MenuCommand("file", "&Restore…", _lazy("safety_actions.restore"), "", "safety"),
    MenuCommand("tools", "&Check database…", _lazy("safety_actions.check_database"), "", "safety"),
    MenuCommand(
        "tools", "&Automatic backups…", _lazy("safety_actions.backup_settings"), "", "safety"
    ),
    MenuCommand(
        "tools",
        "E&xport a person's data…",
        _lazy("privacy_actions.export_person_data"),
        "",
        "privacy",
    ),
    MenuCommand(
        "tools",
        "&Erase a person…",
        _lazy("privacy_actions.erase_person_data"),
        "",
        "privacy",
        writes=True,
    ),
    MenuCommand(
        "edit",
        "&Preferences…",
        _lazy("window_commands.open_preferences"),
        "Ctrl+,",
        "preferences",
        role="preferences",
    ),
    MenuCommand("help", "Rapport &help", _lazy("window_commands.show_help"), "F1", "help"),
]
