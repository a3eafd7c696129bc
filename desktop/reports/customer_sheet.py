"""The customer sheet: everything about one contact on one or two pages, for a visit.

Short sections (header, details, small tables) are kept whole with their heading, so a page
never starts with one orphaned line; long tables split with their header row repeated; cell
texts are capped so that no single row can be taller than a page (reportlab cannot split a
row), while the notes at the end wrap and split freely.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from desktop.reports.data import CustomerSheetData, Entry, load_customer_sheet
from desktop.reports.output import atomic_output
from desktop.reports.page import PageSetup, ReportDocument
from desktop.reports.styles import table_style
from desktop.reports.text import day, joined, local_time, money, money_totals, para, titled
from desktop.store.database import Database

#: a cell's text is cut here: a row taller than a page cannot be laid out at all
CELL_TEXT_LIMIT = 700
PRIORITY = {1: "high", 2: "normal", 3: "low"}


def sheet_title(data: CustomerSheetData) -> str:
    return f"Customer sheet: {data.name} ({data.crm_number})"


def customer_story(data: CustomerSheetData, width: float) -> list[Flowable]:
    """The flowables of one sheet, `width` points wide."""
    story: list[Flowable] = [KeepTogether(_header(data, width))]
    story += _section("Open activities", _activities_table(data, width), "No open activities.")
    heading = "Recent history"
    if data.history_total > len(data.history):
        heading += f" (latest {len(data.history)} of {data.history_total})"
    story += _section(heading, _history_table(data, width), "No history.")
    story += _section("Open and recent deals", _deals_table(data, width), "No deals.")
    story += _purchases(data, width)
    if data.notes.strip():
        story += [CondPageBreak(20 * mm), para("Notes", "heading_loose")]
        story += [para(chunk.strip()) for chunk in data.notes.split("\n\n") if chunk.strip()]
    return story


def build_customer_sheet(
    db: Database,
    contact_id: int,
    out: Path,
    setup: PageSetup,
    history_limit: int = 10,
) -> CustomerSheetData:
    """Write one contact's sheet to `out` (replaced only when the whole PDF is written)."""
    with db.transaction() as conn:
        data = load_customer_sheet(conn, contact_id, history_limit)
    with atomic_output(out) as partial:
        doc = ReportDocument(partial, setup, sheet_title(data))
        doc.render(customer_story(data, doc.width))
    return data


def _section(title: str, table: Table | None, empty: str) -> list[Flowable]:
    if table is None:
        return [KeepTogether([para(title, "heading"), para(empty, "muted")])]
    return titled(title, table)


def _cut(text: str) -> str:
    return text if len(text) <= CELL_TEXT_LIMIT else text[: CELL_TEXT_LIMIT - 1] + "…"


def _entries(entries: Sequence[Entry]) -> list[Any]:
    """One line per phone, e-mail or address; the primary one starred when there are more."""
    lines: list[Any] = []
    for entry in entries:
        label = entry.label + (" ★" if entry.primary and len(entries) > 1 else "")
        lines.append(para(_cut(f"{label}: {entry.value}" if label else entry.value), "cell"))
    return lines or ["—"]


def _header(data: CustomerSheetData, width: float) -> list[Flowable]:
    head = Table(
        [[para(data.name, "title"), para(data.crm_number, "cell_right_bold")]],
        colWidths=[width * 0.78, width * 0.22],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
        ],
    )
    flowables: list[Flowable] = [head]
    role = joined((data.title, data.department, data.company), " · ")
    if role:
        flowables.append(para(role, "subtitle"))
    if data.consent_withdrawn:
        flowables.append(para("Consent withdrawn: not to be contacted for marketing.", "label"))
    flowables.append(Spacer(0, 3 * mm))
    # side by side, a row per line: a card with eighty phone numbers splits across pages
    # instead of being one row taller than a page
    columns = [_entries(data.phones), _entries(data.emails), _entries(data.addresses)]
    height = max(len(column) for column in columns)
    reach = Table(
        [
            ["Phones", "E-mail", "Addresses"],
            *zip(*(column + [""] * (height - len(column)) for column in columns), strict=True),
        ],
        colWidths=[width * 0.28, width * 0.32, width * 0.40],
        repeatRows=1,
        style=[*table_style().getCommands(), ("LINEBELOW", (0, 1), (-1, -2), 1, colors.white)],
    )
    flowables.append(reach)
    facts = [
        ("Birthday", day(data.birthday)),
        ("Owner", data.owner),
        ("Source", data.source),
        ("Tags", ", ".join(data.tags)),
        ("Groups", ", ".join(data.groups)),
        *data.custom,
    ]
    facts = [(name, value) for name, value in facts if value]
    if facts:
        rows = []
        for i in range(0, len(facts), 2):
            pair = facts[i : i + 2]
            row: list[Any] = []
            for name, value in pair:
                row += [para(_cut(name), "label"), para(_cut(value), "cell")]
            rows.append(row + [""] * (4 - len(row)))
        flowables += [
            Spacer(0, 2 * mm),
            Table(
                rows,
                colWidths=[width * 0.14, width * 0.36, width * 0.14, width * 0.36],
                style=table_style(header_rows=0),
            ),
        ]
    return flowables


