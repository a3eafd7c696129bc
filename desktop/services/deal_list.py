"""Reading deals for the board, the table and a contact's Deals tab: rows, filters, and the
column totals computed by the database (one GROUP BY, never a Python loop over deals).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from desktop.errors import ValidationError
from desktop.services.deals import check_cents
from desktop.store.database import Database
from desktop.store.entities import Company, Contact, Deal, DealStatus, Product
from desktop.store.search_index import search_ids


@dataclass(frozen=True)
class DealFilter:
    """The board's filter bar. Amounts in cents; dates inclusive; empty text matches all."""

    owner: str | None = None
    close_from: date | None = None
    close_to: date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    text: str = ""
    statuses: tuple[str, ...] = (DealStatus.OPEN,)

    def checked(self) -> DealFilter:
        """Self, or a ValidationError naming the filter field that makes no sense."""
        for name in ("amount_min", "amount_max"):
            value = getattr(self, name)
            if value is not None:
                check_cents(value, name.replace("_", " "))
        if self.amount_min is not None and self.amount_max is not None:
            if self.amount_min > self.amount_max:
                raise ValidationError("amount max", "is below the minimum")
        if self.close_from and self.close_to and self.close_from > self.close_to:
            raise ValidationError("close to", "is before the 'from' date")
        return self


class DealRow(NamedTuple):
    """One deal as the board shows it. A NamedTuple rather than a frozen dataclass: the board
    builds ten thousand of these at once, and a tuple is built about four times faster."""

    id: int
    title: str
    stage_id: int
    status: str
    contact_id: int | None
    contact_name: str
    company_id: int | None
    company_name: str
    amount_cents: int
    currency: str
    probability: int
    expected_close: date | None
    owner: str
    stage_entered_at: datetime | None
    closed_at: datetime | None
    reason: str

    @property
    def weighted_cents(self) -> int:
        return weighted(self.amount_cents * self.probability)

    def days_in_stage(self, now: datetime) -> int:
        entered = self.stage_entered_at
        return 0 if entered is None else max(0, (now - entered).days)


@dataclass(frozen=True)
class Totals:
    count: int = 0
    total_cents: int = 0
    weighted_cents: int = 0


def weighted(amount_times_percent: int) -> int:
    """Sum of amount x probability (percent) to cents, half up; summed before rounding so a
    column's weighted total is exact, not the sum of rounded cards."""
    return (amount_times_percent + 50) // 100


def _select() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Deal.id,
            Deal.title,
            Deal.stage_id,
            Deal.status,
            Deal.contact_id,
            func.coalesce(Contact.display_name, ""),
            Deal.company_id,
            func.coalesce(Company.name, Contact.company_name, ""),
            Deal.amount_cents,
            Deal.currency,
            Deal.probability,
            Deal.expected_close,
            Deal.owner,
            Deal.stage_entered_at,
            Deal.closed_at,
            Deal.reason,
        )
        .outerjoin(Contact, Contact.id == Deal.contact_id)
        .outerjoin(Company, Company.id == Deal.company_id)
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(deal_filter: DealFilter) -> list[ColumnElement[bool]]:
    f = deal_filter.checked()
    where: list[ColumnElement[bool]] = [Deal.status.in_(f.statuses)]
    if f.owner:
        where.append(Deal.owner == f.owner)
    if f.close_from:
        where.append(Deal.expected_close >= f.close_from)
    if f.close_to:
        where.append(Deal.expected_close <= f.close_to)
    if f.amount_min is not None:
        where.append(Deal.amount_cents >= f.amount_min)
    if f.amount_max is not None:
        where.append(Deal.amount_cents <= f.amount_max)
    for word in f.text.split():
        pattern = f"%{_escape_like(word)}%"
        where.append(
            or_(
                Deal.title.ilike(pattern, escape="\\"),
                Contact.display_name.ilike(pattern, escape="\\"),
                Company.name.ilike(pattern, escape="\\"),
            )
        )
    return where


def list_deals(
    db: Database, deal_filter: DealFilter = DealFilter(), ids: Iterable[int] | None = None
) -> list[DealRow]:
    """Deals matching the filter (only those of `ids` when given), unordered: the board sorts
    within each column by what the user chose."""
    stmt = _select().where(and_(*_conditions(deal_filter)))
    if ids is not None:
        stmt = stmt.where(Deal.id.in_(list(ids)))
    with db.transaction() as conn:
        return [DealRow._make(row) for row in conn.execute(stmt)]


