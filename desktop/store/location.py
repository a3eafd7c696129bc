"""Is the database somewhere safe: private to the user, and not where a sync client or a
network can damage it?

Customer data must not be readable by other accounts on a shared Mac or Linux machine. One
mechanism covers what Rapport writes: the process umask 0o077 (set first thing by the command
line and the window, inherited by their worker processes), so every file is created 0600 and
every folder 0700, whichever library writes it. What an older version or another program left
open (the data folder, backups, a database and the -wal/-shm SQLite gives the database's own
mode) is closed on start by make_private; it only ever takes permissions away.

SQLite's locking assumes one local disk. A sync client (OneDrive, Dropbox, iCloud Drive, Google
Drive) copies the file and its -wal separately while Rapport writes, which leaves a database
missing committed changes, or conflicting copies; network file systems (SMB/CIFS, NFS, UNC
shares) often honour locks badly. Such a location is worth a warning, never a refusal: the
user may know what they are doing.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

# Folder names the sync clients create, compared case-insensitively as whole path parts.
_CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
}
# Part prefixes: "OneDrive - Contoso", "Dropbox (Personal)", "GoogleDrive-anna@example.com".
_CLOUD_PREFIXES = {
    "onedrive -": "OneDrive",
    "onedrive-": "OneDrive",
    "dropbox (": "Dropbox",
    "dropbox-": "Dropbox",
    "googledrive-": "Google Drive",
}
_NETWORK_FILESYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "ncpfs", "fuse.sshfs", "davfs", "9p"}
)
_DRIVE_REMOTE = 4  # GetDriveTypeW
#: group and others: no access to anything Rapport writes
_PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Files created from now on by this process and its children are the user's alone.
    Windows keeps access in ACLs (the profile folder is already private): nothing to do."""
    if sys.platform != "win32":
        os.umask(_PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """Take group's and others' access away from `path` (a file or a folder), leaving the
    owner's as it is: a read-only file stays read-only. A path that is missing, or that
    belongs to someone else, is left alone (only its owner may change it)."""
    if sys.platform == "win32":
        return
    try:
        info = path.stat(follow_symlinks=False)
        # a sticky folder is a shared one (/tmp): closing it would break other programs
        shared = info.st_mode & stat.S_ISVTX or info.st_uid != os.getuid()
        if info.st_mode & _PRIVATE_UMASK and not stat.S_ISLNK(info.st_mode) and not shared:
            path.chmod(stat.S_IMODE(info.st_mode) & ~_PRIVATE_UMASK)
    except (OSError, ValueError):  # ValueError: a name no file can have (a NUL in it)
        pass


def make_database_private(path: Path) -> None:
    """make_private for an SQLite database and the -wal and -shm beside it: SQLite gives
    these the database's own mode, so a database left 0644 would keep making them 0644."""
    for private in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        make_private(private)


def keep_data_private(database: str | None = None) -> None:
    """At the start of the command line and the window: what this process writes from now on
    is private, and the data folder with all it holds is closed to other accounts, and so is
    `database` (--db) when it names a file elsewhere (a restore keeps the old file under a new
    name without opening it)."""
    private_umask()
    from desktop.store.database import data_dir  # SQLAlchemy: only once a command runs

    make_folder_private(data_dir())
    if database and "://" not in database:
        make_database_private(Path(database))


def make_folder_private(folder: Path) -> None:
    """make_private for `folder`, its subfolders and every file in them (the data folder:
    the database, backups, before-import and before-restore copies). Symbolic links are not
    followed: where they point is not Rapport's."""
    if not folder.is_dir() or folder.is_symlink() or folder.stat().st_mode & stat.S_ISVTX:
        return  # RAPPORT_DATA_DIR may name a shared folder such as /tmp: not ours to close
    if folder.resolve() in (Path.home().resolve(), Path(folder.resolve().anchor)):
        return  # nor the home folder or a disk's root, with everything else in them
    make_private(folder)
    for root, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            make_private(Path(root, name))


def cloud_service(path: Path | str) -> str | None:
    """The sync service whose folder holds `path`, or None."""
    text = str(path).replace("\\", "/")
    for part in (p.casefold() for p in text.split("/") if p):
        if part in _CLOUD_FOLDERS:
            return _CLOUD_FOLDERS[part]
        for prefix, service in _CLOUD_PREFIXES.items():
            if part.startswith(prefix):
                return service
    return None


def _mount_type(path: Path, mounts: str) -> str | None:
    """File system type of the longest mount point containing `path`, from /proc/mounts text."""
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def _windows_remote_drive(path: Path) -> bool:
    import ctypes

    root = f"{path.drive}\\"
    kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 (Windows only; mypy on Linux)
    return bool(path.drive) and kernel32.GetDriveTypeW(root) == _DRIVE_REMOTE


def network_share(path: Path | str, mounts: str | None = None) -> str | None:
    """A description of the network file system holding `path`, or None for a local disk.
    `mounts` is /proc/mounts' text (read when None, on Linux)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "a network share"
    resolved = Path(text)
    if sys.platform == "win32":
        return "a network drive" if _windows_remote_drive(resolved) else None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    kind = _mount_type(resolved, mounts)
    return f"a network file system ({kind})" if kind in _NETWORK_FILESYSTEMS else None


def location_warning(path: Path | str, mounts: str | None = None) -> str | None:
    """One paragraph for the user when the database lives in a synced or network folder."""
    service = cloud_service(path)
    where = f"a {service} folder" if service else network_share(path, mounts)
    if where is None:
        return None
    return (
        f"This database is in {where} ({os.fspath(path)}). Sync and network folders can copy "
        "the file while Rapport writes it, which loses changes or corrupts the database. Keep "
        "it on this computer (Rapport's data folder) and put backups (File > Back up) in the "
        "synced folder instead."
    )
