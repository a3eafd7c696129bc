"""Fuzz the command line with hostile arguments: every run ends with an exit status and at most
one message (a line, unless it quotes an argument holding a line break), never a traceback,
and a refused command writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
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
