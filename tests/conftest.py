"""Fixtures every test shares.

* Qt runs offscreen, and every test gets its own data folder (RAPPORT_DATA_DIR) and settings
  file, both under tmp_path: no test reads or writes a developer's real database or settings.
* `db`: a fresh, migrated SQLite database.
* `any_db`: the same test on SQLite and, when RAPPORT_TEST_DATABASE_URL names a PostgreSQL
  server (scripts/test.sh starts one), on PostgreSQL too.
* `model_tester`: Qt's own QAbstractItemModelTester over a model (STYLE habit 3).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before anything imports Qt: no screen in CI, and no window popping up on a developer's.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from told import Told

from desktop.store.database import Database, open_database

POSTGRES_URL_VARIABLE = "RAPPORT_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """`cli.main` and `app.main` set the process umask to 077 (store.location); a test that
    calls them in-process must not change the file modes the next test sees."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(data))
    # Qt warns (and a warning fails the test) when XDG_RUNTIME_DIR is unset or not 0700.
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    settings = tmp_path / "settings"
    settings.mkdir()
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings / scope.name))


@pytest.fixture(autouse=True)
def _german_phone_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import reads phones without a country code in the computer's locale's region
    (issue 13.4); the tests read them as German whatever the locale of the machine."""
    from desktop.exchange import phone_region

    monkeypatch.setattr(phone_region, "_locale_name", lambda: "de_DE.UTF-8")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite database, migrated to head."""
    database = open_database(tmp_path / "t.db")
    yield database
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database on each backend; mark such tests `@pytest.mark.postgres`."""
    if request.param == "sqlite":
        database = open_database(tmp_path / "t.db")
    else:
        base_url = os.environ.get(POSTGRES_URL_VARIABLE)
        if not base_url:
            pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (scripts/test.sh sets it)")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        database = open_database(_empty_postgres_database(base_url, worker))
    yield database
    database.close()


def _empty_postgres_database(base_url: str, worker: str) -> str:
    """URL of this xdist worker's own database, with its schema emptied.

    One database per worker keeps parallel workers apart; tests within a worker run one after
    another, so dropping and recreating `public` (extensions included) is enough between them.
    """
    url = make_url(base_url)
    name = f"{url.database}_{re.sub(r'[^a-z0-9]', '_', worker.lower())}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    worker_url = url.set(database=name)
    cleaner = create_engine(worker_url, isolation_level="AUTOCOMMIT")
    try:
        with cleaner.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        cleaner.dispose()
    return worker_url.render_as_string(hide_password=False)


@pytest.fixture
def model_tester(qtmodeltester: Any) -> Callable[[QAbstractItemModel], None]:
    """`model_tester(model)` runs Qt's QAbstractItemModelTester over the model and fails the
    test on any broken invariant (row counts, parents, signals around inserts and resets)."""

    def check(model: QAbstractItemModel) -> None:
        qtmodeltester.check(model, force_py=False)

    return check


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    """The message boxes of safety_actions answered and remembered (see told.py)."""
    return Told(monkeypatch)
