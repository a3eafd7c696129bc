"""The window shell: navigation over a stack of areas, menus, status bar, undo stack.

The window knows nothing of contacts or deals; each area comes from `desktop.views.areas.AREAS`
and is built the first time it is opened. The window owns the one `ChangeBus` and the one
`QUndoStack` and hands them to every area through `AreaContext`.
"""

from __future__ import annotations

import contextlib
import html
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from desktop.models import formats
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.store.entities import Contact
from desktop.views.about_dialog import AboutDialog
from desktop.views.areas import AREAS, Area, AreaContext
from desktop.views.change_bus import ChangeBus
from desktop.views.index_upkeep import IndexUpkeep
from desktop.views.menu_commands import MENU_COMMANDS, MENUS, MenuCommand
from desktop.views.settings import Settings

ICONS_DIR = (
    Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2])) / "resources" / "icons"
)


def area_icon(name: str) -> QIcon:
    """The desktop theme's icon of that name, else resources/icons/<name>.svg or .png."""
    for suffix in (".svg", ".png"):
        path = ICONS_DIR / f"{name}{suffix}"
        if path.is_file():
            return QIcon.fromTheme(name, QIcon(str(path)))
    return QIcon.fromTheme(name)


class MainWindow(QMainWindow):
    """Rapport's one main window over one open database."""

    #: the number of contacts, counted off the GUI thread (see _refresh_contact_count)
    contacts_counted = Signal(int)

    def __init__(
        self,
        db: Database,
        settings: Settings,
        areas: Sequence[Area] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")  # saveState() needs object names
        self.db = db
        self.settings = settings
        self.bus = ChangeBus(self)
        self.undo_stack = QUndoStack(self)
        self._areas = list(AREAS if areas is None else areas)
        self._built: dict[str, QWidget] = {}
        self._area_actions: dict[str, QAction] = {}
        #: registered menu commands by title without '&' and '…' (tests trigger them)
        self.menu_actions: dict[str, QAction] = {}
        #: the menu entries that change the database (disabled while it is read-only)
        self._writing_actions: list[QAction] = []

        formats.configure(settings.date_style, settings.first_day_of_week)
        self.setWindowTitle(self._title())
        self.resize(1100, 720)

        self._stack = QStackedWidget()
        self._stack.setObjectName("areas")
        self._welcome = _welcome_page(db)
        self._stack.addWidget(self._welcome)
        self.setCentralWidget(self._stack)

        self._navigation = QToolBar(self.tr("Navigation"))
        self._navigation.setObjectName("navigation")
        self._navigation.setMovable(False)
        self._navigation.setIconSize(QSize(28, 28))
        self._navigation.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self._navigation)
        self._navigation_group = QActionGroup(self)
        self._navigation_group.setExclusive(True)

        self.contacts_counted.connect(self._on_contacts_counted)
        self._build_menus()
        self._build_status_bar()
        self.index_upkeep = IndexUpkeep(db)
        self.bus.changed.connect(self._on_bus_changed)

        self.restoreGeometry(settings.window_geometry)
        self.restoreState(settings.window_state)
        if not self._areas:
            self._navigation.hide()  # nothing to navigate between; the welcome page shows
        last = settings.last_area
        if self._areas:
            self.show_area(last if last in self._area_actions else self._areas[0].key)

    # -- public ------------------------------------------------------------------------------

    @property
    def area_keys(self) -> list[str]:
        return [area.key for area in self._areas]

    def current_area_key(self) -> str | None:
        """Key of the area on screen, or None while the welcome page shows."""
        widget = self._stack.currentWidget()
        for key, built in self._built.items():
            if built is widget:
                return key
        return None

    def area_widget(self, key: str) -> QWidget | None:
        """The area's widget if it has been built (opened at least once)."""
        return self._built.get(key)

    def show_area(self, key: str) -> QWidget:
        """Bring the area to the front, building it on first use."""
        area = next(a for a in self._areas if a.key == key)
        widget = self._built.get(key)
        if widget is None:
            widget = area.factory(self.context())
            widget.setObjectName(f"area_{key}")
            self._built[key] = widget
            self._stack.addWidget(widget)
        self._stack.setCurrentWidget(widget)
        self._area_actions[key].setChecked(True)
        self.settings.last_area = key
        return widget

    def context(self) -> AreaContext:
        return AreaContext(self.db, self.bus, self.undo_stack, self, self.settings)

    # -- construction ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The window's own entries; features register theirs in views/menu_commands.py."""
        bar = self.menuBar()

        menus = {key: bar.addMenu(self.tr(title)) for key, title in MENUS.items()}
        self._add_menu_commands(menus)

        file_menu = menus["file"]
        if not file_menu.isEmpty():
            file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        edit_menu = menus["edit"]
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        # Undo and Redo head the Edit menu, above the commands features registered.
        first = edit_menu.actions()[0] if edit_menu.actions() else None
        edit_menu.insertActions(first, [self.undo_action, self.redo_action])
        if first is not None:
            edit_menu.insertSeparator(first)

        self.view_menu = menus["view"]
        for number, area in enumerate(self._areas, start=1):
            action = QAction(area_icon(area.icon_name), area.title, self)
            action.setCheckable(True)
            action.setData(area.key)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(self._on_area_action_triggered)
            self._navigation_group.addAction(action)
            self._navigation.addAction(action)
            self.view_menu.addAction(action)
            self._area_actions[area.key] = action
        if self._areas:
            self.view_menu.addSeparator()
            self.view_menu.addAction(self._navigation.toggleViewAction())

        help_menu = menus["help"]
        self.about_action = help_menu.addAction(self.tr("&About Rapport"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._on_about_triggered)
        for menu in menus.values():
            menu.menuAction().setVisible(not menu.isEmpty())
            # A background check may turn the database read-only after the window opened.
            menu.aboutToShow.connect(self._update_writing_actions)
        self._update_writing_actions()

    def _add_menu_commands(self, menus: dict[str, QMenu]) -> None:
        """Entries features registered in menu_commands.MENU_COMMANDS (don't add them here)."""
        last_group: dict[str, str] = {}
        for command in MENU_COMMANDS:
            menu = menus[command.menu]
            if command.menu in last_group and last_group[command.menu] != command.group:
                menu.addSeparator()
            last_group[command.menu] = command.group
            action = menu.addAction(self.tr(command.title))
            if command.shortcut:
                action.setShortcut(QKeySequence(command.shortcut))
            if command.role == "preferences":
                action.setMenuRole(QAction.MenuRole.PreferencesRole)
            action.triggered.connect(self._command_slot(command))
            self.menu_actions[command.title.replace("&", "").rstrip("…")] = action
            if command.writes:
                self._writing_actions.append(action)

    @Slot()
    def _update_writing_actions(self) -> None:
        """Entries that would change the database only while it can be changed."""
        writable = not self.db.readonly
        tip = "" if writable else self.tr("The database is open read-only")
        for action in self._writing_actions:
            action.setEnabled(writable)
            action.setStatusTip(tip)

    def _command_slot(self, command: MenuCommand) -> Callable[[bool], None]:
        def run(_checked: bool = False) -> None:
            if command.writes and self.db.readonly:
                # its key pressed after the database turned read-only, before a menu opened
                self._update_writing_actions()
                self.statusBar().showMessage(self.tr("The database is open read-only"), 8000)
                return
            command.run(self.context())

        return run

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self._database_label = QLabel(self._database_text())
        self._database_label.setObjectName("database_label")
        self._database_label.setToolTip(self.db.label)
        self._contact_count_label = QLabel(self.tr("counting contacts…"))
        self._count_thread: threading.Thread | None = None
        self._count_again = False
        self._contact_count_label.setObjectName("contact_count_label")
        status.addPermanentWidget(self._database_label)
        status.addPermanentWidget(self._contact_count_label)
        self._refresh_contact_count()

    def _title(self) -> str:
        """The file alone: Qt appends the application's display name where the platform shows
        it ('demo.db — Rapport' on Linux, 'demo.db - Rapport' on Windows; macOS names document
        windows by the file), so naming Rapport here read 'Rapport — demo.db — Rapport'."""
        title = _database_name(self.db)
        return f"{title} [{self.tr('read-only')}]" if self.db.readonly else title

    def _database_text(self) -> str:
        text = _database_name(self.db, full=True)
        return f"{text} ({self.tr('read-only')})" if self.db.readonly else text

    def _refresh_contact_count(self) -> None:
        """Recount off the GUI thread: COUNT over a million contacts takes 0.2 s, too long to
        freeze start-up or every save. Changes arriving meanwhile coalesce into one recount."""
        if self._count_thread is not None:
            self._count_again = True
            return
        self._count_again = False
        # A plain thread, not a QThread: Qt aborts the process when a QThread object is
        # destroyed while running, and a window can go away while a count is under way. The
        # result comes back as a queued signal, dropped if the window is gone by then.
        self._count_thread = threading.Thread(
            target=self._count_in_background, name="contact-count", daemon=True
        )
        self._count_thread.start()

    def _count_in_background(self) -> None:
        try:
            count = _count_contacts(self.db)
        except SQLAlchemyError:
            # The database was closed or replaced under the count (a restore, a shutdown):
            # the label keeps its last figure and the next change recounts.
            count = -1
        with contextlib.suppress(RuntimeError):  # the window was deleted meanwhile
            self.contacts_counted.emit(count)

    @Slot(int)
    def _on_contacts_counted(self, count: int) -> None:
        self._count_thread = None
        if count >= 0:  # -1: the count failed; keep the last figure
            # an empty database says what the contacts view's welcome says, not '0 contacts'
            texts = {0: self.tr("No contacts yet"), 1: self.tr("1 contact")}
            text = texts.get(count) or self.tr("{} contacts").format(f"{count:,}")
            self._contact_count_label.setText(text)
        if self._count_again:
            self._refresh_contact_count()

    # -- slots -------------------------------------------------------------------------------

    @Slot(bool)
    def _on_area_action_triggered(self, _checked: bool) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.show_area(str(action.data()))

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches_contacts():
            self._refresh_contact_count()

    @Slot()
    def _on_about_triggered(self) -> None:
        dialog = AboutDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def finish_background_work(self) -> None:
        """Wait for the window's own background queries, so that no connection is open when
        the database is closed or replaced (a restore), and no thread outlives the window."""
        if self._count_thread is not None:
            self._count_thread.join()
        self.index_upkeep.finish()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_background_work()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        super().closeEvent(event)


def _count_contacts(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(Contact.id))) or 0


def _database_name(db: Database, *, full: bool = False) -> str:
    """The file (its name, or its full path) for SQLite; the URL without password for a server."""
    if db.path is not None and not full:
        return db.path.name
    return db.label


def _welcome_page(db: Database) -> QWidget:
    page = QWidget()
    page.setObjectName("welcome")
    layout = QVBoxLayout(page)
    layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
    heading = QLabel("<h1>Welcome to Rapport</h1>")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    body = QLabel(
        "Your contacts, activities and deals will be here.<br>"
        f"Database: <b>{html.escape(_database_name(db, full=True))}</b>"
    )
    body.setTextFormat(Qt.TextFormat.RichText)
    body.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(heading)
    layout.addWidget(body)
    return page
