"""`rapport` on the command line: the GUI without arguments, or one of the commands.

Each command lives in desktop/commands/<name>.py with `register(subparsers)` and a
`run(args) -> int`; this module only dispatches and turns a RapportError into one line on
stderr and exit status 2. Commands import their heavy modules inside run(), so that
`rapport search` does not pay for the GUI, reportlab or openpyxl.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop.closed_stdout import closed_stdout_tolerated
from desktop.errors import RapportError
from desktop.store.location import keep_data_private

# Modules under desktop.commands, in the order `rapport --help` lists them.
COMMANDS: tuple[str, ...] = (
    "check",
    "backup",
    "restore",
    "demo",
    "search",
    "import_",
    "export",
    "report",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Bad arguments: one line naming the problem, exit status 2 (argparse prints usage)."""
        self.exit(2, f"rapport: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rapport", description="Rapport contact and sales manager.")
    parser.add_argument("--db", help="database file or URL (default: your data folder)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"desktop.commands.{name}")
        command = module.register(sub)
        command.add_argument("--db", default=argparse.SUPPRESS, help="database file or URL")
        command.set_defaults(run=module.run)
    return parser


def _command_word(args: list[str]) -> str | None:
    """The first word that is not an option or the value of --db."""
    skip = False
    for word in args:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if _command_word(args_list) is None and not {"-h", "--help"} & set(args_list):
        # No command: the GUI, which takes its own options (--db, --smoke-test).
        from desktop.app import main as gui_main

        return gui_main(args_list)
    args = build_parser().parse_args(args_list)
    keep_data_private(getattr(args, "db", None))  # files 0600, folders 0700 (issue 14.2)
    try:
        with closed_stdout_tolerated():  # `rapport demo | head -1` is no failure
            return int(args.run(args) or 0)
    except RapportError as exc:
        print(f"rapport: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A file the user named cannot be read or written (missing folder, name too long, no
        # permission, disk full): say which and why in one line instead of a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"rapport: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rapport: interrupted; nothing was changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
