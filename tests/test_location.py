"""A database in a synced or network folder gets a warning naming the service; a local one
does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.store.location import cloud_service, location_warning, network_share

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//nas/sales /mnt/sales cifs rw,vers=3.0 0 0
nas:/export /srv/team nfs4 rw 0 0
/dev/sdb1 /mnt/sales/local ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "service"),
    [
        (r"C:\Users\anna\OneDrive\Rapport\rapport.db", "OneDrive"),
        (r"C:\Users\anna\OneDrive - Contoso GmbH\crm.db", "OneDrive"),
        ("/Users/anna/Dropbox/crm/rapport.db", "Dropbox"),
        ("/Users/anna/Dropbox (Personal)/rapport.db", "Dropbox"),
        ("/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/rapport.db", "iCloud Drive"),
        (
            "/Users/anna/Library/CloudStorage/GoogleDrive-anna@example.com/My Drive/r.db",
            "Google Drive",
        ),
        (r"G:\My Drive\rapport.db", "Google Drive"),
        ("/home/anna/.local/share/Rapport/rapport.db", None),
        ("/home/anna/dropboxes-of-2024/rapport.db", None),
    ],
)
def test_sync_folders_are_recognised(path: str, service: str | None) -> None:
    assert cloud_service(path) == service


def test_network_shares_are_recognised() -> None:
    assert network_share(r"\\fileserver\sales\rapport.db") == "a network share"
    assert network_share("/mnt/sales/rapport.db", MOUNTS) == "a network file system (cifs)"
    assert network_share("/srv/team/x/rapport.db", MOUNTS) == "a network file system (nfs4)"
    # a local disk mounted inside the share's folder is local
    assert network_share("/mnt/sales/local/rapport.db", MOUNTS) is None
    assert network_share("/home/anna/rapport.db", MOUNTS) is None


def test_warning_names_the_place_and_what_to_do(tmp_path: Path) -> None:
    warning = location_warning(r"C:\Users\anna\OneDrive\rapport.db", MOUNTS)
    assert warning is not None
    assert "in a OneDrive folder" in warning and "File > Back up" in warning
    assert "network file system (cifs)" in (location_warning("/mnt/sales/r.db", MOUNTS) or "")
    assert location_warning(tmp_path / "rapport.db") is None  # this machine's own disk
