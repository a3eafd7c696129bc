"""`python -m benchmarks release`: the frozen app's size and start beside the unfrozen start.

    bundle_mb           the one-folder app (dist/Rapport) on disk, unpacked
    frozen_startup_s    process start -> window painted, frozen app, on the 1M demo
    raw_startup_s       the same start from the source tree (`python -m desktop`): the baseline

The frozen app must have been built first (`python installer/build.py`); the 1M demo is made
as the other areas make it. Both starts open the database the way a user's start does and
leave through `--startup-probe`, which skips the day's backup on close.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import ROOT, demo_database, started_s

FROZEN = ROOT / "dist" / "Rapport" / ("Rapport.exe" if sys.platform == "win32" else "Rapport")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=int, default=1_000_000)


def _start(command: list[str], db: Path) -> float:
    return started_s([*command, "--db", str(db), "--startup-probe"])


def run(args: argparse.Namespace) -> Iterator[tuple[str, float, str]]:
    if not FROZEN.is_file():
        raise SystemExit(f"no frozen app at {FROZEN}: run `python installer/build.py` first")
    # PyInstaller links some libraries into place: count each file once, as du does
    size = sum(
        f.stat().st_size for f in FROZEN.parent.rglob("*") if f.is_file() and not f.is_symlink()
    )
    yield "bundle_mb", size / 1e6, "MB"
    db = Path(args.db) if args.db else demo_database(args.contacts)
    _start([str(FROZEN)], db)  # the first start reads the files from disk; measure warm starts
    yield "frozen_startup_s", statistics.median(_start([str(FROZEN)], db) for _ in range(3)), "s"
    source = [sys.executable, "-m", "desktop"]
    yield "raw_startup_s", statistics.median(_start(source, db) for _ in range(3)), "s"
