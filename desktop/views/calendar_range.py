"""Which days the calendar shows and how its title names them.

The week and the month grid start on the user's first day of the week (Preferences, else the
locale's: Sunday in the US, Monday in most of Europe); the work week is Monday to Friday
whatever that choice, as a working week is. Titles use the one date formatter so the calendar
reads like the dialogs it opens ('30.11.2026 to 06.12.2026', with an en dash, for a German user).
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop.models import formats
from desktop.views.calendar_month import WEEKS


def week_start(day: date, first_weekday: int) -> date:
    """The first day of `day`'s week; first_weekday is ISO (1 Monday ... 7 Sunday)."""
    return day - timedelta(days=(day.isoweekday() - first_weekday) % 7)


def visible_range(mode: str, current: date) -> tuple[date, int]:
    """First day shown and how many days, for a mode ('day', 'work_week', 'week', 'month')."""
    first_weekday = formats.first_day_of_week().value
    if mode == "day":
        return current, 1
    if mode == "work_week":
        return week_start(current, 1), 5
    if mode == "week":
        return week_start(current, first_weekday), 7
    return week_start(current.replace(day=1), first_weekday), WEEKS * 7


def range_title(mode: str, current: date, first: date, days: int) -> str:
    """'Friday, 4 December 2026', '30/11/2026 to 06/12/2026' (en dash) or 'December 2026'."""
    if mode == "month":
        return formats.month_year(current)
    if days == 1:
        return formats.long_date(first)
    last = first + timedelta(days=days - 1)
    return f"{formats.short_date(first)} \u2013 {formats.short_date(last)}"
