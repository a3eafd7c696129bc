"""Opening a Rapport database: an SQLite file (the default) or a PostgreSQL URL.

Every SQLite connection gets the same pragmas from a connect event (WAL, foreign keys, busy
timeout); a file that is not SQLite, or SQLite of another program, is refused before anything
is written to it; the schema is created or upgraded through Alembic on open.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from desktop.errors import ConflictError, RapportError
from desktop.store import schema, storage_errors
from desktop.store.location import make_database_private
from desktop.store.search_index import install_index_hooks
from desktop.store.snapshot import copy_sqlite

# 'RAPP' in the SQLite header's application_id field: how we know a file is ours.
APPLICATION_ID = 0x52415050
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def data_dir() -> Path:
    """Where the user's database and backups live (RAPPORT_DATA_DIR overrides, for tests)."""
    override = os.environ.get("RAPPORT_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Rapport", "Rapport"))


def default_database_path() -> Path:
    return data_dir() / "rapport.db"


def _is_url(target: str) -> bool:
    return "://" in target


def masked_url(target: str) -> str:
    """`target` as it may be shown or logged: a URL's password replaced by '***' (paths and
    URLs without a password unchanged). Every message naming a server goes through this."""
    if not _is_url(target):
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except ArgumentError:  # not a URL SQLAlchemy reads: mask between 'user:' and '@' anyway
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", target)


def _server_error(target: str, exc: Exception) -> RapportError:
    """One line saying why the server cannot be used, with no password in it."""
    shown = masked_url(target)
    if isinstance(exc, ModuleNotFoundError):
        return RapportError(
            f"cannot open {shown}: the PostgreSQL driver is not installed; "
            'install it with: pip install "rapport[postgres]"'
        )
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    try:
        password = make_url(target).password
    except ArgumentError:
        password = None
    if password:  # a driver may quote the URL it was given
        reason = reason.replace(str(password), "***")
    return RapportError(f"cannot open {shown}: {reason}")


def _postgres_url(url: str) -> str:
    # psycopg 3 is the driver we ship; a bare postgresql:// would ask for psycopg2.
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


def readonly_uri(path: Path) -> str:
    """A read-only URI; on read-only media a WAL database without its -shm file can only be
    opened as immutable (nobody can change it there anyway)."""
    shm_missing = not Path(f"{path}-shm").exists()
    immutable = shm_missing and not os.access(path.parent, os.W_OK)
    return f"file:{path}?mode=ro" + ("&immutable=1" if immutable else "")


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a Rapport database, naming it, before SQLAlchemy opens it."""
    if path.is_dir():
        raise RapportError(f"{path} is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise RapportError(f"{path} is not a Rapport database (not an SQLite file)")
    # A crash in rollback-journal mode leaves a hot journal that only a writer may roll back;
    # a read-only probe would call such a file unreadable, so that case opens it read-write.
    hot_journal = Path(f"{path}-journal").exists() and os.access(path, os.W_OK)
    conn = sqlite3.connect(path) if hot_journal else sqlite3.connect(readonly_uri(path), uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise RapportError(f"{path} cannot be read as a database: {exc}") from exc
    finally:
        conn.close()
    if app_id != APPLICATION_ID and tables:
        raise RapportError(f"{path} is an SQLite database of another program, not Rapport's")


def _sqlite_engine(path: Path, readonly: bool) -> Engine:
    if readonly:

        def creator() -> sqlite3.Connection:
            return sqlite3.connect(
                readonly_uri(path),
                uri=True,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )

        # The URL says memory, for which SQLAlchemy picks SingletonThreadPool: one connection
        # per thread, all closed by dispose() even while another thread runs a query on its
        # own (a crash). A file needs the QueuePool a file URL gets.
        engine = create_engine("sqlite://", creator=creator, poolclass=QueuePool)
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across an application crash in WAL mode; only a power cut
            # can lose the last commits, never corrupt the file.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return engine


class Database:
    """An open database: the engine, a session factory, and what the user should be told
    about it (read-only, where it lives)."""

    def __init__(self, url: str, engine: Engine, path: Path | None, readonly: bool) -> None:
        self.url = url
        self.engine = engine
        self.path = path
        self.readonly = readonly
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        storage_errors.install(engine, self.label)
        install_index_hooks(self.sessions)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def label(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises.

        A versioned row (contact, deal, activity) that someone else saved between our read and
        our write makes the UPDATE match nothing; that is a ConflictError the user can act on
        (reload), for every service alike, never a raw StaleDataError."""
        try:
            with self.sessions() as session, session.begin():
                yield session
        except StaleDataError as exc:
            raise ConflictError(_conflict_message(str(exc))) from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A Core connection in one transaction, for bulk paths."""
        with self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()


_RECORD_NAMES = {"contacts": "This contact", "deals": "This deal", "activities": "This activity"}


def _conflict_message(stale: str) -> str:
    # SQLAlchemy names the table: "UPDATE statement on table 'deals' expected to update 1 row"
    record = next((name for table, name in _RECORD_NAMES.items() if f"'{table}'" in stale), None)
    return f"{record or 'This record'} was changed elsewhere while saving; reload it and try again"


def _backup_before_upgrade(
    path: Path, revision: str, upgrading: Callable[[str], None] | None
) -> None:
    if upgrading is not None:
        upgrading(revision)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    copy_sqlite(path, path.parent / "backups" / f"{path.stem}-before-upgrade-{revision}-{stamp}.db")


def open_database(
    target: str | Path | None = None,
    *,
    create: bool = True,
    readonly: bool = False,
    upgrading: Callable[[str], None] | None = None,
) -> Database:
    """Open (and create or upgrade) a database: a file path, an SQLAlchemy URL, or None for
    the user's default file. Raises RapportError naming the file when it cannot be used.

    `upgrading(old_revision)` is called before an older database is backed up and upgraded,
    which can take a minute at a million contacts: the window says what is happening."""
    if isinstance(target, str) and _is_url(target) and not target.startswith("sqlite"):
        url = _postgres_url(target)
        try:
            engine = create_engine(url, pool_pre_ping=True)
            with engine.begin() as conn:
                schema.ensure_current(
                    conn, label=engine.url.render_as_string(True), before_upgrade=upgrading
                )
        except RapportError:
            raise
        except Exception as exc:  # the driver's errors name host and reason
            raise _server_error(target, exc) from exc
        return Database(url, engine, None, readonly)

    if isinstance(target, str) and target.startswith("sqlite:///"):
        target = target.removeprefix("sqlite:///")
    path = Path(target).expanduser().resolve() if target else default_database_path()
    _check_sqlite_file(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise RapportError(f"{path} does not exist")
    if exists and not readonly and not os.access(path, os.W_OK):
        readonly = True
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = _sqlite_engine(path, readonly)
    try:
        if not readonly:
            with engine.begin() as conn:
                if not exists:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                schema.ensure_current(
                    conn,
                    label=str(path),
                    before_upgrade=lambda rev: _backup_before_upgrade(path, rev, upgrading),
                )
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise RapportError(f"{path} cannot be opened: {exc}") from exc
    except Exception:
        engine.dispose()
        raise
    make_database_private(path)  # an older version (or the user) may have left it open
    return Database(f"sqlite:///{path}", engine, path, readonly)
