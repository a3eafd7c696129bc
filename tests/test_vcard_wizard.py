"""File > Import of an iPhone vCard: the summary page says what the file lost (issue 13.5)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from test_vcard_fidelity import IPHONE

from desktop.store.database import Database
from desktop.views.import_wizard import ImportWizard, PageId
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


def run_wizard(qtbot: QtBot, db: Database, path: Path) -> ImportWizard:
    """The wizard after importing `path` with its defaults, on its summary page."""
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.menu_actions["Import"].trigger()
    wizard = window.findChild(ImportWizard, "import_wizard")
    assert wizard is not None
    qtbot.addWidget(wizard)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    assert wizard.currentId() == PageId.PREVIEW
    qtbot.waitUntil(wizard.preview_page.isComplete)
    while wizard.currentId() not in (PageId.RUN, PageId.SUMMARY):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.SUMMARY, timeout=20_000)
    return wizard


def test_the_summary_page_counts_skipped_lines_and_photos(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "iphone.vcf"
    path.write_text(IPHONE, encoding="utf-8")
    summary = run_wizard(qtbot, db, path).summary_page.text.text()
    assert "read 2, created 2" in summary
    assert "1 photo not imported (Rapport keeps no photos yet): card 1" in summary
    assert "586 unreadable lines skipped (card 1: 586)" in summary
