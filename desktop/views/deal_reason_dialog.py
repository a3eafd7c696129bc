"""Why a deal was won or lost: one click on a reason from the user's own list (kept in
Preferences), or 'Other' with the reason typed.

The deal stores the reason's text, as before this list existed, not a code: the reasons are the
user's own words (they may rename or drop one), a deal closed last year keeps the reason it was
given, and the history item and pipeline report print it as it stands.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class DealReasonDialog(QDialog):
    def __init__(
        self, status: str, titles: list[str], reasons: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deal_reason_dialog")
        won = status == "won"
        self.setWindowTitle(self.tr("Deal won") if won else self.tr("Deal lost"))
        self.setMinimumWidth(360)  # the question above wraps instead of widening it
        what = ", ".join(titles[:3]) + (" …" if len(titles) > 3 else "")
        question = self.tr("Why was {} won?") if won else self.tr("Why was {} lost?")
        heading = QLabel(question.format(what), wordWrap=True)
        self._group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        for reason in reasons:
            button = QRadioButton(reason)
            self._group.addButton(button)
            self.choices.append(button)
        self.other = QRadioButton(self.tr("Other:"), objectName="other")
        self._group.addButton(self.other)
        self.other_text = QLineEdit(objectName="other_text")
        self.other_text.setPlaceholderText(self.tr("the reason in your words"))
        hint = QLabel(self.tr("Edit this list in Edit > Preferences."), objectName="hint")
        hint.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(self.ok_button, QPushButton)
        self.ok_button.setEnabled(False)  # no reason is guessed: the user picks one
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        for button in self.choices:
            layout.addWidget(button)
        layout.addWidget(self.other)
        layout.addWidget(self.other_text)
        layout.addWidget(hint)
        layout.addWidget(buttons)

        self._group.buttonToggled.connect(self._on_choice_toggled)
        self.other_text.textEdited.connect(self._on_other_text_edited)
        if not reasons:
            self.other.setChecked(True)

    def reason(self) -> str:
        """The chosen reason's text, or what was typed under Other ('' if nothing)."""
        checked = self._group.checkedButton()
        if checked is self.other:
            return self.other_text.text().strip()
        return checked.text() if checked is not None else ""

    @classmethod
    def ask(cls, parent: QWidget, status: str, titles: list[str], reasons: list[str]) -> str | None:
        """The reason, or None when the user cancels (tests replace this)."""
        dialog = cls(status, titles, reasons, parent)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @Slot()
    def _on_choice_toggled(self) -> None:
        self.ok_button.setEnabled(self._group.checkedButton() is not None)
        if self.other.isChecked():
            self.other_text.setFocus()

    @Slot(str)
    def _on_other_text_edited(self, _text: str) -> None:
        self.other.setChecked(True)
