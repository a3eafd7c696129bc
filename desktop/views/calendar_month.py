"""The month: six weeks of day cells, each listing its activities as one line apiece and
'+N more' when they do not fit. Painted in one widget; a double-click on a day opens it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QLocale, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desktop.models.calendar_model import CalendarModel, label
from desktop.models.formats import time_of_day
from desktop.views.calendar_layout import Span, rows_by_day

WEEKS = 6
HEADING = 22
LINE = 17


class MonthView(QWidget):
    occurrence_activated = Signal(int)
    context_requested = Signal(int, QPoint)
    #: a double-click on a day's empty space or its number
    day_activated = Signal(object)

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.first_day = date.today()
        self.month = date.today().month
        self.today = date.today()
        self._cells: list[list[int]] = [[] for _ in range(WEEKS * 7)]
        self._stale = True
        self.setMinimumSize(420, 360)
        model.modelReset.connect(self._on_model_reset)

    def set_month(self, first_day: date, month: int, today: date) -> None:
        """first_day: the day the grid starts on (the week's first); month: the month shown
        in full."""
        self.first_day, self.month, self.today = first_day, month, today
        self._on_model_reset()

    def _on_model_reset(self) -> None:
        # Laid out when next painted or asked: a hidden view costs nothing on a reload.
        self._stale = True
        self.update()

    def _lay_out(self) -> None:
        if self._stale:
            spans = [
                Span(row, e.start, e.end, e.occurrence.all_day)
                for row, e in enumerate(self._model.entries())
            ]
            self._cells = rows_by_day(spans, self.first_day, WEEKS * 7)
            self._stale = False

    def cell_rect(self, index: int) -> QRectF:
        width = self.width() / 7
        height = (self.height() - HEADING) / WEEKS
        return QRectF((index % 7) * width, HEADING + (index // 7) * height, width, height)

    def visible_rows(self, index: int) -> tuple[list[int], int]:
        """The rows drawn in a cell and how many more did not fit."""
        self._lay_out()
        rows = self._cells[index]
        room = max(int((self.cell_rect(index).height() - LINE - 2) // LINE), 0)
        if len(rows) <= room:
            return rows, 0
        shown = max(room - 1, 0)
        return rows[:shown], len(rows) - shown

    def heading(self, column: int) -> str:
        """The column's short day name in the user's language ('Mon', 'Mo.')."""
        day = self.first_day + timedelta(days=column)
        return QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        width = self.width() / 7
        for column in range(7):
            name = self.heading(column)
            painter.setPen(palette.windowText().color())
            painter.drawText(
                QRectF(column * width, 0, width, HEADING), Qt.AlignmentFlag.AlignCenter, name
            )
        bold = QFont(self.font())
        bold.setBold(True)
        visible = QRectF(event.rect())
        for index in range(WEEKS * 7):
            rect = self.cell_rect(index)
            if rect.intersects(visible):
                self._paint_cell(painter, index, rect, bold)

    def _paint_cell(self, painter: QPainter, index: int, rect: QRectF, bold: QFont) -> None:
        palette = self.palette()
        day = self.first_day + timedelta(days=index)
        if day.month != self.month:
            painter.fillRect(rect, palette.alternateBase())
        if day == self.today:
            painter.fillRect(rect, QColor(255, 236, 179, 120))
        painter.setPen(QPen(palette.mid().color(), 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setFont(bold if day == self.today else self.font())
        painter.setPen(palette.text().color() if day.month == self.month else palette.mid().color())
        painter.drawText(rect.adjusted(4, 1, -4, 0), Qt.AlignmentFlag.AlignRight, str(day.day))
        painter.setFont(self.font())
        rows, more = self.visible_rows(index)
        y = rect.top() + LINE + 1
        for row in rows:
            entry = self._model.entry(row)
            o = entry.occurrence
            line = QRectF(rect.left() + 2, y, rect.width() - 4, LINE - 1)
            color = QColor(o.color)
            if o.all_day:
                fill = QColor(color)
                fill.setAlpha(190 if o.status == "open" else 80)
                painter.fillRect(line, fill)
                text = label(o)
            else:
                painter.setBrush(color)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(QPointF(line.left() + 5, line.center().y()), 3.5, 3.5)
                text = f"{time_of_day(entry.start.time())} {label(o)}"
                line = line.adjusted(12, 0, 0, 0)
            painter.setPen(palette.text().color() if o.status == "open" else palette.mid().color())
            elided = painter.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideRight, int(line.width())
            )
            painter.drawText(line, Qt.AlignmentFlag.AlignVCenter, elided)
            y += LINE
        if more:
            painter.setPen(palette.link().color())
            painter.drawText(
                QRectF(rect.left() + 4, y, rect.width() - 8, LINE),
                Qt.AlignmentFlag.AlignVCenter,
                f"+{more} more",
            )

    def _at(self, point: QPoint) -> tuple[int, int | None, bool]:
        """(cell index, row under the point or None, whether it is on '+N more')."""
        width = self.width() / 7
        height = (self.height() - HEADING) / WEEKS
        column = min(int(point.x() // width), 6)
        week = min(max(int((point.y() - HEADING) // height), 0), WEEKS - 1)
        index = week * 7 + column
        rows, more = self.visible_rows(index)
        line = int((point.y() - self.cell_rect(index).top() - LINE - 1) // LINE)
        row = rows[line] if 0 <= line < len(rows) else None
        return index, row, bool(more) and line == len(rows)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index, row, on_more = self._at(event.position().toPoint())
        if event.button() == Qt.MouseButton.RightButton and row is not None:
            self.context_requested.emit(row, event.globalPosition().toPoint())
        elif event.button() == Qt.MouseButton.LeftButton and on_more:
            self.day_activated.emit(self.first_day + timedelta(days=index))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index, row, _ = self._at(event.position().toPoint())
        if row is not None:
            self.occurrence_activated.emit(row)
        else:
            self.day_activated.emit(self.first_day + timedelta(days=index))
