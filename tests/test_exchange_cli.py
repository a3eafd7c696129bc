"""`rapport import` and `rapport export` through the real console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from exchange_support import REALDATA, write_csv

RAPPORT = Path(sys.executable).with_name("rapport")


def _rapport(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RAPPORT), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


def test_import_prints_summary_and_export_writes(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    done = _rapport(
        "import", "--db", db, REALDATA / "contacts" / "google_contacts_export__tine20.csv"
    )
    assert done.returncode == 0, done.stderr
    assert "read 5, created 5, updated 0, unchanged 0, skipped 0, rejected 0" in done.stdout
    again = _rapport(
        "import",
        "--db",
        db,
        "--on-duplicate",
        "skip",
        REALDATA / "contacts" / "google_contacts_export__tine20.csv",
    )
    assert again.returncode != 0
    assert "nothing imported from google_contacts_export__tine20.csv" in again.stderr
    assert "5 skipped as duplicates" in again.stderr
    out = tmp_path / "out.csv"
    exported = _rapport("export", "--db", db, "--format", "csv", out)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == f"5 contacts written to {out}"
    assert "axel,gert" in out.read_text("utf-8-sig")
    listed = _rapport("import", "--db", db, "--list")
    assert listed.returncode == 0, listed.stderr
    assert "google_contacts_export__tine20.csv  read 5, created 5" in listed.stdout
    undone = _rapport("import", "--db", db, "--undo", "1")
    assert undone.stdout.strip() == "import 1 undone: 5 contacts removed, 0 restored"
    again = _rapport("import", "--db", db, "--undo", "1")
    assert again.returncode == 2
    assert "already undone" in again.stderr


def test_import_bad_rows_skip_and_reasons(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            ["Name", "E-mail", "Birthday"],
            ["Anna Schmidt", "anna@example", "1980-01-01"],
            ["Bob Meyer", "bob@example.com", "31.02.1990"],
            ["Carla Diaz", "carla@example.com", ""],
        ],
    )
    done = _rapport("import", "--db", tmp_path / "b.db", "--bad-rows", "skip", path)
    assert done.returncode == 0, done.stderr
    assert "read 3, created 1, updated 0, unchanged 0, skipped 0, rejected 2" in done.stdout
    assert "row 2, E-mail: 'anna@example' is not a valid e-mail address" in done.stdout
    assert "row 3, Birthday: '31.02.1990' is not a date" in done.stdout


def test_import_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    done = _rapport("import", "--db", tmp_path / "c.db", path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "broken.xlsx is damaged or incomplete" in done.stderr


def test_export_unknown_group(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _rapport("import", "--db", db, REALDATA / "vcard" / "v21_outlook_qp_photo__ezvcard.vcf")
    done = _rapport("export", "--db", db, "--group", "Nope", tmp_path / "x.xlsx")
    assert done.returncode == 2
    assert "there is no group named 'Nope'" in done.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_ics_goes_to_the_calendar(tmp_path: Path) -> None:
    db = tmp_path / "ics.db"
    ics = REALDATA / "ics" / "thunderbird_rrule_exdate_cancelled_overrides__vobject.ics"
    done = _rapport("import", "--db", db, ics)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    out = tmp_path / "cal.ics"
    exported = _rapport("export", "--db", db, out, "--from", "2000-01-01", "--to", "2100-01-01")
    assert exported.returncode == 0, exported.stderr
    assert out.read_text("utf-8").startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("name", ["contacts", "contacts.txt"])
def test_importing_binary_data_says_so_in_one_line(tmp_path: Path, name: str) -> None:
    """Issue 14.9: binary data under a text name is refused before any character set is
    guessed, in one line and without a traceback."""
    path = tmp_path / name
    path.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(1, 256)) * 30)
    done = _rapport("import", "--db", tmp_path / "t.db", path)
    assert done.returncode != 0
    assert f"{name} is not a text file (it contains binary data)" in done.stderr
    assert "Traceback" not in done.stderr
    assert "UnicodeDecodeError" not in done.stderr
