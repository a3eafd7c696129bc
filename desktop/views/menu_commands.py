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

from desktop.views import (
    contact_menu,
    export_dialog,
    import_wizard,
    privacy_actions,
    reports_menu,
    safety_actions,
)

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


MENU_COMMANDS: list[MenuCommand] = [
    MenuCommand("file", "&New contact\tCtrl+N", contact_menu.new_contact, "", "contacts"),
    MenuCommand("file", "&Save contact\tCtrl+S", contact_menu.save_contact, "", "contacts"),
    MenuCommand("edit", "&Find contact\tCtrl+F", contact_menu.find_contact, "", "contacts"),
    MenuCommand("edit", "&Delete contacts\tDel", contact_menu.delete_contacts, "", "contacts"),
    MenuCommand("edit", "Add to &group…\tCtrl+G", contact_menu.add_to_group, "", "contacts"),
    MenuCommand("edit", "&Tag contacts…\tCtrl+T", contact_menu.tag_contacts, "", "contacts"),
    MenuCommand("file", "&Import…", import_wizard.open_import_wizard, "Ctrl+I", "exchange"),
    MenuCommand("file", "&Export…", export_dialog.open_export_dialog, "Ctrl+E", "exchange"),
    MenuCommand("reports", "&Customer sheet…", reports_menu.customer_sheet, "", "sheets"),
    MenuCommand("reports", "Customer sheets for a &group…", reports_menu.group_batch, "", "sheets"),
    MenuCommand("reports", "Customer sheets for a &tag…", reports_menu.tag_batch, "", "sheets"),
    MenuCommand("reports", "&Phone list", reports_menu.phone_list, "", "lists"),
    MenuCommand("reports", "P&ipeline", reports_menu.pipeline, "", "lists"),
    MenuCommand("reports", "&Activities…", reports_menu.activities, "", "lists"),
    MenuCommand("reports", "Report &settings…", reports_menu.report_settings, "", "settings"),
    MenuCommand("file", "&Back up…", safety_actions.back_up, "", "safety"),
    MenuCommand("file", "&Restore…", safety_actions.restore, "", "safety"),
    MenuCommand("tools", "&Check database…", safety_actions.check_database, "", "safety"),
    MenuCommand("tools", "&Automatic backups…", safety_actions.backup_settings, "", "safety"),
    MenuCommand(
        "tools", "E&xport a person's data…", privacy_actions.export_person_data, "", "privacy"
    ),
    MenuCommand("tools", "&Erase a person…", privacy_actions.erase_person_data, "", "privacy"),
]
