"""The one app-level "data changed" signal (STYLE habit 4).

The main window owns one bus and hands it to every area. Whoever changes data announces a
`Changes`; every model listening decides for itself whether to refresh. No screen reaches into
another.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.services.changes import Changes


class ChangeBus(QObject):
    """Carries `Changes` values from whoever changed data to whoever shows it."""

    #: emitted with a non-empty `Changes`
    changed = Signal(object)

    def announce(self, changes: Changes) -> None:
        """Broadcast `changes`; an empty one is dropped so listeners never refresh for nothing."""
        if changes:
            self.changed.emit(changes)
