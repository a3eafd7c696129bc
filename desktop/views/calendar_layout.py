"""Where blocks go on the calendar, in plain Python so the painting widgets stay small.

Timed blocks in a day are grouped into clusters of overlapping blocks and each gets a lane:
overlapping activities stand side by side, each as wide as its cluster allows. All-day items
(and timed ones spanning days in the all-day band) are stacked into lanes across columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: a block shorter than this is still drawn (and laid out) this tall, so it can be read and hit
MIN_BLOCK_MINUTES = 20


@dataclass(frozen=True)
class Span:
    """A row of the model with its local wall-clock start and end."""

    row: int
    start: datetime
    end: datetime
    all_day: bool = False


@dataclass(frozen=True)
class TimedBlock:
    row: int
    #: index of the day column
    day: int
    #: minutes after midnight, clipped to the day
    start_minute: int
    end_minute: int
    lane: int
    lanes: int


@dataclass(frozen=True)
class BandBlock:
    row: int
    first_day: int
    #: inclusive
    last_day: int
    lane: int


def lay_out_day_columns(spans: Sequence[Span], first_day: date, days: int) -> list[TimedBlock]:
    """Blocks for timed spans over `days` columns starting at first_day; a span crossing
    midnight is cut into one block per day."""
    per_day: list[list[tuple[int, int, int]]] = [[] for _ in range(days)]
    for span in spans:
        for column in range(days):
            day = first_day + timedelta(days=column)
            lo = datetime.combine(day, time())
            hi = lo + timedelta(days=1)
            if span.start < hi and (span.end > lo or span.start >= lo):
                start = max(span.start, lo)
                end = min(max(span.end, span.start), hi)
                start_minute = int((start - lo).total_seconds() // 60)
                end_minute = int((end - lo).total_seconds() // 60)
                per_day[column].append((start_minute, end_minute, span.row))
    blocks: list[TimedBlock] = []
    for column, items in enumerate(per_day):
        blocks.extend(_lanes(column, sorted(items)))
    return blocks


def _lanes(column: int, items: list[tuple[int, int, int]]) -> list[TimedBlock]:
    placed: list[TimedBlock] = []
    cluster: list[tuple[int, int, int, int]] = []  # start, end, row, lane
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        for start, end, row, lane in cluster:
            placed.append(TimedBlock(row, column, start, end, lane, len(lane_ends)))

    for start, end, row in items:
        shown_end = max(end, start + MIN_BLOCK_MINUTES)
        if start >= cluster_end and cluster:
            close()
            cluster, lane_ends = [], []
        lane = next((i for i, e in enumerate(lane_ends) if e <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(shown_end)
        else:
            lane_ends[lane] = shown_end
        cluster.append((start, end, row, lane))
        cluster_end = max(cluster_end, shown_end)
    if cluster:
        close()
    return placed


def lay_out_band(spans: Sequence[Span], first_day: date, days: int) -> list[BandBlock]:
    """All-day spans (end exclusive, midnight dates) as bars across day columns, in lanes."""
    bars = []
    for span in spans:
        first = (span.start.date() - first_day).days
        last = (max(span.end, span.start + timedelta(days=1)).date() - first_day).days - 1
        if last < 0 or first >= days:
            continue
        bars.append((max(first, 0), min(last, days - 1), span.row))
    bars.sort(key=lambda b: (b[0], -(b[1] - b[0]), b[2]))
    lane_ends: list[int] = []
    placed = []
    for first, last, row in bars:
        lane = next((i for i, e in enumerate(lane_ends) if e < first), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(last)
        else:
            lane_ends[lane] = last
        placed.append(BandBlock(row, first, last, lane))
    return placed


def rows_by_day(spans: Sequence[Span], first_day: date, days: int) -> list[list[int]]:
    """For the month grid: the rows touching each day, all-day ones first. Spans come sorted
    by start (the model's order), so each day's list is in order without sorting again."""
    all_day: list[list[int]] = [[] for _ in range(days)]
    timed: list[list[int]] = [[] for _ in range(days)]
    minute, tick = timedelta(minutes=1), timedelta(microseconds=1)
    for span in spans:
        end = span.end if span.end > span.start else span.start + minute
        first = (span.start.date() - first_day).days
        last = ((end - tick).date() - first_day).days
        cells = all_day if span.all_day else timed
        for column in range(max(first, 0), min(last, days - 1) + 1):
            cells[column].append(span.row)
    return [a + t for a, t in zip(all_day, timed, strict=True)]
