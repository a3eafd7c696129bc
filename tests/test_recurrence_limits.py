"""Series that would run away: every-second and every-minute rules are refused naming the
rule, and every expansion stops at the window asked for and a fixed number of occurrences."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from activity_fixtures import schedule

from desktop.errors import ValidationError
from desktop.services.activity_queries import occurrences
from desktop.services.recurrence import (
    MAX_OCCURRENCES,
    expand_all_day,
    expand_timed,
    last_occurrence,
    zone,
)


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "secondly"])
def test_a_series_repeating_every_second_or_minute_is_refused(db, freq):
    start = datetime(2026, 12, 4, 9)
    with pytest.raises(ValidationError, match="every second or minute"):
        schedule(db, "Ping", start, start, rrule=f"FREQ={freq.upper()};INTERVAL=1")


def test_an_hourly_series_over_ten_years_stops_at_the_fixed_maximum():
    found = expand_timed("FREQ=HOURLY", datetime(2026, 1, 1), timedelta(minutes=5), "UTC",
                         datetime(2026, 1, 1), datetime(2036, 1, 1))  # fmt: skip
    assert len(found) == MAX_OCCURRENCES
    days = expand_all_day("FREQ=DAILY", date(2000, 1, 1), 1, date(2000, 1, 1), date(2100, 1, 1))
    assert len(days) == MAX_OCCURRENCES


def test_the_last_occurrence_of_a_huge_count_is_found_without_walking_it_all():
    last = last_occurrence("FREQ=HOURLY;COUNT=100000000", datetime(2026, 1, 1), "UTC")
    # Unknown beyond the cap: treated as open-ended, which keeps range queries right.
    assert last is None
    until = last_occurrence("FREQ=HOURLY;UNTIL=29991231T000000Z", datetime(2026, 1, 1), "UTC")
    assert until == datetime(2999, 12, 31)


def test_the_calendar_over_a_century_shows_the_capped_series(db):
    start = datetime(2026, 1, 1, 9)
    schedule(db, "Hourly check", start, start + timedelta(minutes=5), rrule="FREQ=HOURLY",
             tzid="Europe/Berlin")  # fmt: skip
    found = occurrences(db, date(2026, 1, 1), date(2126, 1, 1), zone("UTC"))
    assert len(found) == MAX_OCCURRENCES
