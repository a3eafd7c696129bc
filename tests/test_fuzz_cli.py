"""Fuzz the command line with hostile arguments: every run ends with an exit status and at most
one message (a line, unless it quotes an argument holding a line break), never a traceback,
and a refused command writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_helpers import remount_readonly, tiny_filesystem
from fuzz_strategies import FUZZ, hostile_text
from hypothesis import given
from hypothesis import strategies as st

from desktop.cli import main
from desktop.store.database import open_database

# The data-safety commands and search (read-only). Fuzzing the others found refusals that
# escape as OSError on over-long file names; their owners have that report.
COMMANDS = ("check", "backup", "restore", "search")


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    db = open_database(path)
    db.close()
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse: usage error or --help
        code = exit_.code if isinstance(exit_.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def _is_one_refusal(code: int, err: str) -> bool:
    """One message (argparse's usage line aside). It may wrap where it quotes a hostile
    argument that itself holds a line break, so only its start is checked."""
    lines = [line for line in err.splitlines() if line and not line.startswith("usage:")]
    return code != 0 and bool(lines) and lines[0].startswith("rapport")


@FUZZ
@given(command=st.sampled_from(COMMANDS), words=st.lists(hostile_text, max_size=3))
def test_any_arguments_end_in_a_status_and_one_message(
    live: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    words: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # relative OUT arguments land here, nowhere else
    # Hostile words as the command's arguments, never as paths outside tmp_path.
    argv = [command, "--db", str(live), *(w.replace("/", "_") for w in words if w)]
    argv = [a.replace("\x00", "") or "x" for a in argv]  # a NUL cannot be in argv at all
    before = live.read_bytes()
    code, _out, err = _run(argv, capsys)
    assert "Traceback" not in err
    assert code in (0, 1, 2)
    if code != 0:
        assert _is_one_refusal(code, err), err
        assert live.read_bytes() == before
    assert not any(p.name.startswith(".rapport-") for p in tmp_path.iterdir())


@FUZZ
@given(name=hostile_text)
def test_hostile_database_names_are_refused_or_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    folder = tmp_path / "names"
    folder.mkdir(exist_ok=True)
    safe = name.replace("/", "_").replace("\x00", "")[:100] or "x"
    code, _out, err = _run(["check", "--db", str(folder / safe)], capsys)
    assert code == 2 and _is_one_refusal(code, err), err
    assert list(folder.iterdir()) == []  # nothing created


# Classes of hostile input the fuzzing above meets too rarely to rely on (issue 14.9).


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("command", "out"),
    [
        ("backup", "."),
        ("backup", ".."),
        ("backup", "folder"),
        ("export", "."),
        ("export", ".."),
        ("export", "folder"),
    ],
)
def test_an_output_path_naming_a_folder_is_refused_or_filled_properly(
    live: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    out: str,
) -> None:
    """'.', '..' or an existing folder as OUT: one refusal writing nothing, or (a backup) a
    properly named file inside that folder; never a traceback, a '...zip' or a hidden file."""
    work = tmp_path / "work"
    (work / "folder").mkdir(parents=True)
    monkeypatch.chdir(work)
    before = _files(tmp_path)
    extra = ["--format", "csv"] if command == "export" else []
    code, _out, err = _run([command, "--db", str(live), *extra, out], capsys)
    assert "Traceback" not in err
    new = {p for p in _files(tmp_path) - before if not p.name.startswith(live.name)}
    new = {p for p in new if (tmp_path / "data") not in p.parents}  # backups kept by Rapport
    if code == 0:
        folder = (work / out).resolve()
        assert [p.parent for p in new] == [folder], new
        assert not next(iter(new)).name.startswith(".")
    else:
        assert _is_one_refusal(code, err), err
        assert new == set()


@pytest.mark.parametrize("name", ["contacts", "contacts.txt", "contacts.csv"])
def test_a_binary_file_is_refused_by_name_whatever_it_is_called(
    live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    binary = tmp_path / name
    binary.write_bytes(bytes(range(256)) * 40 + b"\xff\xfe\x00\x81" * 500)
    before = live.read_bytes()
    code, _out, err = _run(["import", "--db", str(live), str(binary)], capsys)
    assert "Traceback" not in err and "UnicodeDecodeError" not in err
    assert _is_one_refusal(code, err) and name in err, err
    assert live.read_bytes() == before


@pytest.fixture
def read_only_live(tmp_path: Path) -> Iterator[Path]:
    """A database nobody may write: a read-only file, or for root (who writes any file) one
    on a file system mounted read-only."""
    if os.geteuid() != 0:
        path = tmp_path / "frozen.db"
        open_database(path).close()
        path.chmod(0o444)
        yield path
        return
    with tiny_filesystem(tmp_path / "ro", "2m") as folder:
        path = folder / "frozen.db"
        open_database(path).close()
        remount_readonly(folder)
        yield path


def test_repair_of_a_read_only_database_says_no_repair_was_possible(
    read_only_live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = read_only_live
    before = live.read_bytes()
    code, out, err = _run(["check", "--db", str(live), "--repair"], capsys)
    assert "Traceback" not in err
    assert code != 0, out
    assert "read-only" in out + err and "healthy" not in out
    assert live.read_bytes() == before


REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["demo", "--contacts", "30"],
        ["search", "anna"],
        ["check"],
        ["export", "--format", "csv", "out.csv"],
        ["backup", "out.zip"],
        ["import", "--list"],
    ],
    ids=lambda words: words[0],
)
def test_a_closed_stdout_is_not_a_failure(tmp_path: Path, command: list[str]) -> None:
    """`rapport demo ... | head -1`: the reader went away before the command printed its
    summary. The command still does all it does, exits 0 and says nothing about a pipe."""
    db = tmp_path / "piped.db"
    if command[0] != "demo":
        assert main(["demo", "--db", str(db), "--contacts", "10"]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", command[0], "--db", str(db), *command[1:]],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `head` does once it has its line: before anything is printed
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 0, err
    assert "pipe" not in err.lower() and "Traceback" not in err, err
    if command[0] == "demo":  # everything was done, not only what came before the summary
        done = open_database(db)
        with done.transaction() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM contacts").scalar() == 30
        done.close()
