"""Entry point of the frozen app: the same `rapport` command as the console script."""

from __future__ import annotations

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
