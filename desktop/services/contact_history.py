"""A contact's memory: the history items on the card's History tab, and its purchases.

Adding a history item is the "one step" after a call: kind, result and a line of text, stamped
now unless the user says when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from desktop.errors import RapportError, ValidationError
from desktop.services.contact_fields import check_text
from desktop.store.database import Database
from desktop.store.entities import Contact, HistoryItem, HistoryKind, Product, Transaction, utcnow

#: results offered after a call; free text is allowed too
CALL_RESULTS = ("reached", "left message", "no answer", "wrong number", "call back later")


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    kind: str
    occurred_at: datetime
    subject: str
    result: str
    text: str


@dataclass(frozen=True)
class Purchase:
    id: int
    occurred_on: date
    description: str
    quantity: int
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class PurchaseHistory:
    purchases: tuple[Purchase, ...]
    #: currency -> total cents, and per year
    totals: dict[str, int]
    by_year: dict[tuple[int, str], int]


def list_history(db: Database, contact_id: int, limit: int = 500) -> list[HistoryEntry]:
    """Newest first (the index on contact and time serves this without sorting)."""
    with db.session() as session:
        rows = session.scalars(
            select(HistoryItem)
            .where(HistoryItem.contact_id == contact_id)
            .order_by(HistoryItem.occurred_at.desc(), HistoryItem.id.desc())
            .limit(limit)
        )
        return [
            HistoryEntry(h.id, h.kind, h.occurred_at, h.subject, h.result, h.text) for h in rows
        ]


def add_history(
    db: Database,
    contact_id: int,
    kind: str,
    text: str,
    *,
    result: str = "",
    subject: str = "",
    occurred_at: datetime | None = None,
) -> HistoryEntry:
    """Record what happened; refused when the kind is unknown or the entry is empty."""
    if kind not in {k.value for k in HistoryKind}:
        raise ValidationError("kind", f"'{kind}' is not a kind of history item")
    body = check_text("text", text, 1_000_000)
    result = check_text("result", result, 200)
    subject = check_text("subject", subject, 500)
    if not (body or result or subject):
        raise ValidationError("text", "write what happened (a result or a note)")
    with db.session() as session:
        if session.get(Contact, contact_id) is None:
            raise RapportError(f"contact {contact_id} does not exist (deleted?)")
        item = HistoryItem(
            contact_id=contact_id,
            kind=kind,
            occurred_at=occurred_at or utcnow(),
            subject=subject,
            result=result,
            text=body,
        )
        session.add(item)
        session.flush()
        return HistoryEntry(item.id, item.kind, item.occurred_at, subject, result, body)


def list_purchases(db: Database, contact_id: int) -> PurchaseHistory:
    """Every purchase, newest first, with totals per currency and per year."""
    with db.session() as session:
        rows = session.execute(
            select(
                Transaction.id,
                Transaction.occurred_on,
                func.coalesce(func.nullif(Transaction.description, ""), Product.name, ""),
                Transaction.quantity,
                Transaction.amount_cents,
                Transaction.currency,
            )
            .outerjoin(Product, Product.id == Transaction.product_id)
            .where(Transaction.contact_id == contact_id)
            .order_by(Transaction.occurred_on.desc(), Transaction.id.desc())
        )
        purchases = tuple(Purchase(*row) for row in rows)
    totals: dict[str, int] = {}
    by_year: dict[tuple[int, str], int] = {}
    for p in purchases:
        totals[p.currency] = totals.get(p.currency, 0) + p.amount_cents
        key = (p.occurred_on.year, p.currency)
        by_year[key] = by_year.get(key, 0) + p.amount_cents
    return PurchaseHistory(purchases, totals, by_year)
