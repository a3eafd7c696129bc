"""`rapport export --db PATH --format xlsx|csv|vcf|ics [--group NAME] OUT`: everyone (or
one group) to a spreadsheet, CSV for Excel, or vCards; activities to .ics. Contacts whose
consent is withdrawn are never exported."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.commands.arguments import output_file


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use 2025-01-31): {text!r}") from None


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="export contacts to .xlsx, .csv or .vcf, or activities to .ics",
        description="Write contacts (all, or one group) to a file. Contacts whose consent "
        "is withdrawn are left out.",
    )
    parser.add_argument("out", type=output_file, metavar="OUT", help="the file to write")
    parser.add_argument(
        "--format", choices=("xlsx", "csv", "vcf", "ics"), help="default: from OUT's extension"
    )
    parser.add_argument("--group", help="only the contacts of this group")
    parser.add_argument("--from", dest="start", type=_date, help="first day (ics only)")
    parser.add_argument("--to", dest="end", type=_date, help="last day (ics only)")
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.errors import RapportError
    from desktop.exchange.export_rows import Selection
    from desktop.exchange.exporter import FORMATS, export_file
    from desktop.store.database import open_database

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RapportError(f"give --format ({', '.join(FORMATS)}); '{args.out.name}' does not say")
    if args.group and fmt == "ics":
        raise RapportError("--group applies to contacts, not to a calendar export")
    db = open_database(getattr(args, "db", None), create=False)
    try:
        result = export_file(
            db, fmt, args.out, Selection(group=args.group), start=args.start, end=args.end
        )
    finally:
        db.close()
    print(result.summary())
    return 0
