"""Day, work-week and week views: day headings with the all-day band on top, the hours
below in a scroll area (desktop.views.calendar_time_grid)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QLocale, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from desktop.models.calendar_model import CalendarModel, label
from desktop.models.formats import weekday_date
from desktop.views.calendar_layout import BandBlock, Span, lay_out_band
from desktop.views.calendar_time_grid import GUTTER, TimeGrid

HEADING_HEIGHT = 24
LANE_HEIGHT = 20


class AllDayBand(QWidget):
    """Day names across the top and all-day activities as bars beneath them."""

    occurrence_activated = Signal(int)
    context_requested = Signal(int, QPoint)
    day_activated = Signal(object)

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.first_day = date.today()
        self.days = 7
        self.today = date.today()
        self.right_margin = 0
        self._bars: list[BandBlock] = []
        model.modelReset.connect(self._on_model_reset)
        self._on_model_reset()

    def set_days(self, first_day: date, days: int) -> None:
        self.first_day, self.days = first_day, days
        self._on_model_reset()

    def _on_model_reset(self) -> None:
        spans = [
            Span(row, e.start, e.end, True)
            for row, e in enumerate(self._model.entries())
            if e.occurrence.all_day
        ]
        self._bars = lay_out_band(spans, self.first_day, self.days)
        lanes = max((b.lane for b in self._bars), default=-1) + 1
        self.setFixedHeight(HEADING_HEIGHT + max(lanes, 1) * LANE_HEIGHT + 6)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, self.height())

    def _column_width(self) -> float:
        return max((self.width() - GUTTER - self.right_margin) / max(self.days, 1), 1.0)

    def bar_rect(self, bar: BandBlock) -> QRectF:
        width = self._column_width()
        x = GUTTER + bar.first_day * width + 2
        y = HEADING_HEIGHT + bar.lane * LANE_HEIGHT + 2
        return QRectF(x, y, (bar.last_day - bar.first_day + 1) * width - 4, LANE_HEIGHT - 3)

    def bars(self) -> list[BandBlock]:
        return self._bars

    def heading(self, column: int) -> str:
        """'Fri 04/12/2026' as the dialogs write it, or 'Fri 4' where the column is too
        narrow for the whole date (a week on a laptop)."""
        day = self.first_day + timedelta(days=column)
        text = weekday_date(day)
        if QFontMetricsF(self.font()).horizontalAdvance(text) > self._column_width() - 8:
            name = QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
            text = f"{name} {day.day}"
        return text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.window())
        width = self._column_width()
        bold = QFont(self.font())
        bold.setBold(True)
        for column in range(self.days):
            day = self.first_day + timedelta(days=column)
            x = GUTTER + column * width
            heading = QRectF(x, 0, width, HEADING_HEIGHT)
            if day == self.today:
                painter.fillRect(heading, QColor("#1e88e5"))
                painter.setPen(QColor("white"))
            else:
                painter.setPen(palette.windowText().color())
            painter.setFont(bold if day == self.today else self.font())
            painter.drawText(heading, Qt.AlignmentFlag.AlignCenter, self.heading(column))
            painter.setPen(QPen(palette.mid().color(), 0))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.drawLine(QPointF(0, self.height() - 1), QPointF(self.width(), self.height() - 1))
        painter.setFont(self.font())
        for bar in self._bars:
            o = self._model.entry(bar.row).occurrence
            rect = self.bar_rect(bar)
            color = QColor(o.color)
            painter.setPen(QPen(color.darker(140), 1))
            fill = QColor(color)
            fill.setAlpha(200 if o.status == "open" else 90)
            painter.fillRect(rect, fill)
            painter.drawRect(rect)
            painter.setPen(QColor("#1b1b1b"))
            text = painter.fontMetrics().elidedText(
                label(o), Qt.TextElideMode.ElideRight, int(rect.width() - 6)
            )
            painter.drawText(rect.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def _bar_at(self, point: QPoint) -> BandBlock | None:
        return next((b for b in self._bars if self.bar_rect(b).contains(QPointF(point))), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bar = self._bar_at(event.position().toPoint())
        if bar is not None and event.button() == Qt.MouseButton.RightButton:
            self.context_requested.emit(bar.row, event.globalPosition().toPoint())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        bar = self._bar_at(point)
        if bar is not None:
            self.occurrence_activated.emit(bar.row)
        elif point.x() >= GUTTER:
            column = int((point.x() - GUTTER) // self._column_width())
            self.day_activated.emit(self.first_day + timedelta(days=min(column, self.days - 1)))


class DayWeekView(QWidget):
    """One to seven day columns: the band on top, the time grid scrolling below."""

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.band = AllDayBand(model)
        self.grid = TimeGrid(model)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.band)
        layout.addWidget(self.scroll, 1)

    def set_days(self, first_day: date, days: int, today: date) -> None:
        self.band.today = self.grid.today = today
        self.band.right_margin = self.scroll.verticalScrollBar().sizeHint().width()
        self.band.set_days(first_day, days)
        self.grid.set_days(first_day, days)

    def scroll_to_hour(self, hour: int) -> None:
        self.scroll.verticalScrollBar().setValue(int(self.grid.y_of(hour * 60)))
