"""Expected revenue by month: a stacked bar chart (won, then open deals weighted by
probability) with the month's quota as a line, and the same numbers in a table beside it,
where the quota is typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QModelIndex, QPointF, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.forecast_model import ForecastModel
from desktop.models.formats import month_year
from desktop.services.forecast import forecast
from desktop.store.database import Database


class ForecastView(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._stale = False
        self._owner: str | None = None
        today = date.today()
        self.start = QDateEdit(QDate(today.year, today.month, 1), objectName="start")
        self.start.setDisplayFormat("MMMM yyyy")
        self.months = QSpinBox(objectName="months", minimum=1, maximum=36, value=12)
        self.model = ForecastModel(db, self)
        self.table = QTableView(objectName="forecast_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problem = QLabel(objectName="problem")
        self.problem.setStyleSheet("color: #c0392b")
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(420)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("From"))
        controls.addWidget(self.start)
        controls.addWidget(QLabel("months"))
        controls.addWidget(self.months)
        controls.addStretch(1)
        right = QWidget()
        right.setMaximumWidth(560)  # the table's columns; the chart takes the rest
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table)
        right_layout.addWidget(self.problem)
        splitter = QSplitter()
        splitter.addWidget(self.chart_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)

        self.start.dateChanged.connect(self.refresh)
        self.months.valueChanged.connect(self.refresh)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.refused.connect(self.problem.setText)
        self._stale = True  # computed when first shown

    def set_owner(self, owner: str | None) -> None:
        """Forecast one salesperson's deals (None: everyone's), as the board's owner filter."""
        if owner != self._owner:
            self._owner = owner
            self.mark_stale()

    def mark_stale(self) -> None:
        """Deals changed: recompute now if on screen, else when next shown (a card moved on
        the board should not pay for a chart nobody is looking at)."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    @Slot()
    def refresh(self) -> None:
        self._stale = False
        first: date = self.start.date().toPython()  # type: ignore[assignment]
        self.model.set_months(forecast(self._db, first, self.months.value(), self._owner))
        self._draw()

    @Slot(QModelIndex, QModelIndex, list)
    def _on_model_data_changed(self, *_args: object) -> None:
        self.problem.clear()
        self._draw()

    def _draw(self) -> None:
        months = self.model.months
        top = max([m.total_cents for m in months] + [m.quota_cents for m in months] + [100])
        # Past a million the axis counts thousands: eight-digit labels crowd the chart out.
        unit = 100_000 if top >= 100_000_000 else 100  # cents per axis unit
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        won = QBarSet("Won")
        won.setColor(QColor("#27ae60"))
        expected = QBarSet("Expected (weighted)")
        expected.setColor(QColor("#2f80ed"))
        for month in months:
            won.append(month.booked_cents / unit)
            expected.append(month.expected_cents / unit)
        bars = QStackedBarSeries()
        bars.append(won)
        bars.append(expected)
        # The quota as a short bar-wide line on each month that has one; months without a
        # quota draw nothing rather than a misleading line at zero.
        quotas: list[QLineSeries] = []
        for position, month in enumerate(months):
            if month.quota_cents:
                line = QLineSeries()
                line.setName("Quota")
                line.setPen(QPen(QColor("#c0392b"), 3))
                line.append(QPointF(position - 0.45, month.quota_cents / unit))
                line.append(QPointF(position + 0.45, month.quota_cents / unit))
                quotas.append(line)
        chart.addSeries(bars)
        for line in quotas:
            chart.addSeries(line)
        for marker in [m for line in quotas[1:] for m in chart.legend().markers(line)]:
            marker.setVisible(False)
        categories = QBarCategoryAxis()
        categories.append([month_year(m.first_day, short=True) for m in months])
        if len(months) > 6:
            # Upright: a slanted label reaches past the axis ends, and Qt Charts drops the first
            # and last month rather than draw outside the plot.
            categories.setLabelsAngle(-90)
            categories.setTruncateLabels(False)
        values = QValueAxis()
        values.setRange(0, top / unit * 1.1)
        values.setLabelFormat("%.0f")
        values.setTitleText("thousands" if unit > 100 else "")
        values.applyNiceNumbers()
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, *quotas):
            series.attachAxis(categories)
            series.attachAxis(values)
        chart.setTitle("Expected revenue by month of expected close")
