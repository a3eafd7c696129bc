"""One date and money form on the card and in the safety messages (issue 15.7): the History,
Purchases tabs, the date hints and the backup dates follow the user's locale, like every
dialog and table does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contact_fixtures import _no_real_dialogs, add_people, open_contacts  # noqa: F401
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from test_contact_card import retype
from told import Told

from desktop.models import formats
from desktop.services.contact_history import add_history
from desktop.store.backup import create_backup, read_manifest
from desktop.store.database import Database
from desktop.store.entities import Transaction
from desktop.views import safety_actions
from desktop.views.safety_startup import damaged_notice


@pytest.fixture
def german_dates() -> Iterator[None]:
    """A German computer: '04.12.2026', '1.234,50'."""
    before = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(before)
    formats.configure("locale")


def test_the_cards_tabs_write_dates_and_amounts_as_everywhere(
    qtbot: QtBot, db: Database, german_dates: None
) -> None:
    people = add_people(db)
    zeller = people["Zeller"]
    called = datetime(2026, 12, 4, 13, 5)  # stored in UTC
    add_history(db, zeller, "call", "asked for a quote", occurred_at=called)
    with db.session() as session:
        session.add(
            Transaction(
                contact_id=zeller,
                occurred_on=date(2025, 3, 1),
                description="Printer",
                amount_cents=123_450,
            )
        )
    _, view = open_contacts(qtbot, db)()
    view.open_contact(zeller)
    card = view.card
    when = card.history.model.index(0, 0).data()
    assert when == formats.local_date_time(called)
    assert when.startswith(formats.short_date(called.replace(tzinfo=UTC).astimezone()))
    assert "2026-12-04" not in when  # the locale's form, not ISO in UTC
    purchases = card.purchases.model
    assert purchases.index(0, 0).data() == "01.03.2025"
    assert purchases.index(0, 3).data() == "1.234,50 EUR"  # not '1,234.50 EUR'
    assert "Total 1.234,50 EUR" in card.purchases.totals.text()

    birthday = card.form.lines["birthday"]
    retype(qtbot, birthday.edit, "24.12.1980")
    assert birthday.message.text() == f"✓ {formats.long_date(date(1980, 12, 24))}"
    card.revert()


def test_backup_dates_in_the_restore_question_and_the_damage_banner(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, german_dates: None
) -> None:
    add_people(db)
    assert db.path is not None
    backup = create_backup(db.path, tmp_path / "backups" / "b.zip")
    taken = read_manifest(backup.path).created_at
    window, _ = open_contacts(qtbot, db)()
    shown = formats.local_date_time(taken)
    assert shown.startswith(formats.short_date(taken.replace(tzinfo=UTC).astimezone()))
    told = Told(monkeypatch)
    told.answer = False  # read the question, keep the database
    safety_actions.restore(window.context(), backup.path)
    assert f"the backup of {shown} (4 contacts)" in told.confirmations[-1]

    monkeypatch.setattr("desktop.views.safety_startup._newest_backup", lambda _path: backup)
    notice = damaged_notice(db.path, "a broken index")
    assert f"The newest backup is from {shown}." in notice.text
