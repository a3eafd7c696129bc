"""vCards arrive whole (issue 13.5): nothing of vobject's log reaches the terminal, skipped
lines and photos are counted in the summary, and what a card carries beside first and last
name is kept, with a name in two scripts kept in both."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from exchange_support import contact_named, import_file
from sqlalchemy import create_engine, text

from desktop.exchange.vcard_reader import read_vcards
from desktop.services.contacts import ContactDraft, save_contact
from desktop.services.search import search_contacts
from desktop.store import schema
from desktop.store.database import APPLICATION_ID, Database, open_database

# An iPhone card whose photo lost its folding on the way (a mail program re-wrapped it): every
# line of the picture is a line without a property name.
_PHOTO_LINES = ["/9j/4AAQSkZJRgABAQAASABIAAD/4QBMRXhpZgAATU0AKgAAAAgAAYdpAAQAAAABAAAAGgAA"] * 586
IPHONE = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
        "N:Appleseed;John;Quincy;Dr.;Jr.",
        "FN:Dr. John Quincy Appleseed Jr.",
        "NICKNAME:Johnny",
        "ORG:Apple Seeds Inc.;",
        "item1.URL;type=pref:https://seeds.example/john",
        "item1.X-ABLabel:_$!<HomePage>!$_",
        "URL:https://blog.example/johnny",
        "item2.X-ABDATE;type=pref:2010-06-05",
        "item2.X-ABLabel:_$!<Anniversary>!$_",
        "BDAY:1980-02-01",
        "TEL;type=CELL;type=VOICE;type=pref:+1 408 555 0123",
        "EMAIL;type=INTERNET;type=HOME;type=pref:john@seeds.example",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAASABIAAD",
        *_PHOTO_LINES,
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Doe;Jane;;;",
        "FN:Jane Doe",
        "EMAIL:jane@example.com",
        "END:VCARD",
        "",
    ]
)

TWO_SCRIPTS = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "N;ALTID=1;LANGUAGE=en:Wang;Wei;;;",
        "N;ALTID=1;LANGUAGE=zh:王;伟;;;",
        "FN;ALTID=1;LANGUAGE=en:Wei Wang",
        "FN;ALTID=1;LANGUAGE=zh:王伟",
        "ANNIVERSARY:20100605",
        "EMAIL:wang.wei@example.cn",
        "END:VCARD",
        "",
    ]
)


def test_an_iphone_card_imports_whole_and_quietly(
    db: Database, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "iphone.vcf"
    path.write_text(IPHONE, encoding="utf-8")
    result = import_file(db, path)
    printed = capfd.readouterr()
    assert "Skipped" not in printed.err + printed.out
    assert result.created == 2
    summary = result.summary()
    assert "586 unreadable lines skipped (card 1: 586)" in summary
    assert "1 photo not imported (Rapport keeps no photos yet): card 1" in summary
    card = contact_named(db, "John Appleseed")
    assert (card.first_name, card.middle_name, card.last_name) == ("John", "Quincy", "Appleseed")
    assert (card.name_prefix, card.name_suffix, card.nickname) == ("Dr.", "Jr.", "Johnny")
    assert card.website == "https://seeds.example/john\nhttps://blog.example/johnny"
    assert card.anniversary is not None and card.anniversary.isoformat() == "2010-06-05"
    assert card.birthday is not None and card.birthday.isoformat() == "1980-02-01"
    assert card.company == "Apple Seeds Inc."


def test_the_command_line_prints_the_summary_and_no_parser_log(tmp_path: Path) -> None:
    """In a terminal (where the test's log capture is not) the parser's log lines showed."""
    path = tmp_path / "iphone.vcf"
    path.write_text(IPHONE, encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("rapport")), "import", "--db", tmp_path / "c.db", path],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Skipped" not in done.stderr + done.stdout
    assert "586 unreadable lines skipped (card 1: 586)" in done.stdout


def test_a_card_without_losses_says_nothing_of_them(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "plain.vcf"
    path.write_text(TWO_SCRIPTS, encoding="utf-8")
    summary = import_file(db, path).summary()
    assert "not imported" not in summary and "skipped (" not in summary


@pytest.mark.parametrize(
    ("language", "first", "last", "alternate"),
    [("zh_CN.UTF-8", "伟", "王", "Wei Wang"), ("en_US.UTF-8", "Wei", "Wang", "王伟")],
)
def test_a_name_in_two_scripts_keeps_both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    first: str,
    last: str,
    alternate: str,
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", language)
    path = tmp_path / "wang.vcf"
    path.write_text(TWO_SCRIPTS, encoding="utf-8")
    (card,) = read_vcards(path)
    assert (card.text("first_name"), card.text("last_name")) == (first, last)
    assert card.text("alternate_name") == alternate
    assert card.text("anniversary") == "20100605"


def test_a_database_of_the_previous_release_gets_the_new_fields_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        schema.upgrade(conn, "0002")
        conn.execute(
            text(
                "INSERT INTO contacts (crm_number, first_name, last_name, display_name, "
                "created_at, updated_at) VALUES ('C-000001', 'Alt', 'Bestand', 'Alt Bestand', "
                "'2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    db = open_database(path)
    try:
        card = contact_named(db, "Alt Bestand")
        assert (card.middle_name, card.nickname, card.website, card.anniversary) == (
            "",
            "",
            "",
            None,
        )
    finally:
        db.close()


def test_nickname_and_alternate_name_are_searched(db: Database, tmp_path: Path) -> None:
    """Imported and typed on the card alike: 'Johnny' finds John, 'Wei Wang' finds 王伟."""
    path = tmp_path / "iphone.vcf"
    path.write_text(IPHONE, encoding="utf-8")
    import_file(db, path)
    save_contact(db, ContactDraft(first_name="伟", last_name="王", alternate_name="Wei Wang"))
    assert [hit.display_name for hit in search_contacts(db, "johnny")] == ["John Appleseed"]
    assert [hit.display_name for hit in search_contacts(db, "wei wang")] == ["王伟"]


def test_saving_the_card_keeps_what_the_import_brought(db: Database, tmp_path: Path) -> None:
    """The card edits a draft of the loaded contact, so fields it does not show yet survive."""
    path = tmp_path / "iphone.vcf"
    path.write_text(IPHONE, encoding="utf-8")
    import_file(db, path)
    john = contact_named(db, "John Appleseed")
    saved = save_contact(db, replace(john.to_draft(), title="Chief Seed Officer"))
    assert (saved.title, saved.nickname, saved.middle_name) == (
        "Chief Seed Officer",
        "Johnny",
        "Quincy",
    )
    assert saved.anniversary == john.anniversary and saved.website == john.website
