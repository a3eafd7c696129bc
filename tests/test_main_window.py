"""The window shell as a user meets it: it opens on a database, switches areas, undoes, and
comes back where it was left."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.store.entities import Contact
from desktop.views.about_dialog import AboutDialog
from desktop.views.areas import AREAS, Area, AreaContext
from desktop.views.main_window import MainWindow
from desktop.views.settings import Setting, Settings


def _label_area(key: str, built: list[str]) -> Area:
    def factory(context: AreaContext) -> QWidget:
        built.append(key)
        assert context.window.undo_stack is context.undo_stack
        return QLabel(f"the {key} area")

    return Area(key, key.title(), "x-office-address-book", factory)


@pytest.fixture
def open_window(qtbot: QtBot, db: Database):
    """open_window(areas=None) -> a shown MainWindow on `db` with settings from tmp_path."""

    def open_(areas: list[Area] | None = None) -> MainWindow:
        window = MainWindow(db, Settings(), areas=areas)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


def test_window_opens_on_the_database_and_says_which(
    open_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(areas=[])
    assert "t.db" in window.windowTitle()
    assert window.findChild(QLabel, "database_label").text() == str(db.path)
    label = window.findChild(QLabel, "contact_count_label")
    qtbot.waitUntil(lambda: label.text() == "No contacts yet")
    # no areas registered: a welcome page, no empty navigation bar
    assert window.current_area_key() is None
    assert window.centralWidget().currentWidget().objectName() == "welcome"


@pytest.mark.postgres
def test_window_opens_on_either_backend(qtbot: QtBot, any_db: Database) -> None:
    window = MainWindow(any_db, Settings(), areas=[])
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "contact_count_label")
    qtbot.waitUntil(lambda: label.text() == "No contacts yet")
    if any_db.path is None:  # a server: its URL, never a password
        assert window.findChild(QLabel, "database_label").text().startswith("postgresql")


def test_contact_count_follows_the_change_bus(open_window, db: Database, qtbot: QtBot) -> None:
    window = open_window(areas=[])
    label = window.findChild(QLabel, "contact_count_label")
    qtbot.waitUntil(lambda: label.text() == "No contacts yet")
    with db.session() as session:
        contact = Contact(crm_number="C-0001", first_name="Wei", last_name="Wang")
        session.add(contact)
        session.flush()
        contact_id = contact.id
    window.bus.announce(Changes.of(deals=[7]))  # not about contacts: no recount needed
    window.bus.announce(Changes.of(contacts=[contact_id]))
    window.bus.announce(Changes.of(contacts=[contact_id]))  # coalesces with the running count
    qtbot.waitUntil(lambda: label.text() == "1 contact")


def test_areas_are_built_when_first_opened_and_switch(open_window, qtbot: QtBot) -> None:
    built: list[str] = []
    window = open_window(areas=[_label_area("contacts", built), _label_area("deals", built)])
    assert window.current_area_key() == "contacts"
    assert built == ["contacts"]

    deals = next(a for a in window.view_menu.actions() if a.text() == "Deals")
    deals.trigger()
    assert window.current_area_key() == "deals"
    assert window.area_widget("deals").text() == "the deals area"

    window.show_area("contacts")
    assert built == ["contacts", "deals"]  # built once each
    assert window.settings.last_area == "contacts"


def test_the_last_area_is_where_the_next_window_opens(open_window) -> None:
    areas = [_label_area("contacts", []), _label_area("deals", [])]
    open_window(areas=areas).show_area("deals")
    assert open_window(areas=areas).current_area_key() == "deals"


def test_every_registered_area_opens_on_an_empty_database(open_window) -> None:
    window = open_window()
    for area in AREAS:
        assert isinstance(window.show_area(area.key), QWidget), area.key


def test_edit_menu_undoes_and_redoes_what_is_on_the_stack(open_window) -> None:
    window = open_window(areas=[])
    done: list[str] = []

    class Rename(QUndoCommand):
        def redo(self) -> None:
            done.append("redo")

        def undo(self) -> None:
            done.append("undo")

    assert not window.undo_action.isEnabled()
    window.undo_stack.push(Rename("Rename contact"))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Rename contact"
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert done == ["redo", "undo", "redo"]


def test_geometry_is_kept_between_windows(open_window) -> None:
    first = open_window(areas=[])
    first.resize(777, 555)
    first.close()
    assert not first.settings.window_geometry.isEmpty()
    second = open_window(areas=[])
    assert (second.width(), second.height()) == (777, 555)


def test_about_names_the_database(open_window) -> None:
    window = open_window(areas=[])
    window.about_action.trigger()
    shown = window.findChild(AboutDialog).findChild(QLabel, "about_details").text()
    assert str(window.db.path) in shown


def test_settings_fall_back_to_declared_defaults(tmp_path: Path) -> None:
    class Sample(Settings):
        page_size = Setting("contacts/page_size", 200)
        compact = Setting("contacts/compact", False)

    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Sample(store)
    assert (settings.page_size, settings.compact, settings.last_area) == (200, False, "")
    settings.page_size = 50
    settings.compact = True
    settings.window_geometry = QByteArray(b"\x01\x02")
    settings.sync()
    again = Sample(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert (again.page_size, again.compact, again.window_geometry) == (50, True, b"\x01\x02")
    store.setValue("contacts/page_size", "lots")  # a hand-edited file
    assert Sample(store).page_size == 200
    with pytest.raises(TypeError):
        settings.page_size = "100"  # type: ignore[assignment]


def test_changes_merge_and_know_what_they_touch() -> None:
    merged = Changes.of(contacts=[1]) | Changes.of(deals=[2])
    assert merged == Changes(contacts=frozenset({1}), deals=frozenset({2}))
    assert merged.touches_contacts() and merged.touches_deals()
    assert not merged.touches_activities()
    assert not Changes()
    assert Changes.everything().touches_activities()


def _console_script(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed next to {sys.executable}: pip install -e ."
    return found


@pytest.mark.slow
def test_smoke_test_flag_through_the_real_console_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [_console_script("rapport"), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout
    # the throw-away database, not the user's
    assert not (tmp_path / "data" / "rapport.db").exists()


def test_smoke_test_reports_a_database_it_cannot_open(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("hello")
    result = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--smoke-test", "--db", str(not_a_database)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "not a Rapport database" in result.stderr


def test_registered_menu_commands_appear_in_their_menu_and_run(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feature's MenuCommand shows up under its menu; triggering it runs it with the context."""
    from desktop.views import menu_commands

    ran: list[object] = []
    command = menu_commands.MenuCommand("tools", "&Check database…", ran.append)
    monkeypatch.setattr(menu_commands, "MENU_COMMANDS", [command])
    monkeypatch.setattr("desktop.views.main_window.MENU_COMMANDS", [command])
    window = MainWindow(db, Settings(), areas=[])
    qtbot.addWidget(window)

    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert "&Tools" in titles
    assert "&Reports" not in titles  # no commands registered: the menu is hidden
    window.menu_actions["Check database"].trigger()
    assert len(ran) == 1
    assert ran[0].db is db


def test_every_registered_menu_command_names_a_function_that_exists() -> None:
    """Menu commands import their module when chosen; a typo must fail here, not for a user."""
    import importlib

    from desktop.views.menu_commands import MENU_COMMANDS

    for command in MENU_COMMANDS:
        module, function = command.run.__qualname__.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(f"desktop.views.{module}"), function))


def test_every_area_ships_its_own_icon() -> None:
    """Windows and macOS have no freedesktop icon theme: each area's icon must be a file of
    ours, or the navigation shows bare words there."""
    from desktop.views.main_window import ICONS_DIR

    for area in AREAS:
        shipped = [ICONS_DIR / f"{area.icon_name}{suffix}" for suffix in (".svg", ".png")]
        assert any(path.is_file() for path in shipped), area.key
