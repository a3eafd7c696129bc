"""`rapport report ...` as a user types it: files written, refusals in one line, nothing left."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from reports_sample import add_activity, add_contact, add_deal, pdf_pages

from desktop.cli import main
from desktop.store.database import Database


@pytest.fixture
def filled(db: Database) -> Path:
    wang, _ = add_contact(db, "伟", "王", company="AT&T <China>", groups=("Key accounts",))
    add_contact(db, "Anna", "Müller", tags=("VIP",), groups=("Key accounts",))
    add_deal(db, "Support renewal", "Proposal", 4_800_000, 50, contact_id=wang)
    add_activity(db, "Call", "Price question", datetime(2026, 3, 10, 9), contact_ids=(wang,))
    assert db.path is not None
    return db.path


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_console_script_prints_a_customer_sheet(filled: Path, tmp_path: Path):
    out = tmp_path / "wang.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "report", "customer", "--db", str(filled), "c1",
         "--out", str(out), "--user", "Anna", "--company", "Rapport Sales"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote the customer sheet of 王伟 (C-000001) to {out}"
    text = pdf_pages(out)[0]
    assert "王伟" in text and "AT&T <China>" in text and "by Anna, Rapport Sales" in text


def test_each_kind_writes_its_pdf(filled, tmp_path, capsys):
    db = str(filled)
    runs = {
        "batch.pdf": ("batch", "--db", db, "--group", "key accounts", "--workers", "1"),
        "vip.pdf": ("batch", "--db", db, "--tag", "VIP"),
        "phones.pdf": ("phone-list", "--db", db),
        "pipeline.pdf": ("pipeline", "--db", db, "--paper", "letter"),
        "calls.pdf": ("activities", "--db", db, "--from", "2026-03-01", "--to", "2026-03-31"),
    }
    for name, args in runs.items():
        code, out, err = _report(capsys, *args, "--out", str(tmp_path / name))
        assert (code, err) == (0, ""), name
        assert out.startswith("Wrote ") and out.strip().endswith(name)
    assert "Page 3 of 3" in pdf_pages(tmp_path / "batch.pdf")[-1]  # contents + two sheets
    assert "Anna Müller" in pdf_pages(tmp_path / "vip.pdf")[-1]
    assert "王伟" in pdf_pages(tmp_path / "phones.pdf")[0]
    assert "24,000.00 EUR" in pdf_pages(tmp_path / "pipeline.pdf")[0]
    assert "Price question" in pdf_pages(tmp_path / "calls.pdf")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("customer", "C-000099"), "no contact has the CRM number 'C-000099'"),
        (("customer", "banana"), "no contact has the CRM number 'banana'"),
        (("batch", "--group", "Golfers"), "no group is called 'Golfers' (there are: Key accounts)"),
        (("batch", "--tag", "Gold"), "no tag is called 'Gold' (there are: VIP)"),
        (("phone-list", "--tag", "Gold"), "no tag is called 'Gold'"),
        (("activities", "--from", "2026-13-01", "--to", "2026-03-31"), "--from: '2026-13-01'"),
        (("activities", "--from", "2026-03-31", "--to", "2026-03-01"), "to: 2026-03-01 is before"),
        (("customer", "C-1", "--history", "-1"), "--history: must be 0 or more"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(filled, tmp_path, capsys, args, message):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    kind, *rest = args
    code, out, err = _report(
        capsys, kind, "--db", str(filled), *rest, "--out", str(out_dir / "r.pdf")
    )

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("rapport: error: ") and message in err
    assert list(out_dir.iterdir()) == []


def test_a_missing_database_is_not_created(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    code, _out, err = _report(
        capsys, "pipeline", "--db", str(missing), "--out", str(tmp_path / "p.pdf")
    )
    assert code == 2 and "does not exist" in err
    assert not missing.exists() and not (tmp_path / "p.pdf").exists()


def test_batch_needs_a_group_or_a_tag(filled, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["report", "batch", "--db", str(filled), "--out", str(tmp_path / "b.pdf")])
    assert exit_.value.code == 2
    assert "one of the arguments --group --tag is required" in capsys.readouterr().err
