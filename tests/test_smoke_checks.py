"""The frozen app's --smoke-test runs a first day on scratch files (issue 22.1): what it checks,
and that a failure names the step and what was missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import smoke_checks
from desktop.reports.fonts import FontSet
from desktop.smoke_checks import SmokeTestFailed, run_smoke_checks


def test_the_smoke_checks_run_a_first_day_on_scratch_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    steps = run_smoke_checks(tmp_path)
    assert steps == [
        "bundled fonts registered",
        "demo database of 20 contacts",
        "10-row xlsx imported",
        "customer sheet rendered",
        "backup taken",
    ]
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "smoke-backup.zip").stat().st_size > 0


def test_a_missing_bundled_font_fails_the_smoke_test_naming_it(tmp_path: Path, monkeypatch) -> None:
    missing = "DroidSansFallbackFull.ttf is missing from resources/fonts; using a system font"
    broken = FontSet("Helvetica", "Helvetica-Bold", frozenset(), (), warnings=(missing,))
    monkeypatch.setattr(smoke_checks, "report_fonts", lambda: broken)
    with pytest.raises(SmokeTestFailed, match=r"DroidSansFallbackFull\.ttf"):
        run_smoke_checks(tmp_path)


def test_a_failing_step_is_named_with_what_it_said(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(smoke_checks, "_xlsx_of_ten", lambda path: path)  # never written
    with pytest.raises(SmokeTestFailed, match=r"the xlsx import failed: .*ten\.xlsx"):
        run_smoke_checks(tmp_path)
