"""The window's own menu commands (registered in menu_commands.MENU_COMMANDS): Import (one
wizard at a time), Print (what is on screen), Help and Preferences.

Each is a plain function of the AreaContext, like every other menu command, so that it can be
triggered from a test through `window.menu_actions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.views.areas import AreaContext


def bring_to_front(widget: QWidget) -> None:
    """Raise and activate a window already open. The offscreen platform (tests, CI) has no
    stacking and warns on raise(), which the test settings turn into a failure."""
    if QGuiApplication.platformName() != "offscreen":
        widget.raise_()
    widget.activateWindow()


def open_import_wizard(context: AreaContext) -> None:
    """File > Import: the wizard is window-modal (the list behind it must not change under a
    running import) and there is only ever one; Ctrl+I again brings it to the front."""
    from desktop.views.import_wizard import ImportWizard

    window = context.window
    running = window.findChild(ImportWizard, "import_wizard")
    if running is not None and running.isVisible():
        bring_to_front(running)
        return
    if running is not None:
        running.deleteLater()  # a finished wizard: start afresh
    wizard = ImportWizard(context, window)
    wizard.setWindowModality(Qt.WindowModality.WindowModal)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()


def print_current(context: AreaContext) -> None:
    """File > Print (Ctrl+P): the open contact's customer sheet in Contacts, the pipeline in
    Deals, the activities report in the Calendar. A report's own preview prints itself."""
    from desktop.views import reports_menu
    from desktop.views.contacts_view import ContactsView

    window = context.window
    key = window.current_area_key()
    if key == "contacts":
        view = window.area_widget("contacts")
        assert isinstance(view, ContactsView)
        if view.card.print_button.isEnabled():
            view.card.print_button.click()  # the card's own path: unsaved edits saved first
            return
        window.statusBar().showMessage(
            window.tr("Open a contact to print its customer sheet."), 8000
        )
    elif key == "deals":
        reports_menu.pipeline(context)
    elif key == "calendar":
        reports_menu.activities(context)
    else:
        window.statusBar().showMessage(window.tr("Nothing to print here."), 8000)


def show_help(context: AreaContext) -> None:
    """Help > Rapport help (F1): the keyboard shortcuts, read off the window's own actions,
    until the user guide exists."""
    from desktop.views.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog.show_for(context.window)


def open_preferences(context: AreaContext) -> None:
    """Edit > Preferences (on macOS: Rapport > Settings)."""
    from desktop.services.changes import Changes
    from desktop.views.preferences_dialog import PreferencesDialog

    if PreferencesDialog.edit(context.settings, context.window):
        context.bus.announce(Changes.everything())  # every view redraws its dates
