"""What the months ahead should bring: open deals weighted by probability, by the month they
are expected to close, beside what was already won, and the salesperson's own quota.

Each figure is one GROUP BY over the deals table (a few ms for tens of thousands of deals);
months are keyed 'YYYY-MM' in SQL with the dialect's own date formatting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from desktop.errors import ValidationError
from desktop.services.deal_list import weighted
from desktop.services.deals import check_cents
from desktop.store.database import Database
from desktop.store.entities import Deal, DealStatus, MonthlyQuota

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ForecastMonth:
    month: str  # YYYY-MM
    expected_cents: int  # open deals: sum(amount x probability)
    booked_cents: int  # won deals, by the month they were closed
    quota_cents: int
    open_count: int

    @property
    def total_cents(self) -> int:
        return self.expected_cents + self.booked_cents

    @property
    def first_day(self) -> date:
        """The month as a date, for showing it in the user's words ('Mar 2026')."""
        return date(int(self.month[:4]), int(self.month[5:]), 1)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_sql(db: Database, column: Any) -> ColumnElement[str]:
    if db.is_sqlite:
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def forecast(
    db: Database, first_month: date, months: int = 12, owner: str | None = None
) -> list[ForecastMonth]:
    """One row per month from `first_month` (its day is ignored) for `months` months."""
    start = first_month.replace(day=1)
    end = _add_months(start, months)
    keys = [month_key(_add_months(start, n)) for n in range(months)]
    by_owner: list[ColumnElement[bool]] = [] if not owner else [Deal.owner == owner]

    expected_month = _month_sql(db, Deal.expected_close)
    open_stmt = (
        select(
            expected_month,
            func.sum(Deal.amount_cents * Deal.probability),
            func.count(Deal.id),
        )
        .where(
            and_(
                Deal.status == DealStatus.OPEN,
                Deal.expected_close >= start,
                Deal.expected_close < end,
                *by_owner,
            )
        )
        .group_by(expected_month)
    )
    closed_month = _month_sql(db, Deal.closed_at)
    won_stmt = (
        select(closed_month, func.sum(Deal.amount_cents))
        .where(
            and_(
                Deal.status == DealStatus.WON,
                Deal.closed_at >= datetime.combine(start, datetime.min.time()),
                Deal.closed_at < datetime.combine(end, datetime.min.time()),
                *by_owner,
            )
        )
        .group_by(closed_month)
    )
    quota_stmt = select(MonthlyQuota.month, MonthlyQuota.amount_cents).where(
        MonthlyQuota.month.in_(keys)
    )
    with db.transaction() as conn:
        expected = {m: (int(s), int(n)) for m, s, n in conn.execute(open_stmt)}
        booked = {m: int(s) for m, s in conn.execute(won_stmt)}
        quotas = {month: int(cents) for month, cents in conn.execute(quota_stmt)}
    return [
        ForecastMonth(
            key,
            weighted(expected.get(key, (0, 0))[0]),
            booked.get(key, 0),
            quotas.get(key, 0),
            expected.get(key, (0, 0))[1],
        )
        for key in keys
    ]


def _check_month(month: str) -> str:
    if not _MONTH.match(month):
        raise ValidationError("month", f"must be written YYYY-MM, not {month!r}")
    return month


def get_quota(db: Database, month: str) -> int:
    _check_month(month)
    with db.session() as session:
        return (
            session.scalar(select(MonthlyQuota.amount_cents).where(MonthlyQuota.month == month))
            or 0
        )


def set_quota(db: Database, month: str, amount_cents: int) -> None:
    """The user's target for a month; 0 removes it."""
    _check_month(month)
    check_cents(amount_cents, "quota")
    with db.session() as session:
        quota = session.get(MonthlyQuota, month)
        if amount_cents == 0:
            if quota is not None:
                session.delete(quota)
        elif quota is None:
            session.add(MonthlyQuota(month=month, amount_cents=amount_cents))
        else:
            quota.amount_cents = amount_cents