def column_totals(db: Database, deal_filter: DealFilter = DealFilter()) -> dict[int | str, Totals]:
    """Count, total and weighted total per column: open deals by stage id, closed ones under
    'won' and 'lost'. Amounts in different currencies are added as they are (one currency is
    the single salesperson's normal case)."""
    stmt = (
        select(
            Deal.status,
            Deal.stage_id,
            func.count(Deal.id),
            func.coalesce(func.sum(Deal.amount_cents), 0),
            func.coalesce(func.sum(Deal.amount_cents * Deal.probability), 0),
        )
        .where(and_(*_conditions(deal_filter)))
        .group_by(Deal.status, Deal.stage_id)
    )
    if deal_filter.text.strip():  # only the text search looks at names
        stmt = stmt.outerjoin(Contact, Contact.id == Deal.contact_id).outerjoin(
            Company, Company.id == Deal.company_id
        )
    raw: dict[int | str, list[int]] = {}
    with db.transaction() as conn:
        for status, stage_id, count, total, weighted_sum in conn.execute(stmt):
            key: int | str = stage_id if status == DealStatus.OPEN else status
            sums = raw.setdefault(key, [0, 0, 0])
            sums[0] += count
            sums[1] += int(total)
            sums[2] += int(weighted_sum)
    return {key: Totals(c, t, weighted(w)) for key, (c, t, w) in raw.items()}


def deals_of_contact(db: Database, contact_id: int) -> list[DealRow]:
    """A contact's deals, open first, then by expected close (the card's Deals tab)."""
    stmt = (
        _select()
        .where(Deal.contact_id == contact_id)
        .order_by(
            (Deal.status != DealStatus.OPEN),
            Deal.expected_close.is_(None),
            Deal.expected_close,
            Deal.id,
        )
    )
    with db.transaction() as conn:
        return [DealRow._make(row) for row in conn.execute(stmt)]


def deal_owners(db: Database) -> list[str]:
    with db.transaction() as conn:
        stmt = select(Deal.owner).where(Deal.owner != "").distinct().order_by(Deal.owner)
        return list(conn.scalars(stmt))


@dataclass(frozen=True)
class ContactChoice:
    id: int
    name: str
    crm_number: str
    company_id: int | None
    company_name: str


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    price_cents: int = 0
    currency: str = ""


def find_contacts(db: Database, text: str, limit: int = 20) -> list[ContactChoice]:
    """Contacts for the deal dialog's lookup, through the full-text index."""
    with db.transaction() as conn:
        ids = search_ids(conn, text, limit)
        if not ids:
            return []
        stmt = (
            select(
                Contact.id,
                Contact.display_name,
                Contact.crm_number,
                Contact.company_id,
                Contact.company_name,
            )
            .where(Contact.id.in_(ids))
            .order_by(Contact.sort_name)
        )
        return [ContactChoice(*row) for row in conn.execute(stmt)]


def contact_choice(db: Database, contact_id: int) -> ContactChoice | None:
    """One contact as the lookup shows it (a new deal started from the contact's card)."""
    stmt = select(
        Contact.id,
        Contact.display_name,
        Contact.crm_number,
        Contact.company_id,
        Contact.company_name,
    ).where(Contact.id == contact_id)
    with db.transaction() as conn:
        row = conn.execute(stmt).first()
    return None if row is None else ContactChoice(*row)


def find_companies(db: Database, text: str, limit: int = 20) -> list[Choice]:
    """Companies whose name contains `text` (a few thousand at most: a LIKE is enough)."""
    pattern = f"%{_escape_like(text.strip())}%"
    stmt = (
        select(Company.id, Company.name)
        .where(Company.name.ilike(pattern, escape="\\"))
        .order_by(Company.name)
        .limit(limit)
    )
    with db.transaction() as conn:
        return [Choice(*row) for row in conn.execute(stmt)]


def list_products(db: Database) -> list[Choice]:
    stmt = select(Product.id, Product.name, Product.price_cents, Product.currency).order_by(
        Product.name
    )
    with db.transaction() as conn:
        return [Choice(*row) for row in conn.execute(stmt)]
