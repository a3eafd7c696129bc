"""The calendar's Import…: a file of which nothing could be imported says so as a warning."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from desktop.views.calendar_view import CalendarView
from desktop.views.change_bus import ChangeBus
from desktop.views.ics_import_runner import IcsImportRunner


def test_a_file_of_which_nothing_was_imported_is_a_warning_naming_the_event(
    qtbot, db, tmp_path: Path, monkeypatch
):
    backwards = tmp_path / "backwards.ics"
    backwards.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1\r\n"
        "SUMMARY:Backwards\r\nDTSTART;VALUE=DATE:20261105\r\nDTEND;VALUE=DATE:20261104\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    view = CalendarView(db, ChangeBus(), QUndoStack(), "Europe/Berlin")
    qtbot.addWidget(view)
    monkeypatch.setattr(CalendarView, "ask_ics_file", classmethod(lambda cls, p: backwards))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    runner = view.findChild(IcsImportRunner)
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        pass
    assert runner.message.icon() == QMessageBox.Icon.Warning
    assert runner.message.text() == "backwards.ics: nothing imported, 1 skipped"
    assert "'Backwards' skipped: it ends on 2026-11-04" in runner.message.detailedText()
    runner.message.close()
