"""The forecast against numbers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from deal_helpers import add_deal
from sqlalchemy import update

from desktop.errors import ValidationError
from desktop.services.deals import lose_deal, win_deal
from desktop.services.forecast import forecast, get_quota, set_quota
from desktop.store.database import Database
from desktop.store.entities import Deal


@pytest.mark.postgres
def test_expected_revenue_by_month_with_won_deals_booked_and_quota(any_db: Database) -> None:
    db = any_db
    # March: 10,000.00 at Lead (10%) = 1,000.00; 3,333.33 at Proposal (50%) = 1,666.665 -> 1,666.67
    add_deal(db, "A", "Lead", 1_000_000, close=date(2026, 3, 5))
    add_deal(db, "B", "Proposal", 333_333, close=date(2026, 3, 31))
    # April: 2,000.00 at a typed 35% = 700.00
    add_deal(db, "C", "Lead", 200_000, close=date(2026, 4, 1), probability=35)
    # outside the window: neither counts
    add_deal(db, "D", "Commit", 999_900, close=date(2026, 6, 1))
    add_deal(db, "E", "Commit", 999_900, close=date(2026, 2, 28))
    # won in April (booked at full amount, by the month it closed), lost ones never count
    won = add_deal(db, "F", "Commit", 450_000, close=date(2026, 3, 15))
    win_deal(db, won, "signed")
    lost = add_deal(db, "G", "Commit", 700_000, close=date(2026, 4, 15))
    lose_deal(db, lost, "budget cut")
    with db.session() as session:
        session.execute(update(Deal).where(Deal.id == won).values(closed_at=date(2026, 4, 20)))
    set_quota(db, "2026-04", 500_000)

    months = forecast(db, date(2026, 3, 17), months=3)

    assert [m.month for m in months] == ["2026-03", "2026-04", "2026-05"]
    march, april, may = months
    assert (march.expected_cents, march.booked_cents, march.open_count) == (266_667, 0, 2)
    assert (april.expected_cents, april.booked_cents, april.quota_cents) == (
        70_000,
        450_000,
        500_000,
    )
    assert april.total_cents == 520_000
    assert (may.expected_cents, may.booked_cents, may.quota_cents) == (0, 0, 0)


def test_quota_set_changed_and_removed(db: Database) -> None:
    set_quota(db, "2026-05", 1_000_00)
    set_quota(db, "2026-05", 2_000_00)
    assert get_quota(db, "2026-05") == 2_000_00
    set_quota(db, "2026-05", 0)
    assert get_quota(db, "2026-05") == 0


@pytest.mark.parametrize(
    ("month", "amount", "field"),
    [("2026-13", 100, "month"), ("May 2026", 100, "month"), ("2026-05", -1, "quota")],
)
def test_bad_quota_is_refused_naming_the_field(
    db: Database, month: str, amount: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        set_quota(db, month, amount)
    assert refused.value.field == field


def test_the_forecast_view_shows_the_numbers_and_takes_a_quota(
    qtbot, db: Database, model_tester
) -> None:
    from PySide6.QtCharts import QBarSeries, QLineSeries, QStackedBarSeries
    from PySide6.QtCore import QDate

    from desktop.views.forecast_view import ForecastView

    add_deal(db, "A", "Lead", 1_000_000, close=date(2026, 3, 5))  # 1,000.00 weighted
    add_deal(db, "C", "Lead", 200_000, close=date(2026, 4, 1), probability=35)  # 700.00
    view = ForecastView(db)
    qtbot.addWidget(view)
    view.months.setValue(3)
    view.start.setDate(QDate(2026, 3, 1))
    model = view.model
    model_tester(model)
    # the month in words, as everywhere else (issue 15.7), not '2026-03'
    assert [model.index(row, 0).data() for row in range(3)] == ["Mar 2026", "Apr 2026", "May 2026"]
    assert model.index(0, 1).data() == "1,000"
    assert model.index(1, 3).data() == "700"

    assert model.setData(model.index(1, 4), 1400)  # typed into the Quota column
    assert get_quota(db, "2026-04") == 140_000
    assert model.index(1, 5).data() == "50 %"
    quota_lines = [s for s in view.chart.series() if isinstance(s, QLineSeries)]
    assert [p.y() for p in quota_lines[0].points()] == [1400.0, 1400.0]
    bars = next(s for s in view.chart.series() if isinstance(s, (QStackedBarSeries, QBarSeries)))
    expected = next(b for b in bars.barSets() if b.label() == "Expected (weighted)")
    assert [expected.at(i) for i in range(3)] == [1000.0, 700.0, 0.0]

    assert not model.setData(model.index(1, 4), -5)
    assert view.problem.text() == "quota: cannot be negative"
    assert get_quota(db, "2026-04") == 140_000


def test_the_forecast_tab_catches_up_with_a_move_made_on_the_board(qtbot, db: Database) -> None:
    from deal_helpers import stage_ids

    from desktop.services.deals import move_deal
    from desktop.views.deals_area import DealsArea
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    today = date.today()
    deal_id = add_deal(db, "A", "Lead", 1_000_000, close=today)  # 1,000.00 weighted
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    window.show()
    area = window.show_area("deals")
    assert isinstance(area, DealsArea)
    area.tabs.setCurrentWidget(area.forecast)
    assert area.forecast.model.index(0, 1).data() == "1,000"
    area.tabs.setCurrentWidget(area.board)
    move = move_deal(db, deal_id, stage_ids(db)["Commit"])  # as the board does it
    window.bus.announce(move.changes)
    area.tabs.setCurrentWidget(area.forecast)
    assert area.forecast.model.index(0, 1).data() == "9,000"


def test_the_owner_filter_narrows_the_forecast(qtbot, db: Database) -> None:
    from PySide6.QtCore import QDate

    from desktop.views.forecast_view import ForecastView

    add_deal(db, "Sandra's", "Lead", 1_000_000, close=date(2026, 3, 5), owner="Sandra")
    add_deal(db, "Marc's", "Lead", 500_000, close=date(2026, 3, 9), owner="Marc")
    view = ForecastView(db)
    qtbot.addWidget(view)
    view.start.setDate(QDate(2026, 3, 1))
    assert view.model.index(0, 1).data() == "1,500"
    view.show()
    view.set_owner("Marc")
    assert view.model.index(0, 1).data() == "500"


def test_a_year_of_months_shows_every_label_in_a_narrow_chart(qtbot, db: Database) -> None:
    """On a laptop the chart is narrow: the first and last months were dropped (issue 15.4)."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QGraphicsTextItem

    from desktop.views.forecast_view import ForecastView

    view = ForecastView(db)
    qtbot.addWidget(view)
    view.resize(760, 560)
    view.start.setDate(QDate(2026, 12, 1))
    view.show()
    qtbot.waitExposed(view)

    def shown() -> list[str]:
        texts = [item.toGraphicsObject() for item in view.chart_view.scene().items()]
        return [
            t.toPlainText() for t in texts if isinstance(t, QGraphicsTextItem) and t.isVisible()
        ]

    qtbot.waitUntil(lambda: "Won" in shown())  # the legend: the chart is laid out
    assert "Dec 2026" in shown() and "Nov 2027" in shown()
    assert sum(text.endswith(("2026", "2027")) for text in shown()) == 12
