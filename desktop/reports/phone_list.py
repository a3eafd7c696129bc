"""The phone list: every contact (or a group's, or a tag's) on a few compact pages, sorted by
name under letter headings.

Chinese names are sorted by their pinyin among the Latin ones, the way a Chinese phone book
does, so 王伟 stands under W next to Walter; common surnames that pypinyin reads another way
out of context (曾 is Zēng as a surname) are corrected. Japanese kana and Korean names, which
have no such reading here, come after Z under their own first character. Accented initials file
under their base letter (Ögün under O, Łukasz under L).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Table
from sqlalchemy import Connection, select

from desktop.reports.output import atomic_output
from desktop.reports.page import PageSetup, ReportDocument
from desktop.reports.styles import table_style
from desktop.reports.text import fit, para, plain_or_para
from desktop.store.database import Database
from desktop.store.entities import Contact
from desktop.store.names import is_east_asian
from desktop.store.names import pinyin_reading as _pinyin
from desktop.store.names import unaccented as _unaccented

OTHER_HEADING = "#"


@dataclass(frozen=True)
class PhoneRow:
    name: str
    company: str
    phone: str
    email: str
    city: str
    heading: str
    key: tuple[int, str]


def phone_rows(conn: Connection, contact_ids: Iterable[int] | None = None) -> list[PhoneRow]:
    """Contacts (all, or those of `contact_ids`) in phone-book order."""
    query = select(
        Contact.display_name,
        Contact.first_name,
        Contact.last_name,
        Contact.company_name,
        Contact.primary_phone,
        Contact.primary_email,
        Contact.city,
        Contact.sort_name,
    )
    if contact_ids is not None:
        wanted = set(contact_ids)
        rows = [r for r in conn.execute(query.where(Contact.id.in_(wanted)))] if wanted else []
    else:
        rows = list(conn.execute(query))
    result = []
    for display, first, last, company, phone, email, city, sort_name in rows:
        heading, key = sort_key(first, last, display or company, sort_name)
        result.append(PhoneRow(display or company, company, phone, email, city, heading, key))
    result.sort(key=lambda r: (r.key, r.name))
    return result


def sort_key(first: str, last: str, shown: str, sort_name: str) -> tuple[str, tuple[int, str]]:
    """(letter heading, sort key): Latin and pinyin names by letter, others after them."""
    if is_east_asian(last + first or shown):
        text = f"{last}{first}" if last or first else shown
        reading = _pinyin(text)
        if reading:
            return reading[0].upper(), (0, f"{reading}\x00{text}")
        return text[:1], (1, text)
    base = _unaccented(sort_name or shown.casefold())
    initial = base[:1].upper()
    if not ("A" <= initial <= "Z"):
        return OTHER_HEADING, (2, base)
    return initial, (0, base)


def phone_list_story(rows: Sequence[PhoneRow], width: float, title: str) -> list[Flowable]:
    widths = [width * f for f in (0.22, 0.22, 0.18, 0.27, 0.11)]
    story: list[Flowable] = [
        para(title, "title"),
        para(f"{len(rows):,} contacts", "subtitle"),
    ]
    if not rows:
        story.append(para("No contacts.", "muted"))
    for heading, group in groupby(rows, key=lambda r: r.heading):
        cells: list[list[Any]] = [["Name", "Company", "Phone", "E-mail", "City"]]
        for r in group:
            values = (r.name, r.company, r.phone, r.email, r.city)
            cells.append(
                [plain_or_para(fit(v, w - 6)) for v, w in zip(values, widths, strict=True)]
            )
        table = Table(cells, colWidths=widths, repeatRows=1, style=table_style(), hAlign="LEFT")
        story += [CondPageBreak(22 * mm), para(heading, "letter"), table]
    return story


def build_phone_list(
    db: Database,
    out: Path,
    setup: PageSetup,
    contact_ids: Iterable[int] | None = None,
    title: str = "Phone list",
) -> int:
    """Write the phone list to `out`; returns the number of contacts listed."""
    with db.transaction() as conn:
        rows = phone_rows(conn, contact_ids)
    with atomic_output(out) as partial:
        doc = ReportDocument(partial, setup, title)
        doc.render(phone_list_story(rows, doc.width, title))
    return len(rows)
