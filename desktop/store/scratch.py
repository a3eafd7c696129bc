"""Scratch folders for backups, restores and repairs, which a killed process cannot leak.

A backup, restore or repair works in a hidden folder ('.rapport-backup-...') that it removes
when it ends. A process killed in between cannot remove it, and a database's worth of bytes
would stay behind. So each folder holds an 'owner.lock' that its process keeps locked (flock
on macOS and Linux, msvcrt on Windows) for as long as it works there; the operating system
drops the lock when the process dies, however it dies. The next operation in that place
removes every folder of its kind whose lock it can take: the owner is gone. A folder without
a lock file (made by an older Rapport, or caught in the microsecond between the folder and its
lock) is removed once it is an hour old.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from desktop.errors import RapportError

LOCK_NAME = "owner.lock"
_UNLOCKED_STALE_S = 3600


def _try_lock(handle: IO[bytes]) -> bool:
    """Lock the open file without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _owner_gone(folder: Path) -> bool:
    lock = folder / LOCK_NAME
    try:
        if not lock.exists():
            return folder.stat().st_mtime < time.time() - _UNLOCKED_STALE_S
        with lock.open("r+b") as handle:
            return _try_lock(handle)  # closing the file releases the lock again
    except OSError:
        return False  # cannot tell: leave it


def sweep(parent: Path, prefix: str) -> list[Path]:
    """Remove the scratch folders named `prefix`* in `parent` whose owner process is gone;
    returns those removed."""
    removed = []
    with suppress(OSError):
        for folder in parent.glob(f"{prefix}*"):
            if folder.is_dir() and not folder.is_symlink() and _owner_gone(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def reason(exc: OSError) -> str:
    """An OSError in words, without the file name (the caller names the place the user
    knows, not a scratch folder inside it)."""
    return exc.strerror or str(exc)


@contextmanager
def scratch_folder(parent: Path, prefix: str, doing: str) -> Iterator[Path]:
    """A fresh folder `prefix`<pid>-... in `parent`, locked as this process's, removed at the
    end. Leftovers of killed operations of the same kind are swept first. `doing` ('back up
    into', 'restore into') words the refusal when the folder cannot be made."""
    sweep(parent, prefix)
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise RapportError(f"cannot {doing} {parent}: {reason(exc)}") from exc
    try:
        try:
            lock = (work / LOCK_NAME).open("wb")
        except OSError as exc:
            raise RapportError(f"cannot {doing} {parent}: {reason(exc)}") from exc
        with lock:
            _try_lock(lock)
            yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
