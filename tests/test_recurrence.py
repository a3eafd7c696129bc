"""The dialog's recurrence choices as RRULE text, and expansion on the series' wall clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.services.recurrence import (
    Frequency,
    Moved,
    Recurrence,
    build_rrule,
    expand_all_day,
    expand_timed,
    last_occurrence,
    normalize_rrule,
    parse_recurrence,
    to_local,
    to_utc,
    zone,
)

BERLIN = zone("Europe/Berlin")


@pytest.mark.parametrize(
    ("choice", "start", "expected"),
    [
        (Recurrence(Frequency.DAILY, count=5), date(2026, 1, 5), "FREQ=DAILY;COUNT=5"),
        (
            Recurrence(Frequency.WEEKLY, weekdays=(2, 0), until=date(2026, 3, 1)),
            date(2026, 1, 5),
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260301",
        ),
        (
            Recurrence(Frequency.MONTHLY_BY_DAY, interval=2),
            date(2026, 1, 31),
            "FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=2",
        ),
        # 2026-01-15 is the third Thursday of January
        (Recurrence(Frequency.MONTHLY_BY_WEEKDAY), date(2026, 1, 15), "FREQ=MONTHLY;BYDAY=3TH"),
        # the 29th is in the fifth week: "last Thursday"
        (Recurrence(Frequency.MONTHLY_BY_WEEKDAY), date(2026, 1, 29), "FREQ=MONTHLY;BYDAY=-1TH"),
        (Recurrence(Frequency.YEARLY, count=3), date(2026, 2, 1), "FREQ=YEARLY;COUNT=3"),
    ],
)
def test_dialog_choices_become_rrule_text(choice, start, expected):
    assert build_rrule(choice, start) == expected
    back = parse_recurrence(expected)
    assert back is not None and back.frequency is choice.frequency


def test_timed_until_is_the_end_of_that_day_in_utc():
    rule = build_rrule(
        Recurrence(Frequency.DAILY, until=date(2026, 7, 1)), date(2026, 6, 1), BERLIN
    )
    assert rule == "FREQ=DAILY;UNTIL=20260701T215959Z"  # 23:59:59 CEST


@pytest.mark.parametrize(
    ("choice", "field"),
    [
        (Recurrence(Frequency.DAILY, interval=0), "repeat every"),
        (Recurrence(Frequency.DAILY, count=0), "occurrences"),
        (Recurrence(Frequency.DAILY, until=date(2025, 1, 1)), "until"),
    ],
)
def test_bad_choices_are_refused_naming_the_field(choice, field):
    with pytest.raises(ValidationError) as refused:
        build_rrule(choice, date(2026, 1, 5))
    assert refused.value.field == field


def test_weekly_nine_oclock_stays_nine_across_both_dst_changes():
    start = to_utc(datetime(2026, 3, 16, 9, 0), BERLIN)  # Monday, before summer time
    rule = build_rrule(Recurrence(Frequency.WEEKLY, count=40), start.date(), BERLIN)
    found = expand_timed(
        rule, start, timedelta(hours=1), "Europe/Berlin", datetime(2026, 3, 1), datetime(2027, 1, 1)
    )
    assert len(found) == 40
    assert {to_local(i.start, BERLIN).time().hour for i in found} == {9}
    utc_hours = [i.start.hour for i in found]
    assert utc_hours[:2] == [8, 8]  # CET: UTC+1
    assert utc_hours[2] == 7  # 2026-03-30, CEST: UTC+2
    assert utc_hours[-1] == 8  # December: CET again


def test_skipped_and_moved_occurrences():
    start = datetime(2026, 1, 5, 9, 0)
    skipped, moved = datetime(2026, 1, 6, 9, 0), datetime(2026, 1, 7, 9, 0)
    exceptions = {skipped: None, moved: Moved(datetime(2026, 1, 10, 14, 0), None)}
    found = expand_timed(
        "FREQ=DAILY;COUNT=4", start, timedelta(minutes=30), "UTC",
        datetime(2026, 1, 1), datetime(2026, 1, 31), exceptions,
    )  # fmt: skip
    assert [(i.original_start.day, i.start.day, i.start.hour) for i in found] == [
        (5, 5, 9),
        (8, 8, 9),
        (7, 10, 14),
    ]


def test_all_day_series_stays_dates():
    rule = normalize_rrule("FREQ=DAILY;UNTIL=20080323T235959Z", None)
    assert rule == "FREQ=DAILY;UNTIL=20080323"
    found = expand_all_day(rule, date(2008, 3, 3), 1, date(2008, 3, 1), date(2008, 4, 1))
    assert len(found) == 21
    assert all(i.start.hour == 0 and i.end - i.start == timedelta(days=1) for i in found)
    assert last_occurrence(rule, datetime(2008, 3, 3), None) == datetime(2008, 3, 23)


def test_a_floating_until_is_read_on_the_series_wall_clock():
    assert normalize_rrule("RRULE:FREQ=WEEKLY;UNTIL=20260701", BERLIN) == (
        "FREQ=WEEKLY;UNTIL=20260701T215959Z"
    )


def test_unknown_zone_and_unreadable_rule_are_named():
    with pytest.raises(ValidationError, match="Mars/Olympus"):
        zone("Mars/Olympus")
    with pytest.raises(ValidationError, match="FREQ=SOMETIMES"):
        expand_timed("FREQ=SOMETIMES", datetime(2026, 1, 1), timedelta(), "UTC",
                      datetime(2026, 1, 1), datetime(2026, 2, 1))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    tzid=st.sampled_from(
        ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Shanghai"]
    ),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    hour=st.integers(min_value=6, max_value=20),
    weeks=st.integers(min_value=1, max_value=60),
)
def test_any_weekly_series_keeps_its_wall_clock_in_any_zone(tzid, day, hour, weeks):
    tz = zone(tzid)
    start = to_utc(datetime.combine(day, datetime.min.time()).replace(hour=hour), tz)
    rule = build_rrule(Recurrence(Frequency.WEEKLY, count=weeks), day, tz)
    found = expand_timed(
        rule, start, timedelta(hours=1), tzid, start, start + timedelta(weeks=weeks)
    )
    assert len(found) == weeks
    assert {to_local(i.start, tz).hour for i in found} == {hour}
    assert {to_local(i.start, tz).weekday() for i in found} == {day.weekday()}
    assert last_occurrence(rule, start, tzid) == found[-1].start
