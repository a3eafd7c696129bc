"""Argument types the commands share, so that every command refuses bad numbers alike."""

from __future__ import annotations

import argparse
from pathlib import Path


def positive_int(text: str) -> int:
    """A count of at least 1; '1_000_000' and '1,000,000' are read as a million."""
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def output_file(text: str) -> Path:
    """A file to write. '.', '..' or a folder that exists is refused before anything is done:
    writing 'into' it failed with a traceback or made a hidden file named after the folder."""
    path = Path(text)
    try:
        folder = path.name in ("", ".", "..") or path.is_dir()
    except OSError:  # a name the system refuses: the command that writes it says why
        folder = False
    if folder:
        raise argparse.ArgumentTypeError(
            f"{text!r} is a folder; give the name of the file to write in it"
        )
    return path
