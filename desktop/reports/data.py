"""Everything a customer sheet prints about one contact, read in one short transaction.

Core selects on a Connection rather than ORM objects: a batch reads a thousand of these in a
worker process, and a dozen indexed queries per contact cost a fraction of loading the ORM graph
(desktop.services.contacts.load_contact gives the card's fields but not the activities, history,
deals and purchases a sheet needs). The result is frozen values, safe to hand to another thread.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, and_, func, or_, select

from desktop.errors import RapportError
from desktop.store import crm_numbers
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityStatus,
    ActivityType,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    ContactTag,
    CustomField,
    CustomValue,
    Deal,
    DealStatus,
    FieldTarget,
    Group,
    GroupMember,
    HistoryItem,
    PipelineStage,
    Product,
    Tag,
    Transaction,
    utcnow,
)

RECENT_DEAL_DAYS = 365
RECENT_DEALS = 10


@dataclass(frozen=True)
class Entry:
    """A labelled phone, e-mail or address line."""

    label: str
    value: str
    primary: bool


@dataclass(frozen=True)
class ActivityLine:
    starts_at: datetime | None  # naive UTC
    start_date: date | None  # all-day
    type_name: str
    subject: str
    priority: int
    repeats: bool
    location: str
    regarding: str


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: datetime
    kind: str
    subject: str
    result: str
    text: str


@dataclass(frozen=True)
class DealLine:
    title: str
    stage: str
    status: str
    amount_cents: int
    currency: str
    probability: int
    expected_close: date | None
    closed_at: datetime | None


@dataclass(frozen=True)
class PurchaseLine:
    occurred_on: date
    description: str
    quantity: int
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class YearTotal:
    year: int
    currency: str
    purchases: int
    amount_cents: int


@dataclass(frozen=True)
class CustomerSheetData:
    id: int
    crm_number: str
    name: str
    title: str
    department: str
    company: str
    owner: str
    source: str
    birthday: date | None
    phones: tuple[Entry, ...]
    emails: tuple[Entry, ...]
    addresses: tuple[Entry, ...]
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    custom: tuple[tuple[str, str], ...]
    open_activities: tuple[ActivityLine, ...]
    history: tuple[HistoryLine, ...]
    history_total: int
    deals: tuple[DealLine, ...]
    purchases: tuple[PurchaseLine, ...]
    purchase_total: int
    year_totals: tuple[YearTotal, ...]
    notes: str
    consent_withdrawn: bool


def contact_id_for_crm(conn: Connection, text: str) -> int:
    """The contact with the CRM number typed in `text`; RapportError naming it otherwise."""
    crm = crm_numbers.normalise_crm(text)
    found = conn.scalar(select(Contact.id).where(Contact.crm_number == crm)) if crm else None
    if found is None:
        raise RapportError(f"no contact has the CRM number {text.strip()!r}")
    return found


def address_line(street: str, postal_code: str, city: str, region: str, country: str) -> str:
    place = " ".join(part for part in (postal_code, city) if part)
    parts = (street.strip().replace("\n", ", "), place, region, country)
    return ", ".join(part for part in parts if part)


def load_customer_sheet(
    conn: Connection, contact_id: int, history_limit: int = 10, purchase_limit: int = 12
) -> CustomerSheetData:
    """All of one contact's sheet; RapportError when the contact does not exist."""
    row = conn.execute(select(Contact).where(Contact.id == contact_id)).mappings().first()
    if row is None:
        raise RapportError(f"contact {contact_id} does not exist (deleted?)")
    history_total = conn.scalar(
        select(func.count()).select_from(HistoryItem).where(HistoryItem.contact_id == contact_id)
    )
    purchase_total = conn.scalar(
        select(func.count()).select_from(Transaction).where(Transaction.contact_id == contact_id)
    )
    return CustomerSheetData(
        id=contact_id,
        crm_number=row["crm_number"],
        name=row["display_name"] or row["company_name"] or row["crm_number"],
        title=row["title"],
        department=row["department"],
        company=row["company_name"],
        owner=row["owner"],
        source=row["source"],
        birthday=row["birthday"],
        phones=_phones(conn, contact_id),
        emails=_emails(conn, contact_id),
        addresses=_addresses(conn, contact_id),
        tags=tuple(
            conn.scalars(
                select(Tag.name)
                .join(ContactTag, ContactTag.tag_id == Tag.id)
                .where(ContactTag.contact_id == contact_id)
                .order_by(Tag.name)
            )
        ),
        groups=tuple(
            conn.scalars(
                select(Group.name)
                .join(GroupMember, GroupMember.group_id == Group.id)
                .where(GroupMember.contact_id == contact_id)
                .order_by(Group.name)
            )
        ),
        custom=_custom(conn, contact_id),
        open_activities=_open_activities(conn, contact_id),
        history=_history(conn, contact_id, history_limit),
        history_total=history_total or 0,
        deals=_deals(conn, contact_id),
        purchases=_purchases(conn, contact_id, purchase_limit),
        purchase_total=purchase_total or 0,
        year_totals=_year_totals(conn, contact_id),
        notes=row["notes"],
        consent_withdrawn=row["consent_withdrawn_at"] is not None,
    )


def _phones(conn: Connection, contact_id: int) -> tuple[Entry, ...]:
    rows = conn.execute(
        select(ContactPhone.label, ContactPhone.number, ContactPhone.is_primary)
        .where(ContactPhone.contact_id == contact_id)
        .order_by(ContactPhone.position, ContactPhone.id)
    )
    return tuple(Entry(label, number, bool(primary)) for label, number, primary in rows)


