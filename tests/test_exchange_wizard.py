"""File > Import driven as a user would: choose the file, check the sheet and header row,
change a mapping, read the preview, choose what happens to duplicates, run, undo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from exchange_support import REALDATA, import_file, table_counts, write_csv
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.exchange.mapping import ColumnMap, describe
from desktop.models.import_mapping_model import Column, ImportMappingModel, Role
from desktop.store.database import Database
from desktop.views import safety_actions
from desktop.views.import_wizard import ImportWizard, PageId
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    main = MainWindow(db, Settings())
    qtbot.addWidget(main)
    return main


def _wizard(qtbot: QtBot, window: MainWindow) -> ImportWizard:
    window.menu_actions["Import"].trigger()
    wizard = window.findChild(ImportWizard, "import_wizard")
    assert wizard is not None and wizard.isVisible()
    qtbot.addWidget(wizard)
    return wizard


def _fair_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Leads"
    sheet["A1"] = "Hannover Messe 2025 – visitors at our stand"
    sheet.merge_cells("A1:E1")
    sheet.append(["Vorname", "Nachname", "Firma", "E-Mail", "Kundennummer"])
    sheet.append(["Anna", "Schmidt", "ACME", "anna@example.com", "K-1"])
    sheet.append(["Jörg", "Weiß", "Bäckerei", "joerg(at)example.com", "K-2"])
    sheet.append(["Li", "Wang", "", "li@example.cn", "K-3"])
    book.save(path)
    return path


def test_import_wizard_end_to_end(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(
        db,
        write_csv(
            tmp_path / "old.csv",
            [["Name", "E-mail", "Job title"], ["Li Wang", "li@example.cn", "Buyer"]],
        ),
    )
    wizard = _wizard(qtbot, window)
    wizard.file_page.path_edit.setText(str(_fair_workbook(tmp_path / "fair.xlsx")))
    wizard.next()
    assert wizard.currentId() == PageId.SHEET
    sheet = wizard.sheet_page
    assert sheet.header_row.value() == 2  # the merged title row is skipped
    assert sheet.rows_model.index(1, 0).data() == "2 ▶ headers"
    wizard.next()

    assert wizard.currentId() == PageId.MAPPING
    model: ImportMappingModel = wizard.mapping_page.model
    assert [model.index(r, Column.FIELD).data() for r in range(5)] == [
        "First name",
        "Last name",
        "Company",
        "E-mail",
        "(ignore)",
    ]
    assert model.index(0, Column.SAMPLE).data() == "Anna"
    # the user keeps the customer number in a new custom field, through the combo box
    view = wizard.mapping_page.view
    index = model.index(4, Column.FIELD)
    view.edit(index)
    combo = view.findChild(QComboBox, "field_choice")
    assert combo is not None
    combo.setCurrentIndex(combo.findText("New custom field “Kundennummer”"))
    view.commitData(combo)
    assert index.data(Role.MAPPING) == ColumnMap("custom:Kundennummer")
    wizard.next()

    assert wizard.currentId() == PageId.PREVIEW
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete)  # read and checked on a worker thread
    assert preview.model.rowCount() == 3
    assert preview.model.index(1, 1).data() == "Jörg Weiß"
    assert "3 rows to import; 1 with problems" in preview.counts.text()
    assert "row 4, E-Mail: 'joerg(at)example.com' is not a valid e-mail address" in (
        preview.problems.toPlainText()
    )
    preview.skip_bad.setChecked(True)
    wizard.next()

    assert wizard.currentId() == PageId.DUPLICATES
    duplicates = wizard.duplicates_page
    qtbot.waitUntil(lambda: "already stored" in duplicates.counts.text())
    assert duplicates.counts.text().startswith(
        "3 rows read: 1 already stored, 0 repeating an earlier row of the file."
    )
    duplicates.buttons["update"].setChecked(True)
    # every duplicate is listed before the import runs, as the chosen action will treat it
    assert duplicates.rows.toPlainText() == (
        "row 5 merged into C-000001 Li Wang (same e-mail li@example.cn)"
    )
    duplicates.buttons["skip"].setChecked(True)
    assert duplicates.rows.toPlainText().startswith("row 5 skipped, it repeats C-000001")
    duplicates.buttons["update"].setChecked(True)
    wizard.next()

    assert wizard.currentId() in (PageId.RUN, PageId.SUMMARY)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.SUMMARY, timeout=20_000)
    summary = wizard.summary_page.text.text()
    assert "read 3, created 1, updated 1, unchanged 0, skipped 0, rejected 1" in summary
    count = window.statusBar().findChild(object, "contact_count_label")
    qtbot.waitUntil(lambda: count.text() == "2 contacts")  # counted off the GUI thread

    wizard.summary_page.show_button.click()
    listed = wizard.findChild(object, "imported_contacts")
    assert listed.model.rowCount() == 1
    assert listed.model.index(0, 1).data() == "Anna Schmidt"

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    wizard.summary_page.undo_button.click()
    qtbot.waitUntil(lambda: not safety_actions.RUNNING)  # undone off the GUI thread
    assert "was undone: 1 contact removed, 1 contact restored" in wizard.summary_page.text.text()
    assert table_counts(db)["contacts"] == 1
    count = window.statusBar().findChild(object, "contact_count_label")
    qtbot.waitUntil(lambda: count.text() == "1 contact")  # counted off the GUI thread


def test_vcard_goes_straight_to_the_preview(qtbot: QtBot, window: MainWindow) -> None:
    wizard = _wizard(qtbot, window)
    wizard.file_page.path_edit.setText(
        str(REALDATA / "vcard" / "v30_gmail_many_emails_phones__ezvcard.vcf")
    )
    wizard.next()
    assert wizard.currentId() == PageId.PREVIEW
    qtbot.waitUntil(wizard.preview_page.isComplete)
    assert wizard.preview_page.model.index(0, 1).data() == "VCard Test"


def test_a_bad_file_is_named_on_the_first_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(64))
    wizard = _wizard(qtbot, window)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    assert wizard.currentId() == PageId.FILE
    assert wizard.file_page.error.isVisible()
    assert "cut.xlsx is damaged or incomplete" in wizard.file_page.error.text()


def test_cancel_leaves_the_database_unchanged(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    rows = [["Name", "E-mail"]] + [[f"P {i}", f"p{i}@example.com"] for i in range(6000)]
    path = write_csv(tmp_path / "many.csv", rows)
    before = table_counts(db)
    wizard = _wizard(qtbot, window)
    run_page = wizard.run_page
    wizard.file_page.path_edit.setText(str(path))
    for _ in range(3):
        wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete)
    wizard.next()
    assert wizard.currentId() == PageId.DUPLICATES
    wizard.next()
    assert wizard.currentId() == PageId.RUN
    run_page.cancel_button.click()  # at once: the worker checks between chunks
    qtbot.waitUntil(lambda: run_page.error.isVisible(), timeout=20_000)
    assert "cancelled; nothing was changed" in run_page.error.text()
    assert table_counts(db) == before


def test_mapping_model_passes_the_model_tester(model_tester) -> None:
    model = ImportMappingModel()
    model.set_columns(
        ["Vorname", "E-Mail"], ["Anna"], (ColumnMap("first_name"), ColumnMap("email"))
    )
    model_tester(model)
    assert model.index(1, Column.SAMPLE).data() == ""
    assert model.setData(model.index(1, Column.FIELD), ColumnMap("phone", "work"), Role.MAPPING)
    assert model.index(1, Column.FIELD).data() == describe(ColumnMap("phone", "work"))
    assert not model.setData(model.index(1, Column.HEADER), ColumnMap("phone"), Role.MAPPING)
    assert model.flags(model.index(0, Column.FIELD)) & Qt.ItemFlag.ItemIsEditable


def test_export_dialog_writes_a_group(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    import_file(
        db,
        write_csv(
            tmp_path / "g.csv",
            [
                ["Name", "E-mail", "Groups"],
                ["Anna Schmidt", "anna@example.com", "Messe"],
                ["Bob Meyer", "bob@example.com", ""],
            ],
        ),
    )
    window.menu_actions["Export"].trigger()
    dialog = window.findChild(QDialog, "export_dialog")
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.group.currentText() == "Messe"
    dialog.in_group.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert not dialog.dates_box.isEnabled()
    out = tmp_path / "messe"
    dialog.path.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "written to" in dialog.message.text(), timeout=10_000)
    assert dialog.message.text() == f"1 contact written to {out}.csv"  # result.summary()
    text = (tmp_path / "messe.csv").read_text("utf-8-sig")
    assert "Anna" in text and "Bob" not in text


def test_a_calendar_goes_to_the_calendar(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    from sqlalchemy import text

    wizard = _wizard(qtbot, window)
    ics = REALDATA / "ics" / "thunderbird_rrule_exdate_cancelled_overrides__vobject.ics"
    wizard.file_page.path_edit.setText(str(ics))
    wizard.next()
    assert wizard.currentId() == PageId.FILE
    assert wizard.file_page.done_label.isVisible()
    assert wizard.file_page.done_label.text()
    with db.transaction() as conn:
        assert conn.execute(text("SELECT count(*) FROM activities")).scalar_one() > 0


def test_unmapped_columns_are_shown_and_can_be_kept_in_the_notes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from desktop.exchange.mapping import KEEP_IN_NOTES

    path = write_csv(
        tmp_path / "Account.csv",
        [["ID", "NAME", "TYPE", "PHONE", "OWNERID"], ["1", "Acme Ltd", "Customer", "", "0055"]],
    )
    wizard = _wizard(qtbot, window)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    wizard.next()
    page = wizard.mapping_page
    assert page.ignored.text() == "Not imported: ID, TYPE, OWNERID"
    page.keep_button.click()
    model = page.model
    assert [model.index(r, Column.FIELD).data(Role.MAPPING).field for r in range(5)] == [
        KEEP_IN_NOTES,
        "full_name",
        KEEP_IN_NOTES,
        "phone",
        KEEP_IN_NOTES,
    ]
    assert page.ignored.text() == "Every column is imported."
    assert not page.keep_button.isEnabled()


def test_the_encoding_can_be_changed_with_a_live_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "abook.csv"
    rows = (
        "First Name,Last Name,Primary Email\r\n"
        "太郎,山田,taro@example.jp\r\n"
        "花子,鈴木,h@example.jp\r\n"
    )
    path.write_bytes(rows.encode("shift_jis"))
    wizard = _wizard(qtbot, window)
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    page = wizard.sheet_page
    assert page.encoding.isVisible()
    assert page.encoding.currentText() == "Shift_JIS"
    assert page.rows_model.index(1, 1).data() == "太郎"
    page.encoding.setCurrentIndex(page.encoding.findText("Windows-1252"))
    assert wizard.table().encoding == "cp1252"
    assert page.rows_model.index(1, 1).data() != "太郎"  # the user sees it is wrong
    page.encoding.setCurrentIndex(page.encoding.findText("UTF-8"))
    assert "line 2: the text is not valid UTF-8" in page.error.text()
    assert wizard.table().encoding == "cp1252"  # a choice that cannot read the file is not taken
    page.encoding.setCurrentIndex(page.encoding.findText("Shift_JIS"))
    assert not page.error.isVisible()
    assert page.rows_model.index(1, 1).data() == "太郎"
    wizard.next()
    assert wizard.mapping_page.model.index(0, Column.SAMPLE).data() == "太郎"


def test_the_wizard_passes_the_users_phone_region(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from desktop.views.contact_card import PHONE_REGION

    window.context().settings.write(PHONE_REGION, "US")
    path = write_csv(tmp_path / "us.csv", [["Name", "Phone"], ["Amy Adams", "(212) 555-0134"]])
    wizard = _wizard(qtbot, window)
    assert wizard.options().region == "US"
    wizard.file_page.path_edit.setText(str(path))
    for _ in range(3):
        wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete)
    assert preview.model.index(0, 3).data() == "(212) 555-0134"
    assert "0 with problems" in preview.counts.text()


def test_without_a_chosen_phone_region_the_computers_region_is_used(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13.4: the wizard, the card and Preferences fell back to Germany whatever the
    computer's locale; a salesperson in New York who never opened Preferences reads +1."""
    from desktop.exchange import phone_region
    from desktop.views.contact_card import phone_region as users_region

    monkeypatch.setattr(phone_region, "_locale_name", lambda: "en_US.UTF-8")
    assert users_region(window.context().settings) == "US"
    assert _wizard(qtbot, window).options().region == "US"
