"""How the views write dates, times and amounts: one place, so a dialog, a table, a reminder and a
file dialog all show the same '04/12/2026' for the same day.

Everything follows the user's locale (QLocale's short and long formats), with three repairs:

* a two-digit year ('dd.MM.yy', 'M/d/yy') becomes four digits: '12/4/26' is ambiguous in a
  contact's history, and a QDateEdit with 'yy' cannot reach a year outside 1900-1999;
* the C locale (no language set, typical of a bare Linux session) writes '4 12 2026'; ISO 8601
  ('2026-12-04') is used instead, the one form every reader understands;
* the user may pick a date order in Preferences (`DATE_STYLES`), which wins over the locale.

The chosen style is module state set by `configure()`: every model and delegate formats dates,
and handing the settings down to each of them would thread one value through a dozen
constructors for a choice that, like QLocale.setDefault(), is one per running application.

Amounts are integer cents and never pass through a float, so a large total is never off by one.

It lives in desktop/models, not views, because the item models (deal table, forecast) format
their cells too and models may not import views; the views use it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

#: Preferences' date orders (stored code -> shown title); 'locale' follows the system
DATE_STYLES: Final = {
    "locale": "As my computer's region",
    "iso": "2026-12-31 (ISO)",
    "dmy": "31/12/2026",
    "mdy": "12/31/2026",
}
_STYLE_PATTERNS: Final = {"iso": "yyyy-MM-dd", "dmy": "dd/MM/yyyy", "mdy": "MM/dd/yyyy"}
_ISO_DATE: Final = "yyyy-MM-dd"


@dataclass(frozen=True)
class _Choice:
    date_style: str = "locale"
    #: 1 (Monday) to 7 (Sunday); 0 follows the locale
    first_day_of_week: int = 0


_choice = _Choice()


def configure(date_style: str, first_day_of_week: int = 0) -> None:
    """Apply the user's Preferences; an unknown style (a newer version's) follows the locale."""
    global _choice
    style = date_style if date_style in DATE_STYLES else "locale"
    day = first_day_of_week if 1 <= first_day_of_week <= 7 else 0
    _choice = _Choice(style, day)


def _locale() -> QLocale:
    return QLocale()


def _is_c(locale: QLocale) -> bool:
    return locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage)


def _four_digit_year(pattern: str) -> str:
    """'yy' alone becomes 'yyyy' ('yyyy' stays as it is)."""
    return re.sub(r"(?<!y)yy(?!y)", "yyyy", pattern)


def date_pattern() -> str:
    """The short date as a Qt pattern, e.g. 'dd/MM/yyyy' (for QDateEdit.setDisplayFormat)."""
    if _choice.date_style in _STYLE_PATTERNS:
        return _STYLE_PATTERNS[_choice.date_style]
    locale = _locale()
    if _is_c(locale):
        return _ISO_DATE
    return _four_digit_year(locale.dateFormat(QLocale.FormatType.ShortFormat))


def time_pattern() -> str:
    """The locale's short time ('HH:mm', 'h:mm AP')."""
    locale = _locale()
    return "HH:mm" if _is_c(locale) else locale.timeFormat(QLocale.FormatType.ShortFormat)


def date_time_pattern() -> str:
    return f"{date_pattern()} {time_pattern()}"


def weekday_date_pattern() -> str:
    """The short date after the day's name: 'Fri 04/12/2026'."""
    return f"ddd {date_pattern()}"


def weekday_date_time_pattern() -> str:
    return f"{weekday_date_pattern()} {time_pattern()}"


def first_day_of_week() -> Qt.DayOfWeek:
    """The user's choice, else the locale's (Sunday in the US, Monday in most of Europe)."""
    if _choice.first_day_of_week:
        return Qt.DayOfWeek(_choice.first_day_of_week)
    return _locale().firstDayOfWeek()


def _qdate(value: date | QDate) -> QDate:
    return value if isinstance(value, QDate) else QDate(value.year, value.month, value.day)


def _written(value: date | QDate | None, pattern: str) -> str:
    """A day in `pattern`; a datetime counts as its date, None is ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _locale().toString(_qdate(value), pattern)


def long_date_pattern() -> str:
    locale = _locale()
    if _is_c(locale):
        return "dddd d MMMM yyyy"
    return locale.dateFormat(QLocale.FormatType.LongFormat)


def short_date(value: date | QDate | None) -> str:
    """'04/12/2026' (en_GB), '12/4/2026' (en_US), '2026-12-04' (no locale); None is ''."""
    return _written(value, date_pattern())


def long_date(value: date | QDate | None) -> str:
    """'Friday, 4 December 2026': headings and titles, where there is room."""
    return _written(value, long_date_pattern())


def weekday_date(value: date | QDate | None) -> str:
    """'Fri 04/12/2026': reminders and lists of days, where the weekday matters."""
    return _written(value, weekday_date_pattern())


def time_of_day(value: time | None) -> str:
    """'14:00' or '2:00 PM'."""
    if value is None:
        return ""
    return _locale().toString(QTime(value.hour, value.minute), time_pattern())


def date_time(value: datetime | None, *, weekday: bool = False) -> str:
    """'04/12/2026 14:00' (or 'Fri 04/12/2026 14:00'), for a datetime already in local time."""
    if value is None:
        return ""
    pattern = weekday_date_time_pattern() if weekday else date_time_pattern()
    moment = QDateTime(_qdate(value.date()), QTime(value.hour, value.minute))
    return _locale().toString(moment, pattern)


def local_date_time(stored: datetime | None) -> str:
    """A stored naive-UTC instant, written in the computer's time zone."""
    if stored is None:
        return ""
    return date_time(stored.replace(tzinfo=UTC).astimezone())


def month_year(value: date | QDate, *, short: bool = False) -> str:
    """'December 2026', or 'Dec 2026' where room is short (a chart's axis)."""
    return _written(value, "MMM yyyy" if short else "MMMM yyyy")


def money(cents: int, currency: str = "", decimals: int = 2) -> str:
    """'12,345.00 EUR' (en), '12 345,00 EUR' (fr): the locale's separators, always grouped,
    from integer cents; decimals=0 (totals) rounds half away from zero ('12,346')."""
    locale = _locale()
    sign = "-" if cents < 0 else ""
    units, fraction = divmod(abs(cents), 100)
    if decimals == 0:
        units += fraction >= 50
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    text = sign + locale.toString(units)
    if decimals:
        text += f"{locale.decimalPoint()}{fraction:02d}"
    return f"{text} {currency}".strip()


def set_up_date_edit(edit: QDateEdit | QDateTimeEdit, *, with_time: bool = False) -> None:
    """Give a date (or date-and-time) edit the user's format and first day of the week."""
    edit.setDisplayFormat(weekday_date_time_pattern() if with_time else date_pattern())
    if edit.calendarPopup():
        edit.calendarWidget().setFirstDayOfWeek(first_day_of_week())
