"""`rapport import --db PATH FILE [...]`: contacts from .xlsx, .csv, .txt or .vcf (and
calendars from .ics), with the same checks, duplicate handling and undo record as the
wizard. Prints what was read, created, updated, skipped and rejected, with reasons; exits
non-zero when nothing could be imported, and then nothing was changed. `--list` shows earlier
imports and `--undo NUMBER` takes one back as a whole."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path


def _row_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"rows count from 1, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="import contacts from a spreadsheet, CSV or vCard file (or a calendar)",
        description="Import contacts from .xlsx, .csv, .txt or .vcf; .ics files go to the "
        "calendar. Columns are mapped from their headers (English, German, Chinese, Google, "
        "Outlook, Act!) unless --mapping names a saved mapping file.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", nargs="?")
    parser.add_argument("--sheet", help="the workbook sheet to read (default: the first)")
    parser.add_argument(
        "--header-row", type=_row_number, help="row holding the headers (default: found)"
    )
    parser.add_argument("--mapping", type=Path, help="a column mapping saved as JSON")
    parser.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "overwrite", "add"),
        default="update",
        help="for rows matching a stored contact or an earlier row: skip them, fill the "
        "contact's empty fields (default), overwrite its fields, or add them anyway",
    )
    parser.add_argument(
        "--bad-rows",
        choices=("skip", "keep"),
        default="keep",
        help="rows with problems: skip them, or import them as written with a warning tag "
        "(default)",
    )
    parser.add_argument("--region", help="country code for phones without one (e.g. DE, CN)")
    parser.add_argument(
        "--list", action="store_true", help="list earlier imports (number, file, counts)"
    )
    parser.add_argument(
        "--undo", type=int, metavar="NUMBER", help="undo import NUMBER (see --list)"
    )
    return parser


def _history(args: argparse.Namespace) -> int:
    from desktop.exchange.importer import counted
    from desktop.exchange.undo import import_batches, undo_import
    from desktop.store.database import open_database

    db = open_database(getattr(args, "db", None), create=False)
    try:
        if args.undo is not None:
            undone = undo_import(db, args.undo)
            print(
                f"import {args.undo} undone: {counted(undone.removed, 'contact')} removed, "
                f"{undone.restored} restored"
            )
            return 0
        for batch in import_batches(db):
            state = "undone" if batch.undone_at else f"{batch.finished_at:%Y-%m-%d %H:%M}"
            counts = ", ".join(
                f"{k} {v}"
                for k, v in batch.counts.items()
                if k in ("read", "created", "updated", "skipped", "rejected")
            )
            print(f"{batch.id:>4}  {state:16}  {Path(batch.file_name).name}  {counts}")
    finally:
        db.close()
    return 0


def run(args: argparse.Namespace) -> int:
    from desktop.errors import RapportError
    from desktop.exchange.importer import run_import
    from desktop.exchange.mapping import load_mapping_file
    from desktop.exchange.plan import BadRows, ImportOptions, OnDuplicate, plan_import
    from desktop.store import search_index
    from desktop.store.database import open_database

    if args.list or args.undo is not None:
        return _history(args)
    if args.file is None:
        raise RapportError("name the FILE to import (or --list, or --undo NUMBER)")
    path: Path = args.file
    if path.suffix.lower() == ".ics":
        from desktop.exchange.exporter import calendar_module

        ics = calendar_module()
        db = open_database(getattr(args, "db", None))
        try:
            result = ics.import_ics(db, path)
            print(result.summary())
        finally:
            db.close()
        # nothing new and nothing updated: a script must not take that for success
        return 0 if result.imported or result.updated else 1
    header_row = args.header_row - 1 if args.header_row else None
    plan = plan_import(path, sheet=args.sheet, header_row=header_row)
    if args.mapping is not None:
        if plan.table is None:
            raise RapportError(f"{path.name} is a vCard file; it needs no column mapping")
        plan = replace(plan, mapping=load_mapping_file(args.mapping, plan.table.headers))
    options = ImportOptions(
        OnDuplicate(args.on_duplicate),
        BadRows(args.bad_rows),
        args.region.upper() if args.region else None,
    )
    db = open_database(getattr(args, "db", None))
    try:
        result = run_import(db, plan, options)
        print(result.summary())
        print(
            f"import number {result.batch_id} (undo it with: rapport import --undo "
            f"{result.batch_id})",
            flush=True,
        )
        search_index.tidy(db)  # merge what the import loaded (search_index.bulk_load)
    finally:
        db.close()
    return 0
