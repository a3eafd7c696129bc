"""Help > About tells a salesperson (and the person helping them) what they run: Rapport's
version, Python, Qt, SQLite, the data folder and the open database, with a button that copies
it all for an e-mail to support. A team database's password never shows."""

from __future__ import annotations

import platform
import sqlite3

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

import desktop
from desktop.store.database import Database, data_dir
from desktop.views.about_dialog import AboutDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


def _open_about(qtbot: QtBot, db: Database) -> AboutDialog:
    window = MainWindow(db, Settings(), areas=[])
    qtbot.addWidget(window)
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None, "Help > About opened no About dialog"
    qtbot.waitExposed(dialog)
    return dialog


def test_help_about_names_every_version_and_where_the_data_is(qtbot: QtBot, db: Database) -> None:
    dialog = _open_about(qtbot, db)
    shown = dialog.findChild(QLabel, "about_details").text()
    assert f"Rapport {desktop.__version__}" in dialog.findChild(QLabel, "about_heading").text()
    assert platform.python_version() in shown
    assert PySide6.__version__ in shown and qVersion() in shown
    assert sqlite3.sqlite_version in shown
    assert str(data_dir()) in shown
    assert str(db.path) in shown


def test_copy_details_puts_the_same_lines_on_the_clipboard(qtbot: QtBot, db: Database) -> None:
    dialog = _open_about(qtbot, db)
    QApplication.clipboard().clear()
    copy = dialog.findChild(QPushButton, "copy_details")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.splitlines()[0] == f"Rapport {desktop.__version__}"
    assert f"SQLite: {sqlite3.sqlite_version}" in copied
    assert f"Database: {db.path}" in copied
    assert copy.text() == "Copied"  # the user sees that it worked


def test_a_team_database_shows_without_its_password(qtbot: QtBot) -> None:
    url = "postgresql+psycopg://anna:s3cret@db.example.com/sales"
    server = Database(url, create_engine(url), path=None, readonly=False)  # never connects
    dialog = AboutDialog(server)
    qtbot.addWidget(dialog)
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.findChild(QPushButton, "copy_details"), Qt.MouseButton.LeftButton)
    texts = [dialog.findChild(QLabel, "about_details").text(), QApplication.clipboard().text()]
    assert all("anna:***@db.example.com/sales" in text for text in texts), texts
    assert not any("s3cret" in text for text in texts), texts
    server.engine.dispose()
