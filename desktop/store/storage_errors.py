"""What a user is told when the disk, not the data, stops a write.

A full disk, a read-only file, a disk error or another program holding the write lock reach
SQLAlchemy as driver errors with terse texts ('database or disk is full'). An engine event
turns them into one RapportError that names the database and says that nothing of the change
was saved, which is true: the failed statement's transaction is rolled back as the error
propagates (and on SQLITE_FULL SQLite itself rolls it back). Everything else stays a bug with
its traceback.
"""

from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from desktop.errors import RapportError

# (text in an SQLite error, PostgreSQL SQLSTATE, what the user is told after the label)
_KNOWN = (
    (
        "database or disk is full",
        "53100",
        "the disk is full; nothing of this change was saved. Free some space and try again",
    ),
    (
        "readonly database",
        "25006",
        "the database is read-only; nothing can be saved to it",
    ),
    (
        "disk i/o error",
        "58030",
        "the disk reported an error while writing; nothing of this change was saved. "
        "Run Tools > Check database",
    ),
    (
        "database disk image is malformed",
        "XX001",
        "the database file is damaged; nothing of this change was saved. Use Tools > Check "
        "database, or File > Restore to go back to a backup",
    ),
    (
        "unable to open database file",
        "58P01",  # PostgreSQL: undefined_file
        "the database file cannot be opened for writing (a read-only disk or folder, or the "
        "file was moved); nothing of this change was saved",
    ),
    (
        "database is locked",
        "55P03",
        "another program kept the database locked for too long; nothing of this change "
        "was saved. Try again",
    ),
)


def user_message(error: BaseException, label: str) -> str | None:
    """The message for a storage failure, or None when `error` is not one."""
    text = str(error).lower()
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    for fragment, sqlstate, message in _KNOWN:
        if fragment in text or state == sqlstate:
            return f"{label}: {message}"
    return None


def install(engine: Engine, label: str) -> None:
    """Translate storage failures on every connection of `engine` into RapportError."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> BaseException | None:
        original = context.original_exception
        message = user_message(original, label)
        return RapportError(message) if message else None
