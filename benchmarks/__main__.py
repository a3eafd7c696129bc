"""`python -m benchmarks AREA [--db PATH] [...]`: prints one `name value unit` a line.

Each area is a module benchmarks/<area>.py with `add_arguments(parser)` (optional) and
`run(args) -> Iterable[tuple[str, float, str]]`. Figures are printed as they are measured so a
long run shows progress. Figures never become asserts in tests: this machine's speed varies.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

AREAS = ("store", "contacts", "calendar", "deals", "exchange", "reports", "safety", "release")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("area", choices=AREAS)
    parser.add_argument("--db", help="database to measure (default: a generated one)")
    area_name = next((a for a in (argv or sys.argv[1:]) if a in AREAS), None)
    module = importlib.import_module(f"benchmarks.{area_name}") if area_name else None
    if module is not None and hasattr(module, "add_arguments"):
        module.add_arguments(parser)
    args = parser.parse_args(argv)
    assert module is not None
    for name, value, unit in module.run(args):
        print(f"{name} {value:.4g} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
