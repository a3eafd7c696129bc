"""Activities in a date range, done and open, by type and then by contact.

The occurrences come from the calendar's own query (series expanded in their zone, skipped and
moved occurrences applied), so the report counts exactly what the calendar shows for those
days. Cleared activities are left out: they did not happen and are not to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Table

from desktop.errors import ValidationError
from desktop.reports.output import atomic_output
from desktop.reports.page import PageSetup, ReportDocument
from desktop.reports.styles import table_style
from desktop.reports.text import para, plain_or_para, titled
from desktop.services.activity_queries import occurrences
from desktop.services.activity_values import Occurrence
from desktop.services.recurrence import local_zone_name, to_local, zone
from desktop.store.database import Database

NO_CONTACT = "(no contact)"


def activities_in(db: Database, first: date, last: date) -> list[Occurrence]:
    """Open and done occurrences on the local days first..last (inclusive)."""
    if last < first:
        raise ValidationError("to", f"{last.isoformat()} is before {first.isoformat()}")
    tz = zone(local_zone_name())
    return occurrences(db, first, last + timedelta(days=1), tz)


def _contact(o: Occurrence) -> str:
    return ", ".join(o.contact_names) or NO_CONTACT


def _when(o: Occurrence) -> str:
    if o.all_day:
        return o.start.date().isoformat()
    return to_local(o.start, zone(local_zone_name())).strftime("%Y-%m-%d %H:%M")


def activity_story(
    items: Sequence[Occurrence], first: date, last: date, width: float
) -> list[Flowable]:
    counts = Counter((o.type_name, o.status) for o in items)
    types = sorted({o.type_name for o in items}, key=str.casefold)
    summary: list[list[Any]] = [["Type", "Done", "Open", "Total"]]
    for name in types:
        done, still_open = counts[(name, "done")], counts[(name, "open")]
        summary.append([plain_or_para(name), str(done), str(still_open), str(done + still_open)])
    total_done = sum(v for (_t, s), v in counts.items() if s == "done")
    summary.append(["All types", str(total_done), str(len(items) - total_done), str(len(items))])
    story: list[Flowable] = [
        para("Activities", "title"),
        para(f"{first.isoformat()} to {last.isoformat()}: {len(items)} activities", "subtitle"),
        para("By type", "heading"),
        Table(
            summary,
            colWidths=[width * f for f in (0.4, 0.12, 0.12, 0.12)],
            style=table_style(total_rows=1, right=(1, 2, 3)),
            hAlign="LEFT",
        ),
    ]
    ordered = sorted(items, key=lambda o: (o.type_name.casefold(), _contact(o).casefold(), o.start))
    for type_name, group in groupby(ordered, key=lambda o: o.type_name):
        story += _type_section(type_name, list(group), width)
    return story


def _type_section(type_name: str, items: list[Occurrence], width: float) -> list[Flowable]:
    rows: list[list[Any]] = [["Contact", "When", "Subject", "Status"]]
    previous = None
    for o in items:
        contact = _contact(o)
        rows.append(
            [
                para(contact, "cell") if contact != previous else "",
                _when(o),
                para(o.subject + (" (repeats)" if o.recurring else ""), "cell"),
                o.status,
            ]
        )
        previous = contact
    done = sum(o.status == "done" for o in items)
    heading = f"{type_name}: {done} done, {len(items) - done} open"
    table = Table(
        rows,
        colWidths=[width * f for f in (0.25, 0.17, 0.48, 0.10)],
        repeatRows=1,
        style=table_style(),
        hAlign="LEFT",
    )
    return titled(heading, table)


def build_activity_report(
    db: Database, first: date, last: date, out: Path, setup: PageSetup
) -> list[Occurrence]:
    """Write the report of first..last (inclusive) to `out`; returns what it listed."""
    items = activities_in(db, first, last)
    with atomic_output(out) as partial:
        title = f"Activities {first.isoformat()} to {last.isoformat()}"
        doc = ReportDocument(partial, setup, title)
        doc.render(activity_story(items, first, last, doc.width))
    return items
