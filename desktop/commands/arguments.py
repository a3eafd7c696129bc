"""Argument types the commands share, so that every command refuses bad numbers alike."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """A count of at least 1; '1_000_000' and '1,000,000' are read as a million."""
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
