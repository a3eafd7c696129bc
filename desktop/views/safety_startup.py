"""Opening the database for the window with care, and closing it with a backup.

Before the window is built: a quick check of the file (seconds even at a million contacts);
an instance lock beside it (`rapport.db.lock`, a QLockFile that knows a crashed owner by its
dead PID); and a look at where it lives. A database that fails the check, or that another
Rapport window already has open, is opened read-only: two windows writing one file through
SQLite would not corrupt it, but each would silently overwrite the other's edits of the same
card, so the second one may look but not change, and says so. A banner tells the user why,
and for a damaged file offers the newest backup.

When the window closes, the day's automatic backup is taken (at most one a day, the last N
kept; N from the settings) and the lock released.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QProgressDialog
from sqlalchemy.exc import DBAPIError

from desktop.errors import RapportError
from desktop.models.formats import local_date_time
from desktop.services.erasure import finish_pending_erasure
from desktop.store.backup import BackupInfo, file_of, list_backups
from desktop.store.database import Database, open_database
from desktop.store.integrity import quick_check
from desktop.store.location import location_warning
from desktop.store.readonly_mode import make_read_only
from desktop.store.retention import automatic_backup
from desktop.views import safety_actions
from desktop.views.background_task import BackgroundTask
from desktop.views.safety_backup_settings import retention_of
from desktop.views.safety_banner import BannerKind, SafetyBanner, show_banner

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings


# Up to this size the quick check runs before the window is built (a quarter of a second);
# beyond it, in the background, so that a million contacts still open within a second.
SYNC_CHECK_BYTES = 256 * 1024 * 1024
BACKGROUND_CHECK_DELAY_MS = 2000


@dataclass(frozen=True)
class Notice:
    kind: BannerKind
    text: str
    #: for a damaged database: the newest backup of it, offered for restore
    backup: Path | None = None


@dataclass
class OpenedDatabase:
    db: Database
    notices: list[Notice] = field(default_factory=list)
    lock: QLockFile | None = None
    #: too big to check before the window shows (the quick check reads every page)
    check_in_background: bool = False

    @property
    def damaged(self) -> bool:
        """The file failed its start-up check: the window shows no areas (their queries would
        fail on the damaged pages), only the banner and the menus to check and restore."""
        return any(notice.kind == BannerKind.DAMAGED for notice in self.notices)


def _newest_backup(path: Path) -> BackupInfo | None:
    # A backup taken before a repair holds the damage; it is no way back.
    usable = [i for i in list_backups(source=path) if "-before-repair-" not in i.path.name]
    return usable[0] if usable else None


def _lock(path: Path) -> tuple[QLockFile | None, Notice | None]:
    lock = QLockFile(f"{path}.lock")
    lock.setStaleLockTime(0)  # never stale by age: only when its owner's process is gone
    if lock.tryLock(0):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        # The lock file cannot be made (read-only folder): nobody else could have made one.
        return None, None
    info = lock.getLockInfo()  # (pid, host, application); not a tuple when unreadable
    pid, host = (info[0], info[1]) if isinstance(info, tuple) else ("?", "")
    text = (
        f"Rapport already has this database open in another window (process {pid} on "
        f"{host or 'this computer'}). This window is read-only so that neither overwrites the "
        "other's changes; close the other window and reopen to edit here."
    )
    return None, Notice(BannerKind.READONLY, text)


def damaged_notice(path: Path, problem: str) -> Notice:
    """The banner for a file that failed a check, offering its newest backup."""
    newest = _newest_backup(path)
    offer = (
        f" The newest backup is from {local_date_time(newest.manifest.created_at)}."
        if newest
        else " No backup of it was found."
    )
    first = next((line for line in problem.splitlines() if "***" not in line), problem)
    text = (
        f"This database is damaged: its start-up check found problems ({first}). It is open "
        f"read-only so that nothing makes it worse.{offer}"
    )
    return Notice(BannerKind.DAMAGED, text, newest.path if newest else None)


def open_for_window(target: str | Path | None) -> OpenedDatabase:
    """Open the database the window will show, with the notices its banners should give.
    RapportError when it cannot be opened at all."""
    path = file_of(None if target is None else str(target))
    if path is None:  # a server: its own locking and checks
        return OpenedDatabase(open_database(str(target)))
    notices: list[Notice] = []
    readonly = False
    deferred = False
    if path.is_file() and path.stat().st_size > 0:
        if path.stat().st_size > SYNC_CHECK_BYTES:
            deferred = True  # checked in the background once the window shows
        elif problems := quick_check(path):
            notices.append(damaged_notice(path, problems[0]))
            readonly = True
    lock, busy = _lock(path)
    if busy is not None:
        notices.append(busy)
        readonly = True
    elif not readonly:
        # An erasure that readers kept from wiping the file is finished now, first thing.
        finish_pending_erasure(path)
    try:
        db = _open_telling_of_upgrade(path, readonly)
    except RapportError:
        if lock is not None:
            lock.unlock()
        raise
    if db.readonly and not readonly:
        notices.append(
            Notice(
                BannerKind.READONLY,
                "This database file cannot be written (no permission, or read-only media): "
                "you can look at everything but change nothing.",
            )
        )
    warning = location_warning(path)
    if warning:
        notices.append(Notice(BannerKind.WARNING, warning))
    return OpenedDatabase(db, notices, lock, check_in_background=deferred)


def _open_telling_of_upgrade(path: Path, readonly: bool) -> Database:
    """open_database on a plain thread while the GUI thread keeps painting, so that the upgrade
    of an older database (a backup copy, then the migrations: a minute at a million contacts)
    shows a busy dialog saying why, instead of a program that seems not to start."""
    upgrading = threading.Event()
    outcome: list[Database | BaseException] = []

    def work() -> None:
        try:
            outcome.append(
                open_database(path, readonly=readonly, upgrading=lambda _rev: upgrading.set())
            )
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome.append(exc)

    worker = threading.Thread(target=work, name="open-database")
    worker.start()
    dialog: QProgressDialog | None = None
    while worker.is_alive():
        worker.join(0.05)
        if upgrading.is_set() and dialog is None:
            dialog = QProgressDialog(
                f"Updating {path.name} for this version of Rapport. A copy of it as it was is "
                "kept in the backups folder beside it.",
                "",
                0,
                0,
            )
            dialog.setObjectName("upgrade_progress")
            dialog.setWindowTitle("Rapport")
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.show()
        QApplication.processEvents()
    if dialog is not None:
        dialog.close()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class SafetyGuard(QObject):
    """Lives on the window: shows the banners, runs the deferred start-up check, and on
    close takes the day's backup and releases the instance lock."""

    def __init__(self, window: MainWindow, opened: OpenedDatabase) -> None:
        super().__init__(window)
        self.setObjectName("safety_guard")
        self._window = window
        self._opened = opened
        self.banners: list[SafetyBanner] = []
        self.last_backup: BackupInfo | None = None
        self.check_task: BackgroundTask | None = None
        self._closed = False
        for notice in opened.notices:
            self._show(notice)
        window.installEventFilter(self)
        path = opened.db.path
        if opened.check_in_background and path is not None:
            self.check_task = BackgroundTask(window, None, lambda: quick_check(path))
            self.check_task.succeeded.connect(self._on_check_succeeded)
            # After the first paint and the user's first look: the check reads every page.
            QTimer.singleShot(BACKGROUND_CHECK_DELAY_MS, self.check_task.start)

    def _show(self, notice: Notice) -> None:
        action = None
        if notice.backup is not None:
            backup = notice.backup
            action = (
                self._window.tr("Restore newest backup…"),
                lambda: safety_actions.restore(self._window.context(), backup),
            )
        banner = SafetyBanner(notice.kind, notice.text, self._window, action)
        self.banners.append(show_banner(self._window, banner))

    @Slot(object)
    def _on_check_succeeded(self, problems: tuple[str, ...]) -> None:
        db = self._opened.db
        if not problems or db.path is None or self._opened.damaged:
            return
        make_read_only(db)
        notice = damaged_notice(db.path, problems[0])
        self._opened.notices.insert(0, notice)
        self._show(notice)
        title = self._window.windowTitle()
        if "read-only" not in title:
            self._window.setWindowTitle(f"{title} [{self._window.tr('read-only')}]")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Hide, not Close: a close the window refuses (unsaved changes, Cancel) never hides
        # it, and a minimised window's hide is spontaneous.
        hidden = event.type() == QEvent.Type.Hide and not event.spontaneous()
        if watched is self._window and hidden:
            self.window_closed()
        return False

    def window_closed(self) -> None:
        """Take the day's automatic backup and release the instance lock (once)."""
        if self._closed:
            return
        self._closed = True
        if self.check_task is not None:
            self.check_task.wait()
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            rule = retention_of(self._window.settings)
            self.last_backup = automatic_backup(self._opened.db, rule)
        except RapportError as error:
            # A failed backup must not keep the user from closing; say so and go on.
            safety_actions.warn(self._window, "Automatic backup", str(error))
        finally:
            QGuiApplication.restoreOverrideCursor()
            if self._opened.lock is not None:
                self._opened.lock.unlock()
                self._opened.lock = None


def build_window(opened: OpenedDatabase, settings: Settings) -> MainWindow:
    """The main window on the opened database, guarded. A damaged file shows no areas; one
    whose damage the quick check missed (or did not run yet) is found by the areas' first
    queries, and the window is built again without them, read-only, with the banner."""
    from desktop.views.main_window import MainWindow

    before = set(QApplication.topLevelWidgets())
    try:
        window = MainWindow(opened.db, settings, areas=[] if opened.damaged else None)
    except (RapportError, DBAPIError) as error:
        if opened.db.path is None:
            raise
        orphans = set(QApplication.topLevelWidgets()) - before
        make_read_only(opened.db)
        opened.notices.insert(0, damaged_notice(opened.db.path, str(error).splitlines()[0]))
        opened.check_in_background = False  # the damage is known already
        window = MainWindow(opened.db, settings, areas=[])
        # The half-built window and the area it was building have timers pending that must
        # find them alive; hidden children of the new window, they are deleted with it.
        for orphan in orphans:
            orphan.hide()
            orphan.setParent(window, orphan.windowFlags())
    SafetyGuard(window, opened)
    return window