def data_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    total_rows: int = 0,
    right: tuple[int, ...] = (),
) -> Table:
    """A table under a row of column titles that splits across pages with the titles
    repeated; `right` columns hold figures."""
    return Table(
        rows,
        colWidths=list(widths),
        repeatRows=1,
        style=table_style(total_rows=total_rows, right=right),
        hAlign="LEFT",
    )


def _activities_table(data: CustomerSheetData, width: float) -> Table | None:
    if not data.open_activities:
        return None
    rows: list[list[Any]] = [["When", "Type", "Subject", "Priority"]]
    for a in data.open_activities:
        when = day(a.start_date) if a.start_date else local_time(a.starts_at)
        subject = a.subject + (" (repeats)" if a.repeats else "")
        extra = joined((a.location, a.regarding), " · ")
        rows.append(
            [
                when,
                para(a.type_name, "cell"),
                [para(_cut(subject), "cell")] + ([para(_cut(extra), "muted")] if extra else []),
                PRIORITY.get(a.priority, str(a.priority)),
            ]
        )
    return data_table(rows, [width * f for f in (0.17, 0.12, 0.59, 0.12)])


def _history_table(data: CustomerSheetData, width: float) -> Table | None:
    if not data.history:
        return None
    rows: list[list[Any]] = [["When", "What", "Subject", "Details"]]
    for h in data.history:
        subject = joined((h.subject, h.result), " — ")
        rows.append(
            [
                local_time(h.occurred_at),
                h.kind.replace("_", " "),
                para(_cut(subject), "cell"),
                para(_cut(h.text), "cell"),
            ]
        )
    return data_table(rows, [width * f for f in (0.17, 0.11, 0.32, 0.40)])


def _deals_table(data: CustomerSheetData, width: float) -> Table | None:
    if not data.deals:
        return None
    rows: list[list[Any]] = [["Deal", "Stage", "Status", "Amount", "Prob.", "Close"]]
    open_totals: dict[str, int] = defaultdict(int)
    weighted: dict[str, int] = defaultdict(int)
    for d in data.deals:
        if d.status == "open":
            open_totals[d.currency] += d.amount_cents
            weighted[d.currency] += d.amount_cents * d.probability // 100
        close = d.expected_close if d.status == "open" else (d.closed_at and d.closed_at.date())
        rows.append(
            [
                para(_cut(d.title), "cell"),
                para(d.stage, "cell"),
                d.status,
                money(d.amount_cents, d.currency),
                f"{d.probability}%",
                day(close),
            ]
        )
    rows.append(
        [
            "Open deals",
            "",
            "",
            money_totals(open_totals),
            "",
            "",
        ]
    )
    rows.append(
        [
            "Weighted by probability",
            "",
            "",
            money_totals(weighted),
            "",
            "",
        ]
    )
    table = data_table(rows, [width * f for f in (0.33, 0.14, 0.08, 0.19, 0.09, 0.17)], 2, (3, 4))
    table.setStyle([("SPAN", (0, -1), (2, -1)), ("SPAN", (0, -2), (2, -2))])
    return table


def _purchases(data: CustomerSheetData, width: float) -> list[Flowable]:
    if not data.year_totals:
        return _section("Purchases", None, "No purchases.")
    rows: list[list[Any]] = [["Year", "Purchases", "Total"]]
    grand: dict[str, int] = defaultdict(int)
    count = 0
    for y in data.year_totals:
        grand[y.currency] += y.amount_cents
        count += y.purchases
        rows.append(
            [
                str(y.year),
                str(y.purchases),
                money(y.amount_cents, y.currency),
            ]
        )
    rows.append(
        [
            "All years",
            str(count),
            money_totals(grand),
        ]
    )
    story = _section(
        "Purchases by year", data_table(rows, [width * f for f in (0.2, 0.15, 0.25)], 1, (1, 2)), ""
    )
    lines: list[list[Any]] = [["Date", "Item", "Qty", "Amount"]]
    for p in data.purchases:
        lines.append(
            [
                day(p.occurred_on),
                para(_cut(p.description), "cell"),
                str(p.quantity),
                money(p.amount_cents, p.currency),
            ]
        )
    heading = "Latest purchases"
    if data.purchase_total > len(data.purchases):
        heading += f" ({len(data.purchases)} of {data.purchase_total})"
    story += _section(
        heading, data_table(lines, [width * f for f in (0.15, 0.55, 0.1, 0.2)], right=(2, 3)), ""
    )
    return story
