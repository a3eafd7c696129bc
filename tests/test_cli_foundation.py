"""The command line as a user runs it: the installed `rapport` script in a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

# The console script pip installed beside this interpreter (.venv/bin/rapport).
RAPPORT = Path(sys.executable).with_name("rapport")


def rapport(*args: str, cwd: Path, encoding: str = "utf-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [str(RAPPORT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding=encoding,
        timeout=120,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The refusal a user sees: a non-zero exit, one line on stderr, nothing on stdout."""
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("rapport: error: ")
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "demo.db"
    result = rapport("demo", "--db", str(path), "--contacts", "200", "--seed", "4", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"Demo data in {path} (seed 4)" in result.stdout
    assert "contacts                 200" in result.stdout
    return path


def a_contact(path: Path, where: str) -> sqlite3.Row:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT crm_number, display_name, last_name, company_name, primary_email, "
            f"primary_phone FROM contacts WHERE {where} ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()


def test_demo_then_search_by_name_prints_the_contact(demo_file: Path, tmp_path: Path) -> None:
    contact = a_contact(demo_file, "company_name <> '' AND primary_email <> ''")
    result = rapport("search", "--db", str(demo_file), contact["display_name"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, *rows, footer = result.stdout.splitlines()
    assert header.split() == ["CRM", "Name", "Company", "E-mail", "Phone"]
    line = next(row for row in rows if row.startswith(contact["crm_number"]))
    for value in ("display_name", "primary_phone"):
        assert contact[value] in line
    assert contact["company_name"][:20] in line
    assert footer.split()[1] in ("contact", "contacts")


def test_columns_line_up_with_chinese_names(demo_file: Path, tmp_path: Path) -> None:
    contact = a_contact(demo_file, "last_name = '王'")
    result = rapport("search", "--db", str(demo_file), "王", "--limit", "50", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()[:-1]
    assert any(contact["display_name"] in line for line in lines)

    def display_width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    # The e-mail column starts at the same terminal column on every line.
    rows = [line for line in lines[1:] if "@" in line]
    starts = {display_width(line[: line.index("@")].rsplit(" ", 1)[0]) for line in rows}
    assert len(rows) >= 2 and len(starts) == 1


def test_an_output_that_cannot_hold_chinese_gets_question_marks(
    demo_file: Path, tmp_path: Path
) -> None:
    """A Windows console or file in cp1252: the list is printed whole, not a traceback."""
    result = rapport("search", "--db", str(demo_file), "王", cwd=tmp_path, encoding="cp1252")
    assert result.returncode == 0, result.stderr
    assert "C-0" in result.stdout and "??" in result.stdout


def test_a_crm_number_typed_exactly_comes_first(demo_file: Path, tmp_path: Path) -> None:
    result = rapport("search", "--db", str(demo_file), "C-000123", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].startswith("C-000123  ")


def test_a_phone_number_finds_its_contact(demo_file: Path, tmp_path: Path) -> None:
    contact = a_contact(demo_file, "primary_phone LIKE '+49 %'")
    result = rapport("search", "--db", str(demo_file), contact["primary_phone"], cwd=tmp_path)
    assert result.returncode == 0
    assert contact["crm_number"] in result.stdout


def test_no_match_is_an_answer_not_an_error(demo_file: Path, tmp_path: Path) -> None:
    result = rapport("search", "--db", str(demo_file), "Zzyzxqq", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "no contacts match 'Zzyzxqq'\n"
    assert result.stderr == ""


def test_the_limit_is_honoured(demo_file: Path, tmp_path: Path) -> None:
    result = rapport("search", "--db", str(demo_file), "a", "--limit", "3", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5  # header, three contacts, the count
    assert "raise --limit" in lines[-1]


@pytest.mark.parametrize(
    "args",
    [
        ("search",),  # no text
        ("search", "anna", "--limit", "0"),
        ("search", "***"),  # nothing searchable
        ("demo", "--contacts", "0"),
        ("demo", "--contacts", "20000000"),
        ("demo", "--colour", "blue"),
        ("frobnicate",),
    ],
)
def test_bad_arguments_give_one_line_and_create_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "never.db"
    one_error_line(rapport(*args[:1], "--db", str(target), *args[1:], cwd=tmp_path))
    assert not target.exists()
    assert list((tmp_path / "data").iterdir()) == []


def test_searching_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "nothing.db"
    line = one_error_line(rapport("search", "--db", str(target), "anna", cwd=tmp_path))
    assert str(target) in line and "does not exist" in line
    assert not target.parent.exists()


@pytest.mark.parametrize("command", [("search", "anna"), ("demo", "--contacts", "5")])
def test_a_foreign_file_is_refused_and_left_alone(tmp_path: Path, command: tuple[str, ...]) -> None:
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    text_file = tmp_path / "people.csv"
    text_file.write_text("Name;E-mail\nAnna;anna@example.org\n", encoding="utf-8")
    for path, reason in ((foreign, "another program"), (text_file, "not a Rapport database")):
        before = path.read_bytes()
        line = one_error_line(rapport(command[0], "--db", str(path), *command[1:], cwd=tmp_path))
        assert str(path) in line and reason in line
        assert path.read_bytes() == before
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()


def test_demo_refuses_a_database_that_has_contacts(demo_file: Path, tmp_path: Path) -> None:
    before = demo_file.stat().st_size
    line = one_error_line(rapport("demo", "--db", str(demo_file), "--contacts", "5", cwd=tmp_path))
    assert "already has contacts" in line and "--force" in line
    conn = sqlite3.connect(demo_file)
    try:
        assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 200
    finally:
        conn.close()
    assert demo_file.stat().st_size == before


def test_demo_with_force_adds_to_a_database(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    assert rapport("demo", "--db", str(path), "--contacts", "10", cwd=tmp_path).returncode == 0
    result = rapport("demo", "--db", str(path), "--contacts", "5", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 15
    finally:
        conn.close()


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = rapport("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "search"):
        assert command in result.stdout
