"""The safety commands on awkward paths and read-only places (issue 14.9): a folder as the
backup's OUT means 'put the backup in it'; a repair that cannot write says so and fails; a
restore into a read-only folder is one message naming that folder, never a scratch folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_helpers import seeded
from fault_helpers import remount_readonly, tiny_filesystem

from desktop.cli import main
from desktop.store.backup import create_backup, read_manifest


@pytest.fixture
def live(tmp_path: Path) -> Path:
    return seeded(tmp_path / "x.db", 30, seed=4)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("out", [".", "..", "./", "folder", "folder/"])
def test_a_folder_as_out_puts_the_backup_file_in_it(
    live: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    out: str,
) -> None:
    work = tmp_path / "work"
    (work / "folder").mkdir(parents=True)
    monkeypatch.chdir(work)
    code, stdout, err = _run(["backup", "--db", str(live), out], capsys)
    assert code == 0, err
    folder = (work / out).resolve()
    written = sorted(folder.glob("x-manual-*.zip"))
    assert len(written) == 1, list(folder.iterdir())
    assert str(written[0]) in stdout
    assert read_manifest(written[0]).tables["contacts"] == 30
    assert not list(folder.glob(".*zip")) and not list(folder.glob("*...zip"))


def test_an_out_name_without_zip_gets_it_and_a_name_that_cannot_be_one_is_refused(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = _run(["backup", "--db", str(live), "monday"], capsys)
    assert code == 0, err
    assert (tmp_path / "monday.zip").is_file()
    code, _out, err = _run(["backup", "--db", str(live), "missing/sub/"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "missing/sub" in err and "is not a folder" in err


def test_repair_of_a_read_only_file_says_no_repair_was_possible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tiny_filesystem(tmp_path / "ro", "4m") as folder:
        path = seeded(folder / "ro.db", 10)
        remount_readonly(folder)
        code, out, err = _run(["check", "--db", str(path), "--repair"], capsys)
        assert code == 1, out + err
        assert "database is healthy" not in out
        assert "no repair was possible" in out and str(path) in out
        assert "backup taken first" not in out


def test_restore_into_a_read_only_folder_names_that_folder(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = create_backup(live, tmp_path / "good.zip").path
    with tiny_filesystem(tmp_path / "ro", "4m") as folder:
        target = folder / "restored.db"
        remount_readonly(folder)
        code, _out, err = _run(["restore", "--db", str(target), str(backup)], capsys)
        assert code == 2
        assert err.count("\n") == 1, err
        assert str(folder) in err and "read-only" in err.lower()
        assert ".rapport-restore-" not in err
