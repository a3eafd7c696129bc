"""File > Back up…, File > Restore…, Tools > Check database…: the safety menu commands.

Each asks what it must (a file, a confirmation) through small module functions that tests
replace, runs the work in a BackgroundTask, and says what happened in one message. A restore
closes the window's connections first (the database file is replaced underneath them) and then
tells every screen to reload; a window that opened read-only because the database failed its
start-up check restarts Rapport on the restored file instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QProcess, QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop.errors import RapportError
from desktop.models.formats import local_date_time
from desktop.services.changes import Changes
from desktop.store.backup import BackupInfo, backup_name, create_backup, read_manifest
from desktop.store.integrity import CheckReport, check_file, check_server
from desktop.store.repair import repair_database, repair_file
from desktop.store.restore import RestoreResult, restore_backup
from desktop.views.background_task import BackgroundTask
from desktop.views.safety_backup_settings import (
    BackupSettingsDialog,
    megabytes,
    retention_of,
    store_retention,
    usage_text,
)

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

T = TypeVar("T")

# Running tasks, kept alive until they finish (a QObject parent alone would do, but tests
# look them up here to wait for them).
RUNNING: list[BackgroundTask] = []


# -- what the user is asked and told; tests replace these ---------------------------------


def ask_backup_file(parent: QWidget, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Back up database"), str(suggested), parent.tr("Rapport backup (*.zip)")
    )
    return Path(name) if name else None


def ask_restore_file(parent: QWidget, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        parent.tr("Restore from backup"),
        str(folder),
        parent.tr("Rapport backup (*.zip);;Database kept before an upgrade or repair (*.db)"),
    )
    return Path(name) if name else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


# -- running ---------------------------------------------------------------------------------


def run_task(
    parent: QWidget, label: str, work: Callable[[], T], on_success: Callable[[T], None]
) -> BackgroundTask:
    """Run `work()` in the background; `on_success(result)` on the GUI thread, a refusal in a
    warning box titled `label`."""
    task = BackgroundTask(parent, label, work)
    RUNNING.append(task)
    task.succeeded.connect(on_success)
    task.failed.connect(lambda message: warn(parent, label.rstrip("…"), message))
    task.finished.connect(lambda: RUNNING.remove(task))
    task.start()
    return task


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


# -- File > Back up… -------------------------------------------------------------------------


def back_up(context: AreaContext) -> None:
    window, db = context.window, context.db
    if db.path is None:
        warn(window, "Back up", "A team database on a server is backed up on the server.")
        return
    target = ask_backup_file(window, _documents() / backup_name(db.path, "manual"))
    if target is None:
        return
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    source = db.path

    def done(info: BackupInfo) -> None:
        contacts = info.manifest.tables.get("contacts", 0)
        size = info.path.stat().st_size / 1e6
        message = f"Backed up {contacts:,} contacts to {info.path} ({size:.1f} MB)."
        window.statusBar().showMessage(message, 10_000)
        inform(window, "Back up", message)

    run_task(window, window.tr("Backing up…"), lambda: create_backup(source, target), done)


# -- File > Restore… -------------------------------------------------------------------------


def restore(context: AreaContext, backup: Path | None = None) -> None:
    """Ask for a backup (unless given), confirm, and replace the database with it."""
    window, db = context.window, context.db
    if db.path is None:
        warn(window, "Restore", "A team database on a server is restored on the server.")
        return
    from desktop.store.backup import backups_dir

    chosen = backup or ask_restore_file(window, backups_dir())
    if chosen is None:
        return
    try:
        manifest = read_manifest(chosen)
    except RapportError as error:
        warn(window, "Restore", str(error))
        return
    contacts = manifest.tables.get("contacts", 0)
    when = local_date_time(manifest.created_at)
    question = (
        f"Replace the database with the backup of {when} ({contacts:,} contacts)?\n\n"
        "The backup is checked first; the database as it is now is kept beside it."
    )
    if not confirm(window, "Restore", question):
        return
    live = db.path
    was_readonly = db.readonly
    window.finish_background_work()
    db.close()  # the file is replaced underneath every pooled connection

    def done(result: RestoreResult) -> None:
        kept = f"\nThe database as it was is kept as {result.previous}." if result.previous else ""
        if was_readonly:
            inform(window, "Restore", f"Restored the backup of {when}. Rapport restarts now.{kept}")
            _restart()
            return
        context.undo_stack.clear()  # undo steps refer to records of the replaced database
        context.bus.changed.emit(Changes.everything())
        inform(window, "Restore", f"Restored the backup of {when} ({contacts:,} contacts).{kept}")

    run_task(
        window,
        window.tr("Checking and restoring the backup…"),
        lambda: restore_backup(chosen, live),
        done,
    )


def _restart() -> None:
    """Start a new Rapport on the same arguments and quit this one (read-only no more)."""
    # Frozen, the executable is Rapport itself; else it is Python and argv[0] the script.
    arguments = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
    QProcess.startDetached(sys.executable, arguments)
    app = QApplication.instance()
    if app is not None:
        app.quit()


# -- Tools > Check database… -----------------------------------------------------------------


def check_database(context: AreaContext) -> None:
    window, db = context.window, context.db

    def work() -> CheckReport:
        if db.path is not None:
            return check_file(db.path)
        with db.transaction() as conn:
            return check_server(conn, db.label)

    def done(report: CheckReport) -> None:
        text = "\n".join(report.summary_lines())
        if report.ok:
            inform(window, "Check database", text)
        elif not db.readonly and confirm(
            window, "Check database", f"{text}\n\nRepair now? A backup is taken first."
        ):
            repair(context)

    run_task(window, window.tr("Checking the database…"), work, done)


def repair(context: AreaContext) -> None:
    window, db = context.window, context.db

    def work() -> CheckReport:
        return repair_file(db.path) if db.path is not None else repair_database(db)

    def done(report: CheckReport) -> None:
        context.undo_stack.clear()  # undo steps may refer to rows as they were
        context.bus.changed.emit(Changes.everything())
        show = inform if report.ok else warn
        show(window, "Repair database", "\n".join(report.summary_lines()))

    if db.path is not None:
        window.finish_background_work()
        db.close()  # a rebuilt file replaces this one: no pooled connection may hold it
    run_task(window, window.tr("Repairing the database…"), work, done)


# -- Tools > Automatic backups… --------------------------------------------------------------


def backup_settings(context: AreaContext) -> None:
    """How many backups of each kind to keep and for how long, showing the room they take;
    the new rule is applied at once, so the room it frees shows in the status bar."""
    from desktop.store.backup import backups_dir
    from desktop.store.retention import prune, usage

    window, db = context.window, context.db
    if db.path is None:
        warn(window, "Automatic backups", "A team database on a server is backed up there.")
        return
    rule = retention_of(window.settings)
    chosen = BackupSettingsDialog.ask(window, rule, usage_text(usage(db.path), backups_dir()))
    if chosen is None:
        return
    store_retention(window.settings, chosen)
    removed = prune(db.path, chosen)
    message = window.tr("The last {} daily backups will be kept.").format(chosen.daily)
    if removed:
        freed = megabytes(sum(copy.size for copy in removed))
        message += " " + window.tr("{} older backups deleted ({} freed).").format(
            len(removed), freed
        )
    window.statusBar().showMessage(message, 10_000)
