"""What an import would do, before anything is written: the first rows as they will be
stored, every problem in the whole file (each naming row and column), and how many rows are
duplicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from desktop.exchange.duplicates import (
    DuplicateRow,
    FileMatcher,
    Found,
    duplicate_rows,
    find_in_database,
)
from desktop.exchange.importer import CHUNK, ImportCancelled
from desktop.exchange.plan import BadRows, ImportOptions, ImportPlan, contact_custom_fields
from desktop.exchange.validation import CheckedRecord, Problem, check_record
from desktop.store.database import Database

MAX_PROBLEMS = 500


@dataclass(frozen=True)
class Preview:
    rows: tuple[CheckedRecord, ...]
    #: the first MAX_PROBLEMS problems, in file order
    problems: tuple[Problem, ...]
    #: rows with at least one problem, in the whole file
    problem_rows: int
    #: rows that cannot be imported at all (no name, company, e-mail or phone)
    unusable_rows: int
    total_rows: int
    #: what the reader dropped or could not read in the file, each naming where
    notes: tuple[str, ...] = ()


def preview_import(
    db: Database, plan: ImportPlan, options: ImportOptions | None = None, limit: int = 50
) -> Preview:
    """Read and check the whole file (nothing is written; no database look-ups but the
    custom field types)."""
    options = options or ImportOptions()
    custom_types = contact_custom_fields(db)
    region = plan.region(options)
    rows: list[CheckedRecord] = []
    problems: list[Problem] = []
    problem_rows = unusable = total = 0
    for record in plan.records():
        if record.is_blank():
            continue
        checked = check_record(record, region, custom_types)
        total += 1
        if len(rows) < limit:
            rows.append(checked)
        if checked.fatal:
            unusable += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(Problem(checked.row, "row", checked.fatal.split(": ", 1)[-1]))
        elif checked.problems:
            problem_rows += 1
            problems.extend(checked.problems[: max(MAX_PROBLEMS - len(problems), 0)])
    notes = tuple(plan.table.notes()) if plan.table is not None else ()
    return Preview(tuple(rows), tuple(problems), problem_rows, unusable, total, notes)


@dataclass(frozen=True)
class DuplicateCounts:
    read: int
    in_database: int
    in_file: int
    #: every row that repeats a stored contact or an earlier row, in file order
    rows: tuple[DuplicateRow, ...] = ()


def count_duplicates(
    db: Database,
    plan: ImportPlan,
    options: ImportOptions | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DuplicateCounts:
    """How many rows the import would find already stored or repeated earlier in the file,
    by the importer's own rules but without writing anything (a fraction of an import's time,
    so the wizard can say it before the user chooses)."""
    options = options or ImportOptions()
    custom_types = contact_custom_fields(db)
    region = plan.region(options)
    matcher = FileMatcher()  # kept for the whole file: nothing is written to find them by
    read = in_database = in_file = 0
    duplicates: list[DuplicateRow] = []
    records = iter(plan.records())
    with db.transaction() as conn:
        while chunk := list(islice(records, CHUNK)):
            if cancelled is not None and cancelled():
                raise ImportCancelled(f"counting duplicates in {plan.path.name} cancelled")
            checked = [check_record(r, region, custom_types) for r in chunk if not r.is_blank()]
            read += len(checked)
            usable = [r for r in checked if not r.fatal]
            if options.bad_rows == BadRows.SKIP:
                usable = [r for r in usable if not r.problems]
            found: list[Found] = []
            for record, existing in zip(usable, find_in_database(conn, usable), strict=True):
                earlier = matcher.find(record)
                if earlier is not None:
                    in_file += 1
                    found.append((record, earlier.target, 0, earlier.key))
                elif existing is not None:
                    in_database += 1
                    found.append((record, None, existing.target, existing.key))
                else:
                    matcher.add(record, record.row)
            duplicates += duplicate_rows(conn, found)
    return DuplicateCounts(read, in_database, in_file, tuple(duplicates))
