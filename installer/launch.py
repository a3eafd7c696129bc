"""Entry point of the frozen app: the same `rapport` command as the console script."""

from __future__ import annotations

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # Batch reports render in spawned worker processes; a frozen executable must recognise
    # being started as one, or every worker would open another main window.
    multiprocessing.freeze_support()
    sys.exit(main())
