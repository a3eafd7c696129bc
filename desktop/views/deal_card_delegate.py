"""Draws a deal as a card in a board column: one delegate paints every card, so ten thousand
deals cost ten thousand paint calls for the visible ones only, never ten thousand widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models.deal_columns import Role
from desktop.models.formats import money, short_date

_STRIP = {"open": QColor("#2f80ed"), "won": QColor("#27ae60"), "lost": QColor("#9b9b9b")}
_OVERDUE = QColor("#c0392b")
_MARGIN = 4
_PADDING = 8


class DealCardDelegate(QStyledItemDelegate):
    """Title, contact or company, amount, expected close and days in stage."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).height()  # type: ignore[attr-defined]
        return QSize(200, 3 * line + line + 2 * (_MARGIN + _PADDING) + 6)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect.adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        status = index.data(Role.STATUS) or "open"

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = palette.color(QPalette.ColorRole.Base)
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight).lighter(185)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_STRIP.get(status, _STRIP["open"]))
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), 4, rect.height()), 2, 2)

        inner = rect.adjusted(_PADDING + 2, _PADDING - 2, -_PADDING, -_PADDING)
        base_font = QFont(option.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(base_font)
        line = metrics.height()
        text_color = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)

        title_font = QFont(base_font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = QFontMetrics(title_font).elidedText(
            index.data() or "", Qt.TextElideMode.ElideRight, inner.width()
        )
        painter.drawText(inner.left(), inner.top() + metrics.ascent(), title)

        painter.setFont(base_font)
        painter.setPen(quiet)
        party = metrics.elidedText(
            index.data(Role.PARTY) or "—", Qt.TextElideMode.ElideRight, inner.width()
        )
        painter.drawText(inner.left(), inner.top() + line + metrics.ascent(), party)

        third = QRect(inner.left(), inner.top() + 2 * line + 3, inner.width(), line)
        painter.setFont(title_font)
        painter.setPen(text_color)
        amount = money(index.data(Role.AMOUNT_CENTS) or 0, index.data(Role.CURRENCY) or "", 0)
        painter.drawText(third, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, amount)

        painter.setFont(base_font)
        close: date | None = index.data(Role.EXPECTED_CLOSE)
        overdue = status == "open" and close is not None and close < date.today()
        painter.setPen(_OVERDUE if overdue else quiet)
        close_text = short_date(close) if close else "no close date"
        painter.drawText(
            third, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, close_text
        )

        fourth = QRect(inner.left(), third.bottom() + 1, inner.width(), line)
        painter.setPen(quiet)
        if status == "open":
            days = index.data(Role.DAYS_IN_STAGE) or 0
            stay = "1 day in stage" if days == 1 else f"{days} days in stage"
        else:
            stay = status.capitalize()
        painter.drawText(fourth, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, stay)
        painter.restore()
