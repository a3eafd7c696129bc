"""Tools > Automatic backups…: how many backups of each kind are kept, for how long, and how
much room the kept ones take now.

The rule itself (desktop.store.retention) is plain Python; this module reads it from and
writes it to the settings, and shows it as one small dialog. `BackupSettingsDialog.ask` is
what tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.store.retention import Retention, Usage
from desktop.views.settings import Settings

_KIND_WORDS = {
    "auto": "daily",
    "before-import": "before an import",
    "before-repair": "before a repair",
    "before-restore": "before a restore",
    "before-upgrade": "before an upgrade",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupSettingsDialog", text)


def retention_of(settings: Settings) -> Retention:
    """The retention rule as the user set it (at least one of each kind, one day)."""
    return Retention(
        daily=max(1, settings.backups_to_keep),
        others=max(1, settings.other_backups_to_keep),
        max_age_days=max(1, settings.backups_max_age_days),
    )


def store_retention(settings: Settings, rule: Retention) -> None:
    settings.backups_to_keep = rule.daily
    settings.other_backups_to_keep = rule.others
    settings.backups_max_age_days = rule.max_age_days


def megabytes(size: int) -> str:
    return _tr("{} MB").format(f"{size / 1e6:,.1f}")


def usage_text(usage: Usage, folder: Path) -> str:
    """'Backups of this database take 245.3 MB (12 files) in <folder>', then per kind."""
    lines = [
        _tr("Backups of this database take {} ({} files) in\n{}").format(
            megabytes(usage.bytes), usage.files, folder
        )
    ]
    for kind, size in sorted(usage.by_kind.items(), key=lambda item: -item[1]):
        words = _tr(_KIND_WORDS.get(kind, kind))
        lines.append(_tr("  {}: {}").format(words, megabytes(size)))
    return "\n".join(lines)


def _spin(minimum: int, maximum: int, value: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(minimum, maximum)
    spin.setValue(value)
    return spin


class BackupSettingsDialog(QDialog):
    """Three numbers of the retention rule, and the room the backups take."""

    def __init__(self, parent: QWidget | None, rule: Retention, usage: str) -> None:
        super().__init__(parent)
        self.setObjectName("backup_settings")
        self.setWindowTitle(self.tr("Automatic backups"))
        self.daily = _spin(1, 365, rule.daily, "daily_to_keep")
        self.others = _spin(1, 100, rule.others, "others_to_keep")
        self.max_age = _spin(1, 3650, rule.max_age_days, "max_age_days")
        self.max_age.setSuffix(self.tr(" days"))
        intro = QLabel(
            self.tr(
                "Rapport backs the database up once a day when it closes, and before every "
                "import, repair, restore and upgrade."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Daily backups to keep:"), self.daily)
        form.addRow(self.tr("Backups before an import, a repair, …, of each kind:"), self.others)
        form.addRow(self.tr("Delete backups older than:"), self.max_age)
        note = QLabel(
            self.tr(
                "The newest backup of each kind (daily, before an import, a repair, a restore, "
                "an upgrade) is always kept. Backups you save elsewhere with File > Back up "
                "are yours and never deleted."
            )
        )
        note.setWordWrap(True)
        self.space = QLabel(usage)
        self.space.setObjectName("backup_space")
        self.space.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.space)
        layout.addWidget(buttons)

    def rule(self) -> Retention:
        return Retention(self.daily.value(), self.others.value(), self.max_age.value())

    @classmethod
    def ask(cls, parent: QWidget, rule: Retention, usage: str) -> Retention | None:
        dialog = cls(parent, rule, usage)
        return dialog.rule() if dialog.exec() == QDialog.DialogCode.Accepted else None
