"""`rapport search --db PATH TEXT [--limit K]`: find contacts from the command line.

Prints CRM number, name, company, e-mail and phone in aligned columns (Chinese characters
count two columns, as a terminal draws them). Finding nothing is an answer, not an error:
exit status 0 either way. The database must exist; search never creates one.
"""

from __future__ import annotations

import argparse
import io
import sys
import unicodedata
from collections.abc import Sequence

from desktop.commands.arguments import positive_int
from desktop.errors import RapportError

_MAX_COLUMN = 36
_HEADERS = ("CRM", "Name", "Company", "E-mail", "Phone")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "search",
        help="find contacts by name, company, e-mail, phone, city or CRM number",
        description="Print the contacts whose name, company, e-mail, phone, city or CRM "
        "number start with every word given. A CRM number typed exactly comes first.",
    )
    parser.add_argument("text", nargs="+", metavar="TEXT", help="what to look for")
    parser.add_argument(
        "--limit", type=positive_int, default=20, help="show at most this many (default 20)"
    )
    return parser


def _cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut to `width` terminal columns (with an ellipsis) and pad to exactly that width."""
    if _cell_width(text) > width:
        while _cell_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _cell_width(text))


def format_table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows under _HEADERS, each column as wide as its widest cell (up to _MAX_COLUMN)."""
    table = [_HEADERS, *rows]
    widths = [
        min(_MAX_COLUMN, max(_cell_width(row[i]) for row in table)) for i in range(len(_HEADERS))
    ]
    return [
        "  ".join(_fit(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def run(args: argparse.Namespace) -> int:
    from desktop.store.crm_numbers import normalise_crm
    from desktop.store.search_terms import query_tokens

    query = " ".join(args.text).strip()
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A console or file in a legacy code page (cp1252) cannot hold 王伟: print '?' rather
        # than fail half-way through the list.
        sys.stdout.reconfigure(errors="replace")
    if not query_tokens(query) and normalise_crm(query) is None:
        raise RapportError(
            f"nothing to search for in {query!r}: give part of a name, company, e-mail, "
            "phone, city or CRM number"
        )

    from desktop.services.search import search_contacts
    from desktop.store.database import open_database

    db = open_database(getattr(args, "db", None), create=False)
    try:
        hits = search_contacts(db, query, args.limit)
    finally:
        db.close()
    if not hits:
        print(f"no contacts match {query!r}")
        return 0
    rows = [(h.crm_number, h.display_name, h.company, h.email, h.phone) for h in hits]
    print("\n".join(format_table(rows)))
    more = " (there may be more: raise --limit)" if len(hits) == args.limit else ""
    print(f"{len(hits)} contact{'s' if len(hits) != 1 else ''}{more}")
    return 0
