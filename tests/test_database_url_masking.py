"""A team database's password never reaches the screen: the refusal to open it, the command
line's error and the window's status bar show the URL with '***' in its place. Without the
PostgreSQL driver the message says how to install it, not "No module named 'psycopg'"."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.errors import RapportError
from desktop.store.database import Database, masked_url, open_database

# Port 1 on loopback: nothing listens there, so the driver fails at once, naming the server.
URL = "postgresql://anna:s3cret-pw@127.0.0.1:1/sales"


def test_the_refusal_to_open_a_server_hides_the_password() -> None:
    with pytest.raises(RapportError) as refused:
        open_database(URL)
    message = str(refused.value)
    assert "s3cret-pw" not in message
    assert "anna:***@127.0.0.1:1/sales" in message


def test_the_command_line_error_hides_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", URL]) == 2
    out, err = capsys.readouterr()
    assert "s3cret-pw" not in out + err
    assert err.startswith("rapport: error: cannot open postgresql://anna:***@127.0.0.1:1/sales")


def test_without_the_driver_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(RapportError) as refused:
        open_database(URL)
    message = str(refused.value)
    assert 'pip install "rapport[postgres]"' in message
    assert "No module named" not in message and "s3cret-pw" not in message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://anna:s3cret@db.example.com/sales",
            "postgresql://anna:***@db.example.com/sales",
        ),
        ("postgresql+psycopg://anna:p%40ss@h:5433/x", "postgresql+psycopg://anna:***@h:5433/x"),
        ("postgresql://anna@h/x", "postgresql://anna@h/x"),
        ("/home/anna/rapport.db", "/home/anna/rapport.db"),
    ],
)
def test_masked_url_replaces_only_the_password(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_the_status_bar_shows_no_password(db_with_server_url: Database, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    window = MainWindow(db_with_server_url, Settings(), areas=[])
    qtbot.addWidget(window)
    label = window.statusBar().findChild(QLabel, "database_label")
    assert label is not None
    texts = [label.toolTip(), label.text(), window.windowTitle()]
    assert not any("s3cret" in text for text in texts), texts


@pytest.fixture
def db_with_server_url(tmp_path: Path) -> Iterator[Database]:
    """A real database whose URL carries a password, as a server's does (the window reads the
    URL for its tooltip; no PostgreSQL server is needed for that)."""
    db = open_database(tmp_path / "team.db")
    db.url = "postgresql+psycopg://anna:s3cret@db.example.com/sales"
    yield db
    db.close()
