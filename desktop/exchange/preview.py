"""What an import would store, before anything is written: the first rows as they will be
stored, and every problem in the whole file, each naming row and column."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.exchange.plan import ImportOptions, ImportPlan, contact_custom_fields
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
    return Preview(tuple(rows), tuple(problems), problem_rows, unusable, total)
