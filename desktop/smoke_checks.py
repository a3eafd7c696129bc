"""What `rapport --smoke-test` does besides building the window: a first day, on scratch files.

The packaging job runs the frozen app with --smoke-test before anything is published. Building
the window proves Qt and its plugins are there; these steps prove the rest of what PyInstaller
may have left out: the migrations (a new database), phone and time-zone data (the demo and the
import), the bundled fonts (a customer sheet that must embed them), openpyxl/calamine (an xlsx
import) and the backup. They go through the command line's own entry point, so they are the
code a user runs. A failure names the step and what was missing.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from openpyxl import Workbook

from desktop import cli
from desktop.errors import RapportError
from desktop.reports.fonts import report_fonts


class SmokeTestFailed(RapportError):
    """One step of the smoke test failed; the message names it and what it printed."""


def _xlsx_of_ten(path: Path) -> Path:
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["First name", "Last name", "Company", "E-mail", "Phone", "City"])
    for n in range(1, 11):
        rows.append([f"Anna{n}", "Smoke", "Probe GmbH", f"anna{n}@example.de", f"+49 40 1234{n:02}",
                     "Hamburg"])  # fmt: skip
    sheet.save(path)
    return path


def _command(step: str, *args: str | Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main([str(a) for a in args])
    if status != 0:
        raise SmokeTestFailed(f"smoke test: {step} failed: {err.getvalue().strip() or status}")
    return out.getvalue()


def run_smoke_checks(scratch: Path) -> list[str]:
    """Run every step in `scratch`: one line per step passed; raises on the first failure."""
    db = scratch / "smoke-day.db"
    passed = []
    fonts = report_fonts()
    if fonts.warnings:
        raise SmokeTestFailed("smoke test: bundled fonts missing: " + "; ".join(fonts.warnings))
    passed.append("bundled fonts registered")
    _command("the demo database", "demo", "--db", db, "--contacts", "20")
    passed.append("demo database of 20 contacts")
    _command("the xlsx import", "import", "--db", db, _xlsx_of_ten(scratch / "ten.xlsx"))
    passed.append("10-row xlsx imported")
    sheet = scratch / "sheet.pdf"
    _command("the customer sheet", "report", "customer", "--db", db, "C-000001", "--out", sheet)
    if not sheet.is_file() or sheet.stat().st_size == 0:
        raise SmokeTestFailed(f"smoke test: the customer sheet was not written to {sheet}")
    passed.append("customer sheet rendered")
    _command("the backup", "backup", "--db", db, scratch / "smoke-backup.zip")
    passed.append("backup taken")
    return passed
