"""The one formatter: the same day reads the same in a dialog, a table and a reminder, in the
user's locale, and amounts use the locale's separators (issue 15.7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit
from pytestqt.qtbot import QtBot

from desktop.models import formats

DAY = date(2026, 12, 4)


@pytest.fixture
def locale_named() -> Iterator[object]:
    """Switch the application's locale for one test, and put everything back after."""
    before = QLocale()

    def switch(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield switch
    QLocale.setDefault(before)
    formats.configure("locale")


def test_short_dates_follow_the_locale_with_four_digit_years(locale_named) -> None:
    locale_named("en_GB")
    assert formats.short_date(DAY) == "04/12/2026"
    locale_named("en_US")
    assert formats.short_date(DAY) == "12/4/2026"  # the locale's M/d/yy, year in full
    locale_named("de_DE")
    assert formats.short_date(DAY) == "04.12.2026"


def test_without_a_locale_dates_are_iso_not_day_month_with_spaces(locale_named) -> None:
    locale_named("C")
    assert formats.short_date(DAY) == "2026-12-04"  # the C locale would write '4 12 2026'
    assert formats.date_time(datetime(2026, 12, 4, 14, 0)) == "2026-12-04 14:00"
    assert formats.weekday_date(QDate(2026, 12, 4)) == "Fri 2026-12-04"


def test_dialogs_tables_and_reminders_share_one_form(locale_named) -> None:
    locale_named("en_GB")
    moment = datetime(2026, 12, 4, 14, 0)
    assert formats.date_time(moment) == "04/12/2026 14:00"
    assert formats.date_time(moment, weekday=True) == "Fri 04/12/2026 14:00"
    assert formats.weekday_date(DAY) == "Fri 04/12/2026"
    assert formats.time_of_day(time(9, 5)) == "09:05"
    assert formats.long_date(DAY) == "Friday, 4 December 2026"
    assert formats.month_year(DAY) == "December 2026"
    assert formats.month_year(DAY, short=True) == "Dec 2026"
    assert formats.short_date(None) == formats.date_time(None) == ""


def test_the_users_date_order_wins_over_the_locale(locale_named) -> None:
    locale_named("en_US")
    formats.configure("iso")
    assert formats.short_date(DAY) == "2026-12-04"
    formats.configure("dmy", first_day_of_week=1)
    assert formats.short_date(DAY) == "04/12/2026"
    assert formats.first_day_of_week() == Qt.DayOfWeek.Monday
    formats.configure("no-such-style")  # a newer version's choice: back to the locale
    assert formats.short_date(DAY) == "12/4/2026"
    assert formats.first_day_of_week() == Qt.DayOfWeek.Sunday


def test_money_uses_the_locales_separators_from_integer_cents(locale_named) -> None:
    locale_named("en_US")
    assert formats.money(1_234_567_89, "EUR") == "1,234,567.89 EUR"
    assert formats.money(-5, "EUR") == "-0.05 EUR"
    assert formats.money(1_234_550, decimals=0) == "12,346"
    assert formats.money(9_007_199_254_740_993) == "90,071,992,547,409.93"  # beyond a float
    locale_named("fr_FR")
    assert formats.money(1_234_567_89, "EUR") == "1\u202f234\u202f567,89 EUR"
    locale_named("C")
    assert formats.money(1_234_567_89) == "1,234,567.89"  # grouped even where C would not


def test_a_date_edit_shows_the_same_form_and_week(qtbot: QtBot, locale_named) -> None:
    locale_named("en_US")
    formats.configure("locale", first_day_of_week=1)
    day = QDateEdit(QDate(2027, 3, 4), calendarPopup=True)
    moment = QDateTimeEdit()
    qtbot.addWidget(day)
    qtbot.addWidget(moment)
    formats.set_up_date_edit(day)
    formats.set_up_date_edit(moment, with_time=True)
    moment.setDateTime(datetime(2026, 12, 4, 14, 0))
    assert day.text() == "3/4/2027"  # not '4 03 2027'
    assert day.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert moment.text() == "Fri 12/4/2026 2:00\u202fPM"


def test_the_deal_table_and_filter_show_dates_in_the_same_form(
    qtbot: QtBot, db, locale_named
) -> None:
    from deal_helpers import add_deal, stage_ids

    from desktop.models.deal_columns import Column
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    locale_named("en_GB")
    deal = add_deal(db, "Printers", "Lead", 123_456_78, close=date(2026, 12, 4))
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    area = window.show_area("deals")
    close = area.model.deal_index(deal, Column.CLOSE)
    assert close.data() == "04/12/2026"  # was '2026-12-04' beside 'Fri 04/12/2026' in dialogs
    assert area.model.deal_index(deal, Column.AMOUNT).data() == "123,456.78 EUR"
    assert area.model.column_index(stage_ids(db)["Lead"]).isValid()
    bar = area.filter_bar
    bar.close_to.setDate(QDate(2027, 3, 4))
    assert bar.close_to.text() == "04/03/2027"  # not '4 03 2027'
