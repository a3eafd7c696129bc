"""A big file is read, mapped and checked in a worker process; what is stored is the same as
when one process does it all, and a worker that cannot start leaves the import to finish alone.

The real threshold is 20,000 rows; the tests lower it so a small file takes the worker path."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from exchange_support import table_counts, write_csv
from sqlalchemy import text

from desktop.exchange import importer, prepared
from desktop.exchange.importer import run_import
from desktop.exchange.plan import plan_import
from desktop.services.search import search_contacts
from desktop.store.database import Database, open_database

HEADER = ["First Name", "Last Name", "Company", "E-mail", "Mobile Phone", "City"]


def _sheet(path: Path) -> Path:
    rows = [HEADER]
    for n in range(60):
        rows.append(
            [f"Anna{n}", "Schmidt", "ACME", f"anna{n}@example.com", f"0171 55{n:04d}", "Köln"]
        )
    rows.append(["伟", "王", "北京科技", "wang@example.cn", "+86 10 1234 5678", "北京"])
    rows.append(["", "", "", "not-an-email", "", ""])  # kept, marked: no name, bad e-mail
    rows.append(["Anna3", "Schmidt", "ACME", "anna3@example.com", "", ""])  # repeats row 4
    # a row that fills in the one before it, both new and in one chunk from the worker: what
    # the worker prepared for the first no longer holds
    rows.append(["Berta", "Neu", "", "berta@example.com", "", ""])
    rows.append(["Berta", "Neu", "Neu AG", "berta@example.com", "0171 999999", "Bonn"])
    return write_csv(path, rows)


def _stored(db: Database) -> list[tuple[Any, ...]]:
    with db.transaction() as conn:
        contacts = conn.execute(
            text("SELECT display_name, company_name, primary_email, primary_phone, city "
                 "FROM contacts ORDER BY id")
        ).all()  # fmt: skip
        index = conn.execute(text("SELECT rowid, doc FROM contact_fts ORDER BY rowid")).all()
    return [*map(tuple, contacts), *map(tuple, index)]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 7)  # several chunks cross from the worker


def test_the_worker_path_stores_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    sheet = _sheet(tmp_path / "fair.csv")
    alone = open_database(tmp_path / "alone.db")
    result_alone = run_import(alone, plan_import(sheet), backup_first=False)

    monkeypatch.setattr(prepared, "WORKER_MIN_ROWS", 1)
    used: list[bool] = []
    real = prepared._from_worker
    monkeypatch.setattr(prepared, "_from_worker", lambda *a: (used.append(True), real(*a))[1])
    helped = open_database(tmp_path / "helped.db")
    result_helped = run_import(helped, plan_import(sheet), backup_first=False)

    assert used == [True]
    assert result_helped.counts() == result_alone.counts()
    assert result_helped.created == 63 and result_helped.unchanged == 1
    assert result_helped.duplicates_in_file == 2 and result_helped.updated == 1  # Berta
    assert _stored(helped) == _stored(alone)
    assert [h.display_name for h in search_contacts(helped, "王伟", 5)] == ["王伟"]
    assert len(search_contacts(helped, "0171 550012", 5)) == 1
    alone.close()
    helped.close()


def test_a_worker_that_cannot_start_leaves_the_import_to_one_process(
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    small_chunks: None,
) -> None:
    class NoProcesses:
        def Queue(self, maxsize: int) -> object:
            raise OSError("no more processes")

    monkeypatch.setattr(prepared, "WORKER_MIN_ROWS", 1)
    monkeypatch.setattr(prepared.multiprocessing, "get_context", lambda _kind: NoProcesses())
    result = run_import(db, plan_import(_sheet(tmp_path / "fair.csv")), backup_first=False)
    assert result.created == 63
    assert table_counts(db)["contacts"] == 63
    assert "continuing in one process" in capsys.readouterr().err


def test_a_worker_that_fails_halfway_leaves_the_rest_to_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    sheet = _sheet(tmp_path / "fair.csv")
    alone = open_database(tmp_path / "alone.db")
    run_import(alone, plan_import(sheet), backup_first=False)

    def fails_after_two(plan: Any, region: str, custom_types: Any, size: int, *_: Any) -> Any:
        yield from islice(prepared.checked_chunks(plan, region, custom_types, size), 2)
        raise prepared._WorkerFailed("exit code -9")

    monkeypatch.setattr(prepared, "WORKER_MIN_ROWS", 1)
    monkeypatch.setattr(prepared, "_from_worker", fails_after_two)
    helped = open_database(tmp_path / "helped.db")
    result = run_import(helped, plan_import(sheet), backup_first=False)
    assert result.created == 63 and result.unchanged == 1  # no row lost, none read twice
    assert _stored(helped) == _stored(alone)
    alone.close()
    helped.close()
