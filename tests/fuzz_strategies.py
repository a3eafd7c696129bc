"""Hostile input for the fuzz tests: any Unicode (NUL and control characters, emoji, right-to-
left text, combining marks), strings far longer than any field, and dates out of range."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Modest and reproducible: the suite stays fast and CI sees the same cases every run.
FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be UTF-8 at all
_SPECIAL = st.sampled_from(
    [
        "\x00",
        "\u202e",  # right-to-left override
        "שלום",
        "مرحبا",
        "王伟",
        "👩‍👩‍👧‍👦",
        "e\u0301",
        "\ufeff",
        "'; DROP TABLE contacts; --",
        '"NEAR" OR *',
        "\r\n",
        "=cmd|'/C calc'!A0",
        "../../etc/passwd",
        "C-000001",
    ]
)


def _long(piece: str, times: int) -> str:
    return piece * times


hostile_text = st.one_of(
    st.text(_ANY_CHAR, max_size=40),
    st.lists(st.one_of(_SPECIAL, st.text(_ANY_CHAR, max_size=5)), max_size=6).map("".join),
    st.builds(_long, st.text(_ANY_CHAR, min_size=1, max_size=4), st.integers(60, 3000)),
)

hostile_datetimes = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31))

hostile_date_text = st.one_of(
    hostile_text,
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0000-00-00", "31.02.2020", "2020-13-01", "99999-01-01", "1.1.1", "-1"]),
)
