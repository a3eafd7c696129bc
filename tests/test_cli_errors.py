"""The command line answers a file it cannot use with one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main


def test_a_database_under_a_file_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    status = main(["demo", "--db", str(blocker / "rapport.db"), "--contacts", "5"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("rapport: error: ")
    assert "not-a-folder" in err
    assert len(err.strip().splitlines()) == 1
    assert blocker.read_text() == "x"


def test_an_export_name_too_long_for_the_file_system_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.db"
    assert main(["demo", "--db", str(db), "--contacts", "5"]) == 0
    capsys.readouterr()
    status = main(["export", "--db", str(db), "--format", "csv", str(tmp_path / ("x" * 300))])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("rapport: error: ")
    assert len(err.strip().splitlines()) == 1
