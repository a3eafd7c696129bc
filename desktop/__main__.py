"""`python -m desktop` is the same as `rapport`."""

from __future__ import annotations

import sys

from desktop.cli import main

sys.exit(main())
