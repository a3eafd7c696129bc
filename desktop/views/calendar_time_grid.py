"""The hours of one to seven days, painted, with activities as blocks you can drag.

One widget paints every block (no widget per activity): a busy week is hundreds of blocks and a
widget each would make switching weeks slow. Dragging a block moves it (snapped to 15 minutes,
across days too); dragging its bottom edge resizes it. Nothing changes until the mouse is
released, when `occurrence_moved` says where it should go; the calendar view asks the service
(through the undo stack) and the model's reload puts the block there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop.models.calendar_model import CalendarModel, label, tooltip
from desktop.models.formats import time_of_day
from desktop.services.recurrence import to_local
from desktop.store.entities import utcnow
from desktop.views.calendar_layout import Span, TimedBlock, lay_out_day_columns
from desktop.views.settings import Settings

GUTTER = 52
SNAP_MINUTES = 15
EDGE_PIXELS = 6
#: the working day (minutes after midnight) until the calendar hands over the user's settings
DEFAULT_WORK_DAY = (Settings.work_day_start.default, Settings.work_day_end.default)
BLOCK_TEXT = QColor("#1b1b1b")
# Combined once: or-ing Qt flag enums costs microseconds each, per block, per paint.
_WRAP_TOP = int(Qt.TextFlag.TextWordWrap.value | Qt.AlignmentFlag.AlignTop.value)


@dataclass
class _Drag:
    block: TimedBlock
    resize: bool
    press: QPoint
    active: bool = False
    minutes: int = 0
    days: int = 0


class TimeGrid(QWidget):
    """Paints days as columns and hours as rows; emits what the user did with a block."""

    #: row, new local start, new local end
    occurrence_moved = Signal(int, object, object)
    occurrence_activated = Signal(int)
    #: a double-click on empty time: the local datetime under the mouse
    slot_activated = Signal(object)
    #: row, global position
    context_requested = Signal(int, QPoint)

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.first_day = date.today()
        self.days = 7
        self.hour_height = 44
        self.today = date.today()
        #: start and end of the working day, minutes after midnight; the rest is shaded
        self.work_day = DEFAULT_WORK_DAY
        #: False in a read-only window: blocks open but do not drag or resize
        self.movable = True
        self._blocks: list[TimedBlock] = []
        self._stale = True
        self._drag: _Drag | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(24 * self.hour_height)
        model.modelReset.connect(self._on_model_reset)

    def sizeHint(self) -> QSize:
        return QSize(800, 24 * self.hour_height)

    def set_days(self, first_day: date, days: int) -> None:
        self.first_day, self.days = first_day, days
        self._on_model_reset()

    def _on_model_reset(self) -> None:
        # Laid out when next painted or asked: a hidden view costs nothing on a reload.
        self._stale = True
        self._drag = None
        self.update()

    def _lay_out(self) -> None:
        if not self._stale:
            return
        spans = [
            Span(row, e.start, e.end)
            for row, e in enumerate(self._model.entries())
            if not e.occurrence.all_day
        ]
        self._blocks = lay_out_day_columns(spans, self.first_day, self.days)
        self._stale = False

    # -- geometry ---------------------------------------------------------------------------

    def column_width(self) -> float:
        return max((self.width() - GUTTER) / max(self.days, 1), 1.0)

    def y_of(self, minute: float) -> float:
        return minute * self.hour_height / 60

    def block_rect(
        self, block: TimedBlock, minutes: int = 0, days: int = 0, grow: int = 0
    ) -> QRectF:
        width = self.column_width()
        lane_width = (width - 6) / block.lanes
        x = GUTTER + (block.day + days) * width + 1 + block.lane * lane_width
        start = block.start_minute + minutes
        end = max(block.end_minute + minutes + grow, start + 20)
        return QRectF(x, self.y_of(start), lane_width - 1, self.y_of(end - start) - 1)

    def blocks(self) -> list[TimedBlock]:
        self._lay_out()
        return self._blocks

    def at(self, point: QPointF | QPoint) -> datetime | None:
        """The local datetime under a point (None in the hour gutter)."""
        if point.x() < GUTTER:
            return None
        column = int((point.x() - GUTTER) // self.column_width())
        column = min(max(column, 0), self.days - 1)
        minute = int(point.y() * 60 / self.hour_height)
        minute = min(max(minute, 0), 24 * 60 - 1)
        day = self.first_day + timedelta(days=column)
        return datetime.combine(day, time()) + timedelta(minutes=minute)

    def _hit(self, point: QPoint) -> TimedBlock | None:
        for block in reversed(self.blocks()):
            if self.block_rect(block).contains(QPointF(point)):
                return block
        return None

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.base())
        width = self.column_width()
        off_hours = palette.alternateBase().color()
        work_start, work_end = self.work_day
        for column in range(self.days):
            x = GUTTER + column * width
            painter.fillRect(QRectF(x, 0, width, self.y_of(work_start)), off_hours)
            painter.fillRect(
                QRectF(x, self.y_of(work_end), width, self.y_of(24 * 60 - work_end)), off_hours
            )
            if self.first_day + timedelta(days=column) == self.today:
                painter.fillRect(QRectF(x, 0, width, self.height()), QColor(255, 236, 179, 90))
        grid = QPen(palette.mid().color(), 0)
        faint = QPen(palette.midlight().color(), 0, Qt.PenStyle.DotLine)
        text_color = palette.text().color()
        # the hours in smaller type: '12:00 PM' has to fit the gutter as well as '12:00'
        painter.setFont(self._fonts(False)[0])
        for hour in range(24):
            y = self.y_of(hour * 60)
            painter.setPen(grid)
            painter.drawLine(QPointF(GUTTER - 4, y), QPointF(self.width(), y))
            painter.setPen(faint)
            painter.drawLine(
                QPointF(GUTTER, y + self.hour_height / 2),
                QPointF(self.width(), y + self.hour_height / 2),
            )
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, y + 2, GUTTER - 5, 16), Qt.AlignmentFlag.AlignRight, self.hour_label(hour)
            )
        painter.setFont(self.font())
        painter.setPen(grid)
        for column in range(self.days + 1):
            x = GUTTER + column * width
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        visible = QRectF(event.rect().intersected(self.visibleRegion().boundingRect()))
        for block in self.blocks():
            rect = self.block_rect(block)
            if rect.intersects(visible):
                self._paint_block(painter, block, rect, ghost=False)
        if self._drag is not None and self._drag.active:
            drag = self._drag
            rect = (
                self.block_rect(drag.block, grow=drag.minutes)
                if drag.resize
                else self.block_rect(drag.block, drag.minutes, drag.days)
            )
            self._paint_block(painter, drag.block, rect, ghost=True)
        self._paint_now(painter)

    @staticmethod
    def hour_label(hour: int) -> str:
        """'09:00' or '9:00 AM', as the user's locale writes a time."""
        return time_of_day(time(hour))

    def _paint_block(self, painter: QPainter, block: TimedBlock, rect: QRectF, ghost: bool) -> None:
        entry = self._model.entry(block.row)
        o = entry.occurrence
        color = QColor(o.color)
        fill = QColor(color)
        fill.setAlpha(110 if ghost else (90 if o.status != "open" else 200))
        painter.setPen(
            QPen(
                color.darker(140),
                2 if ghost else 1,
                Qt.PenStyle.DashLine if ghost else Qt.PenStyle.SolidLine,
            )
        )
        # Plain rectangles without antialiasing: a rounded antialiased one costs ten times as
        # much, and a busy week has hundreds.
        painter.fillRect(rect, fill)
        painter.drawRect(rect)
        painter.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), color.darker(150))
        painter.setPen(BLOCK_TEXT)
        inner = rect.adjusted(6, 1, -3, -1)
        time_text, subject = self.block_title(block, rect)
        small, normal = self._fonts(o.status != "open")
        line = QFontMetricsF(normal).height()
        painter.setFont(small)
        if self._one_line(rect):
            # a short block: the time in smaller type and the subject beside it on one line
            # (wrapping put the subject under the time, out of sight: '10:15' and nothing)
            time_width = QFontMetricsF(small).horizontalAdvance(time_text + " ") if time_text else 0
            painter.drawText(QRectF(inner.left(), inner.top(), time_width, line),
                             int(Qt.AlignmentFlag.AlignVCenter), time_text)  # fmt: skip
            painter.setFont(normal)
            painter.drawText(
                QRectF(inner.left() + time_width, inner.top(), inner.width() - time_width, line),
                int(Qt.AlignmentFlag.AlignVCenter),
                subject,
            )
            return
        # a taller block: the time in smaller type on top, the whole subject wrapped under it,
        # then who and where as far as the block reaches
        time_line = QFontMetricsF(small).height()
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignTop), time_text)
        painter.setFont(normal)
        lines = [subject, *([", ".join(o.contact_names)] if o.contact_names else [])]
        lines += [o.location] if o.location else []
        painter.drawText(inner.adjusted(0, time_line, 0, 0), _WRAP_TOP, "\n".join(lines))

    def _one_line(self, rect: QRectF) -> bool:
        return rect.height() < 2 * QFontMetricsF(self.font()).height() + 2

    def _fonts(self, struck: bool) -> tuple[QFont, QFont]:
        """(the time's smaller font, the subject's font), struck out for a closed activity."""
        normal = QFont(self.font())
        normal.setStrikeOut(struck)
        small = QFont(normal)
        small.setPointSizeF(max(normal.pointSizeF() * 0.8, 6.0))
        return small, normal

    def block_title(self, block: TimedBlock, rect: QRectF) -> tuple[str, str]:
        """The block's start time and subject (↻ for a series) as drawn. On a one-line block
        the subject is elided to the width the time leaves, and a block too narrow for both
        shows the subject alone (its place in the grid says the time); a taller block wraps
        the whole subject. The tooltip always has the whole text."""
        entry = self._model.entry(block.row)
        time_text, subject = time_of_day(entry.start.time()), label(entry.occurrence)
        if not self._one_line(rect):
            return time_text, subject
        small, normal = self._fonts(False)
        metrics = QFontMetricsF(normal)
        width = rect.width() - 9
        room = width - QFontMetricsF(small).horizontalAdvance(time_text + " ")
        if room < 4 * metrics.averageCharWidth() and metrics.horizontalAdvance(subject) > room:
            time_text, room = "", width
        return time_text, metrics.elidedText(subject, Qt.TextElideMode.ElideRight, max(room, 0.0))

    def _paint_now(self, painter: QPainter) -> None:
        now = to_local(utcnow(), self._model.tz)
        column = (now.date() - self.first_day).days
        if not 0 <= column < self.days:
            return
        y = self.y_of(now.hour * 60 + now.minute)
        x = GUTTER + column * self.column_width()
        painter.setPen(QPen(QColor("#d32f2f"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + self.column_width(), y))

    # -- mouse --------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            block = self._hit(event.pos())
            if block is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), tooltip(self._model.entry(block.row)), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        block = self._hit(point)
        if block is None:
            return super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.RightButton:
            self.context_requested.emit(block.row, event.globalPosition().toPoint())
            return None
        if event.button() == Qt.MouseButton.LeftButton and self.movable:
            rect = self.block_rect(block)
            resize = rect.bottom() - point.y() <= EDGE_PIXELS
            self._drag = _Drag(block, resize, point)
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        drag = self._drag
        if drag is None:
            block = self._hit(point)
            near_edge = (
                self.movable
                and block is not None
                and self.block_rect(block).bottom() - point.y() <= EDGE_PIXELS
            )
            self.setCursor(
                Qt.CursorShape.SizeVerCursor if near_edge else Qt.CursorShape.ArrowCursor
            )
            return
        delta = point - drag.press
        if not drag.active and delta.manhattanLength() < QApplication.startDragDistance():
            return
        drag.active = True
        minutes = round(delta.y() * 60 / self.hour_height / SNAP_MINUTES) * SNAP_MINUTES
        if drag.resize:
            drag.minutes = max(
                minutes, SNAP_MINUTES - (drag.block.end_minute - drag.block.start_minute)
            )
        else:
            drag.minutes = minutes
            drag.days = int((point.x() - GUTTER) // self.column_width()) - drag.block.day
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or not drag.active or (drag.minutes == 0 and drag.days == 0):
            self.update()
            return
        entry = self._model.entry(drag.block.row)
        if drag.resize:
            start, end = entry.start, entry.end + timedelta(minutes=drag.minutes)
        else:
            shift = timedelta(days=drag.days, minutes=drag.minutes)
            start, end = entry.start + shift, entry.end + shift
        self.update()
        self.occurrence_moved.emit(drag.block.row, start, end)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        block = self._hit(point)
        if block is not None:
            self.occurrence_activated.emit(block.row)
            return
        when = self.at(point)
        if when is not None:
            snapped = when.replace(minute=when.minute - when.minute % 30)
            self.slot_activated.emit(snapped)
