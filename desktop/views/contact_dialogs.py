"""The questions the contacts screen asks, in one place that tests replace.

Every modal question goes through a classmethod of `Ask`; a test monkeypatches the one it
expects (`monkeypatch.setattr(Ask, "confirm_delete", ...)`) instead of clicking a real dialog.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop.services.contact_duplicates import DuplicateMatch


class DuplicateChoice(Enum):
    OPEN_EXISTING = "open"
    SAVE_ANYWAY = "save"
    CANCEL = "cancel"


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Ask:
    @classmethod
    def confirm_delete(cls, parent: QWidget, names: list[str], count: int) -> bool:
        """`names` of the first few of `count` contacts."""
        more = count - len(names)
        shown = ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
        answer = QMessageBox.question(
            parent,
            parent.tr("Delete contacts"),
            parent.tr("Delete {}?\n\nEdit > Undo brings them back.").format(shown),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def duplicate(cls, parent: QWidget, matches: list[DuplicateMatch]) -> DuplicateChoice:
        lines = "\n".join(
            f"• {m.crm_number} {m.display_name} ({m.company or '-'}): {m.reason}"
            for m in matches[:5]
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            parent.tr("Possible duplicate"),
            parent.tr("This contact may already exist:\n\n{}").format(lines),
            parent=parent,
        )
        open_button = box.addButton(parent.tr("Open existing"), QMessageBox.ButtonRole.AcceptRole)
        save_button = box.addButton(
            parent.tr("Save anyway"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is open_button:
            return DuplicateChoice.OPEN_EXISTING
        if box.clickedButton() is save_button:
            return DuplicateChoice.SAVE_ANYWAY
        return DuplicateChoice.CANCEL

    @classmethod
    def unsaved(cls, parent: QWidget, name: str) -> UnsavedChoice:
        answer = QMessageBox.question(
            parent,
            parent.tr("Unsaved changes"),
            parent.tr("Save the changes to {}?").format(name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return UnsavedChoice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL

    @classmethod
    def name(cls, parent: QWidget, title: str, label: str, existing: list[str]) -> str | None:
        """A group or tag name: one of `existing` or a new one; None when cancelled."""
        text, ok = QInputDialog.getItem(parent, title, label, existing, 0, True)
        return text.strip() or None if ok else None

    @classmethod
    def inform(cls, parent: QWidget, message: str) -> None:
        QMessageBox.warning(parent, "Rapport", message)
