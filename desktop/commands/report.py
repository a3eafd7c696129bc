"""`rapport report KIND --db PATH ... --out FILE.pdf`: print a report to a PDF file.

    rapport report customer --db PATH CRM_NUMBER --out FILE.pdf [--history N]
    rapport report batch --db PATH (--group NAME | --tag NAME) --out FILE.pdf [--workers N]
    rapport report phone-list --db PATH [--group NAME | --tag NAME] --out FILE.pdf
    rapport report pipeline --db PATH --out FILE.pdf
    rapport report activities --db PATH --from DATE --to DATE --out FILE.pdf

Every kind takes --paper auto|a4|letter (auto: from the locale), --user NAME and --company
NAME for the footer. An unknown CRM number, group or tag is one line on stderr and exit status
2, and no file is written (nor an existing one replaced).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import RapportError, ValidationError

if TYPE_CHECKING:
    from desktop.reports.page import PageSetup
    from desktop.store.database import Database


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="print a customer sheet, a batch, a phone list, the pipeline or activities to PDF",
        description="Write a report as a PDF file.",
    )
    kinds = parser.add_subparsers(
        dest="kind", metavar="KIND", required=True, parser_class=type(parser)
    )

    customer = _kind(kinds, "customer", "one customer's sheet, by CRM number")
    customer.add_argument("crm_number", metavar="CRM_NUMBER", help="e.g. C-000123")
    _history_option(customer)

    batch = _kind(kinds, "batch", "a sheet per contact of a group or a tag, with contents")
    _selection(batch, required=True)
    _history_option(batch)
    batch.add_argument(
        "--workers", type=int, default=None, help="processes to render with (default: CPUs)"
    )

    phone_list = _kind(kinds, "phone-list", "names, companies and phone numbers by letter")
    _selection(phone_list, required=False)

    _kind(kinds, "pipeline", "open deals by stage with totals and weighted totals")

    activities = _kind(kinds, "activities", "done and open activities in a date range")
    activities.add_argument("--from", dest="first", required=True, metavar="DATE")
    activities.add_argument("--to", dest="last", required=True, metavar="DATE")
    return parser


def _kind(kinds: argparse._SubParsersAction, name: str, help_: str) -> argparse.ArgumentParser:
    parser = kinds.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
    parser.add_argument("--db", default=argparse.SUPPRESS, help="database file or URL")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--paper", choices=("auto", "a4", "letter"), default="auto")
    parser.add_argument("--user", default=None, help="your name in the footer")
    parser.add_argument("--company", default="", help="your company in the footer")
    return parser


def _selection(parser: argparse.ArgumentParser, required: bool) -> None:
    which = parser.add_mutually_exclusive_group(required=required)
    which.add_argument("--group", metavar="NAME")
    which.add_argument("--tag", metavar="NAME")


def _history_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--history", type=int, default=10, metavar="N", help="latest history items (default 10)"
    )


def _date(field: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    from desktop.reports.fonts import report_fonts
    from desktop.reports.page import make_setup
    from desktop.store.database import open_database

    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise ValidationError("--out", f"{out} should end in .pdf")
    if getattr(args, "history", 0) < 0:
        raise ValidationError("--history", "must be 0 or more")
    setup = make_setup(args.paper, args.user, args.company)
    for warning in report_fonts().warnings:
        print(f"rapport: warning: {warning}", file=sys.stderr)
    db = open_database(getattr(args, "db", None), create=False)
    try:
        summary = _KINDS[args.kind](args, db, setup)
    finally:
        db.close()
    print(summary)
    return 0


def _customer(args: argparse.Namespace, db: Database, setup: PageSetup) -> str:
    from desktop.reports.customer_sheet import build_customer_sheet
    from desktop.reports.data import contact_id_for_crm

    with db.transaction() as conn:
        contact_id = contact_id_for_crm(conn, args.crm_number)
    data = build_customer_sheet(db, contact_id, args.out, setup, args.history)
    return f"Wrote the customer sheet of {data.name} ({data.crm_number}) to {args.out}"


def _batch(args: argparse.Namespace, db: Database, setup: PageSetup) -> str:
    from desktop.reports.batch import build_batch

    ids, title = _chosen(args, db)
    if not ids:
        raise RapportError(f"{title} has no contacts; nothing was written")
    result = build_batch(
        db, ids, args.out, setup, title=title, history_limit=args.history, workers=args.workers
    )
    return f"Wrote {result.sheets} customer sheets ({result.pages} pages) to {args.out}"


def _phone_list(args: argparse.Namespace, db: Database, setup: PageSetup) -> str:
    from desktop.reports.phone_list import build_phone_list

    ids, title = _chosen(args, db) if args.group or args.tag else (None, "Phone list")
    count = build_phone_list(db, args.out, setup, ids, title=title)
    return f"Wrote a phone list of {count} contacts to {args.out}"


def _pipeline(args: argparse.Namespace, db: Database, setup: PageSetup) -> str:
    from desktop.reports.pipeline_report import build_pipeline_report

    stages = build_pipeline_report(db, args.out, setup)
    deals = sum(len(stage.deals) for stage in stages)
    return f"Wrote the pipeline ({deals} open deals in {len(stages)} stages) to {args.out}"


def _activities(args: argparse.Namespace, db: Database, setup: PageSetup) -> str:
    from desktop.reports.activity_report import build_activity_report

    first, last = _date("--from", args.first), _date("--to", args.last)
    items = build_activity_report(db, first, last, args.out, setup)
    return f"Wrote {len(items)} activities from {first} to {last} to {args.out}"


def _chosen(args: argparse.Namespace, db: Database) -> tuple[list[int], str]:
    from desktop.reports.selection import group_contact_ids, tag_contact_ids

    with db.transaction() as conn:
        if args.group:
            return group_contact_ids(conn, args.group), f"Group {args.group}"
        return tag_contact_ids(conn, args.tag), f"Tag {args.tag}"


_KINDS = {
    "customer": _customer,
    "batch": _batch,
    "phone-list": _phone_list,
    "pipeline": _pipeline,
    "activities": _activities,
}
