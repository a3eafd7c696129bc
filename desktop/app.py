"""Start the GUI: `main()` builds the application, opens the database and shows the window.

`--smoke-test` builds everything a user would see, processes events once, closes and exits 0.
Packaging runs it on the frozen app before anything is published, so a missing Qt plugin, data
file or migration fails the build instead of a user's first start. It uses a throw-away
database and settings file unless --db is given, and never touches the user's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from desktop import __version__
from desktop.errors import RapportError
from desktop.store.location import keep_data_private
from desktop.views.settings import APPLICATION, ORGANIZATION

#: the taskbar's application id on Windows (AppUserModelID), also set on the installer's shortcuts
WINDOWS_APP_ID = "Rapport.Rapport.Desktop"
#: the search index is tidied this long after the window opens (views.index_upkeep)
UPKEEP_DELAY_MS = 5_000


def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="rapport", description="Rapport contact manager")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or SQLAlchemy URL")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, process events, close and exit 0 (for packaging checks)",
    )
    # benchmarks/release.py: print the clock once the window is painted, then leave without the
    # close's backup, so frozen and unfrozen starts are measured the same way
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    # Whatever we do not know (-style, -platform, ...) is Qt's.
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the GUI until the window closes; returns the process exit code."""
    args, qt_args = _parse(sys.argv[1:] if argv is None else argv)
    keep_data_private(args.db)  # files 0600, folders 0700, before anything is written
    if args.smoke_test:
        # a packaging job has no screen; an explicit QT_QPA_PLATFORM still wins
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        with tempfile.TemporaryDirectory(prefix="rapport-smoke-") as scratch:
            return _run(args, qt_args, scratch=Path(scratch))
    return _run(args, qt_args, scratch=None)


def _run(args: argparse.Namespace, qt_args: list[str], scratch: Path | None) -> int:
    # Imported here so that `rapport --help` and the command line never load Qt.
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.views.safety_startup import build_window, open_for_window
    from desktop.views.settings import Settings

    if sys.platform == "win32":
        # Without its own id the taskbar groups Rapport under python.exe (or the frozen
        # launcher) with that program's icon; the installer's shortcuts use the same id.
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(WINDOWS_APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Rapport")
    app.setApplicationVersion(__version__)

    target = args.db
    if target is None and scratch is not None:
        target = scratch / "smoke.db"
    if scratch is not None:  # the backup taken on close goes to the scratch folder too
        os.environ["RAPPORT_DATA_DIR"] = str(scratch)
    try:
        # quick check, instance lock, read-only and sync-folder notices (issue: data safety)
        opened = open_for_window(target)
        db = opened.db
    except RapportError as error:
        if scratch is not None:
            print(f"rapport: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "Rapport", str(error))
        return 2

    if scratch is None:
        settings = Settings()
    else:
        settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    try:
        # banners, the start-up check, the day's backup and the lock's release on close
        window = build_window(opened, settings)
        window.show()
        if args.startup_probe:
            app.processEvents()
            print(time.time(), flush=True)
            return 0
        if scratch is not None:
            app.processEvents()
            for key in window.area_keys:  # every area must at least build
                window.show_area(key)
                app.processEvents()
            window.close()
            app.processEvents()
            from desktop.smoke_checks import run_smoke_checks

            try:
                steps = run_smoke_checks(scratch)
            except RapportError as error:
                print(f"rapport: {error}", file=sys.stderr)
                return 1
            for step in steps:
                print(f"smoke test: {step}")
            print(f"smoke test passed: {len(window.area_keys)} area(s) on {db.label}")
            return 0
        if not db.readonly:
            # alarms due while Rapport runs, and those missed while it was closed
            from desktop.views.reminders import install_reminders

            reminders = install_reminders(window)  # noqa: F841 - alive until exec() returns
            # what a command-line import or repair left to merge, once the user has looked
            QTimer.singleShot(UPKEEP_DELAY_MS, window, window.index_upkeep.start)
        return app.exec()
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
