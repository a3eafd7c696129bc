"""Starting the program as a user does: `rapport --db FILE` up to the event loop."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from activity_fixtures import schedule
from PySide6.QtWidgets import QApplication, QWidget

from desktop import app
from desktop.store.database import Database
from desktop.store.entities import utcnow
from desktop.views.main_window import MainWindow


def _visible_top_levels() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_an_alarm_missed_while_closed_shows_when_the_program_starts(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    schedule(
        db,
        "Call Anna",
        now + timedelta(minutes=5),
        now + timedelta(minutes=15),
        kind="Call",
        alarm_minutes=15,
    )  # fmt: skip  (the alarm rang 10 minutes ago)
    assert db.path is not None
    path: Path = db.path
    db.close()
    seen: list[str] = []

    def fake_exec() -> int:
        """Instead of the event loop: note what the user sees, then close like a user."""
        QApplication.processEvents()
        shown = _visible_top_levels()
        seen.extend(w.windowTitle() for w in shown)
        seen.extend(
            text
            for w in shown
            if hasattr(w, "texts")
            for text in w.texts()  # the reminders
        )
        for widget in shown:
            if isinstance(widget, MainWindow):
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app.main(["--db", str(path)]) == 0
    assert any(text.endswith("Call: Call Anna  (missed)") for text in seen), seen