def _emails(conn: Connection, contact_id: int) -> tuple[Entry, ...]:
    rows = conn.execute(
        select(ContactEmail.label, ContactEmail.address, ContactEmail.is_primary)
        .where(ContactEmail.contact_id == contact_id)
        .order_by(ContactEmail.position, ContactEmail.id)
    )
    return tuple(Entry(label, address, bool(primary)) for label, address, primary in rows)


def _addresses(conn: Connection, contact_id: int) -> tuple[Entry, ...]:
    a = ContactAddress
    rows = conn.execute(
        select(a.label, a.street, a.postal_code, a.city, a.region, a.country, a.is_primary)
        .where(a.contact_id == contact_id)
        .order_by(a.position, a.id)
    )
    return tuple(
        Entry(label, address_line(street, postal, city, region, country), bool(primary))
        for label, street, postal, city, region, country, primary in rows
    )


def _custom(conn: Connection, contact_id: int) -> tuple[tuple[str, str], ...]:
    rows = conn.execute(
        select(CustomField.name, CustomValue.value)
        .join(CustomValue, CustomValue.field_id == CustomField.id)
        .where(
            CustomValue.contact_id == contact_id,
            CustomField.applies_to == FieldTarget.CONTACT,
            CustomValue.value != "",
        )
        .order_by(CustomField.position, CustomField.name)
    )
    return tuple((name, value) for name, value in rows)


def _open_activities(conn: Connection, contact_id: int) -> tuple[ActivityLine, ...]:
    rows = conn.execute(
        select(
            Activity.starts_at,
            Activity.start_date,
            ActivityType.name,
            Activity.subject,
            Activity.priority,
            Activity.rrule,
            Activity.location,
            Activity.regarding,
        )
        .join(ActivityContact, ActivityContact.activity_id == Activity.id)
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .where(ActivityContact.contact_id == contact_id, Activity.status == ActivityStatus.OPEN)
        .order_by(func.coalesce(Activity.starts_at, Activity.start_date), Activity.id)
    )
    return tuple(
        ActivityLine(starts, day, type_name, subject, priority, bool(rrule), location, regarding)
        for starts, day, type_name, subject, priority, rrule, location, regarding in rows
    )


def _history(conn: Connection, contact_id: int, limit: int) -> tuple[HistoryLine, ...]:
    if limit <= 0:
        return ()
    h = HistoryItem
    rows = conn.execute(
        select(h.occurred_at, h.kind, h.subject, h.result, h.text)
        .where(h.contact_id == contact_id)
        .order_by(h.occurred_at.desc(), h.id.desc())
        .limit(limit)
    )
    return tuple(HistoryLine(*row) for row in rows)


def _deals(conn: Connection, contact_id: int) -> tuple[DealLine, ...]:
    """Open deals, and those won or lost within the last year (the latest few)."""
    since = utcnow() - timedelta(days=RECENT_DEAL_DAYS)
    columns = (
        Deal.title,
        PipelineStage.name,
        Deal.status,
        Deal.amount_cents,
        Deal.currency,
        Deal.probability,
        Deal.expected_close,
        Deal.closed_at,
    )
    base = select(*columns).join(PipelineStage, PipelineStage.id == Deal.stage_id)
    open_rows = conn.execute(
        base.where(Deal.contact_id == contact_id, Deal.status == DealStatus.OPEN).order_by(
            PipelineStage.position, Deal.expected_close, Deal.id
        )
    )
    closed_rows = conn.execute(
        base.where(
            Deal.contact_id == contact_id,
            Deal.status != DealStatus.OPEN,
            or_(Deal.closed_at >= since, and_(Deal.closed_at.is_(None), Deal.updated_at >= since)),
        )
        .order_by(Deal.closed_at.desc(), Deal.id.desc())
        .limit(RECENT_DEALS)
    )
    return tuple(DealLine(*row) for row in [*open_rows, *closed_rows])


def _purchases(conn: Connection, contact_id: int, limit: int) -> tuple[PurchaseLine, ...]:
    t = Transaction
    rows = conn.execute(
        select(
            t.occurred_on,
            func.coalesce(func.nullif(t.description, ""), Product.name, ""),
            t.quantity,
            t.amount_cents,
            t.currency,
        )
        .outerjoin(Product, Product.id == t.product_id)
        .where(t.contact_id == contact_id)
        .order_by(t.occurred_on.desc(), t.id.desc())
        .limit(limit)
    )
    return tuple(PurchaseLine(*row) for row in rows)


def _year_totals(conn: Connection, contact_id: int) -> tuple[YearTotal, ...]:
    """Totals per calendar year (and currency), newest year first. Years are cut in Python:
    SQLite and PostgreSQL spell 'year of a date' differently, and one contact's purchases are
    few enough to read."""
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = conn.execute(
        select(Transaction.occurred_on, Transaction.currency, Transaction.amount_cents).where(
            Transaction.contact_id == contact_id
        )
    )
    for occurred_on, currency, cents in rows:
        entry = totals[(occurred_on.year, currency)]
        entry[0] += 1
        entry[1] += cents
    return tuple(
        YearTotal(year, currency, count, cents)
        for (year, currency), (count, cents) in sorted(
            totals.items(), key=lambda i: (-i[0][0], i[0][1])
        )
    )
