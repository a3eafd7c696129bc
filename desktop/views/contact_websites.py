"""A contact's websites on the card: typed one a line, each shown underneath as a link that
opens the browser.

Only http and https addresses become links. The text may come from an imported vCard or
spreadsheet, and a 'javascript:' or 'file:' URL handed to the desktop would run or open
something on the user's computer instead of showing a web page.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from desktop.views.field_message import stack_under

_WEB_SCHEMES = ("http", "https")
#: lines of text the edit shows before it scrolls (most contacts have one or two sites)
_VISIBLE_LINES = 2


def open_link(url: QUrl) -> bool:
    """Hand a web address to the user's browser; tests replace this."""
    return QDesktopServices.openUrl(url)


def web_url(text: str) -> QUrl | None:
    """The web address a typed line means ('acme.com' is https://acme.com), None when it is
    not a web address."""
    text = text.strip()
    if not text:
        return None
    url = QUrl(text if "://" in text else f"https://{text}", QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in _WEB_SCHEMES or not url.host():
        return None
    return url


class WebsitesField(QWidget):
    """The multi-line edit and its row of links."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("website")
        self.edit.setPlaceholderText(self.tr("one a line, e.g. www.example.com"))
        self.edit.setTabChangesFocus(True)
        lines = self.edit.fontMetrics().lineSpacing() * _VISIBLE_LINES
        margins = self.edit.contentsMargins()
        frame = 2 * (self.edit.frameWidth() + int(self.edit.document().documentMargin()))
        self.edit.setFixedHeight(lines + frame + margins.top() + margins.bottom())
        self.links = QLabel()
        self.links.setObjectName("website_links")
        self.links.setWordWrap(True)
        self.links.setToolTip(self.tr("Click to open in your browser"))
        self.links.linkActivated.connect(self._on_link_activated)
        self.links.hide()
        stack_under(self, self.edit, self.links)
        self.edit.textChanged.connect(self._on_text_changed)

    def text(self) -> str:
        """The addresses one a line, without blank lines or surrounding spaces."""
        lines = (line.strip() for line in self.edit.toPlainText().splitlines())
        return "\n".join(line for line in lines if line)

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def _on_text_changed(self) -> None:
        anchors = []
        for line in self.text().splitlines():
            url = web_url(line)
            if url is not None:
                href = html.escape(url.toString(), quote=True)
                anchors.append(f'<a href="{href}">{html.escape(line)}</a>')
        self.links.setText(" · ".join(anchors))
        self.links.setVisible(bool(anchors))
        self.changed.emit()

    def _on_link_activated(self, link: str) -> None:
        open_link(QUrl(link))
