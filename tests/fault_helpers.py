"""Helpers for the fault tests: child processes that write, and tiny file systems that fill."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def child_process(script: str) -> Iterator[subprocess.Popen[str]]:
    """A Python child running `script` (dedented), its stdout piped line by line; killed if
    still running when the block ends, and its pipes closed."""
    with subprocess.Popen(
        [sys.executable, "-u", "-c", textwrap.dedent(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            yield child
        finally:
            if child.poll() is None:
                child.kill()
            child.communicate(timeout=60)


@contextmanager
def tiny_filesystem(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder`; skips the test where mounting is not permitted
    (not root, or a container without CAP_SYS_ADMIN)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_readonly(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def damage_btree(path: Path, name: str) -> None:
    """Overwrite part of the root page of table or index `name`, as a bad sector would."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)
