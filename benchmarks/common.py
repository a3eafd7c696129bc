"""Shared pieces: the generated databases every area measures, and timing helpers."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Generated databases are kept between runs (git-ignored): a 1M demo takes a minute or more.
DATA = ROOT / "bench-data"


def demo_database(contacts: int, seed: int = 1) -> Path:
    """A demo database of `contacts` contacts, generated once with `rapport demo`."""
    path = DATA / f"demo-{contacts}-s{seed}.db"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "demo",
                "--db",
                str(partial),
                "--contacts",
                str(contacts),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        for suffix in ("-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        partial.rename(path)
    else:
        # Kept from an older checkout: bring it to today's schema (benchmarks open it read-only).
        from desktop.store.database import open_database

        open_database(path).close()
    return path


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def started_s(command: list[str]) -> float:
    """Seconds from starting `command` to the wall clock it prints last (it prints
    time.time() once its window is painted): a start-up as a user sees it, in a scratch data
    and settings folder, offscreen."""
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as scratch:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "RAPPORT_DATA_DIR": scratch,
            "XDG_CONFIG_HOME": scratch,
        }
        start = time.time()
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return float(done.stdout.strip().splitlines()[-1]) - start
