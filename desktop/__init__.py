"""Rapport, an offline contact and sales manager. The version is pyproject.toml's, read from the
installed distribution's metadata (the frozen app ships that metadata too, see installer/)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # a bare source tree on sys.path, never installed
    __version__ = "0+unknown"
