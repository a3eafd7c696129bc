"""Dialogs as wide as their title: a window manager cuts a title that does not fit its title
bar in the middle ('Complete: Week…eting'), so a dialog whose title carries a subject, a name
or a file asks for the width the title needs.

Qt cannot read the title bar's font; the application's font in bold, plus room for the icon
and the three buttons, is close on Windows, macOS and the common Linux desktops.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QWidget

#: the title bar's icon and its minimise / maximise / close buttons
_BAR_EXTRAS = 150


def title_width(title: str) -> int:
    """Pixels a title bar needs to show `title` whole."""
    font = QFont(QGuiApplication.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(title) + _BAR_EXTRAS


def keep_title_whole(dialog: QWidget) -> None:
    """Widen the dialog's minimum to its title, never past nine tenths of the screen (a title
    longer than that is cut, but the dialog still fits)."""
    wanted = title_width(dialog.windowTitle())
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        wanted = min(wanted, screen.availableGeometry().width() * 9 // 10)
    dialog.setMinimumWidth(max(dialog.minimumWidth(), wanted))
