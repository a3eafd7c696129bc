"""Everything a customer sheet prints about one contact, read in one short transaction.

Core selects on a Connection rather than ORM objects: a batch reads a thousand of these in a
worker process, and a dozen indexed queries per contact cost a fraction of loading the ORM graph
(desktop.services.contacts.load_contact gives the card's fields but not the activities, history,
deals and purchases a sheet needs). The result is frozen values, safe to hand to another thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import BindParameter, Connection, DateTime, Integer, bindparam, func, select

from desktop.errors import RapportError
from desktop.services.activity_lists import from_today
from desktop.services.activity_queries import next_occurrences
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


# The statements are built once: a batch runs them for every contact, and building a select
# costs more than SQLite takes to answer it. Each takes the contact as :cid.
_CID: BindParameter[int] = bindparam("cid", type_=Integer)
_LIMIT: BindParameter[int] = bindparam("limit", type_=Integer)
_SINCE: BindParameter[datetime] = bindparam("since", type_=DateTime)
_CONTACT = select(
    Contact.crm_number,
    Contact.display_name,
    Contact.company_name,
    Contact.title,
    Contact.department,
    Contact.owner,
    Contact.source,
    Contact.birthday,
    Contact.notes,
    Contact.consent_withdrawn_at,
    select(func.count()).where(HistoryItem.contact_id == _CID).scalar_subquery(),
    select(func.count()).where(Transaction.contact_id == _CID).scalar_subquery(),
).where(Contact.id == _CID)
_PHONES = (
    select(ContactPhone.label, ContactPhone.number, ContactPhone.is_primary)
    .where(ContactPhone.contact_id == _CID)
    .order_by(ContactPhone.position, ContactPhone.id)
)
_EMAILS = (
    select(ContactEmail.label, ContactEmail.address, ContactEmail.is_primary)
    .where(ContactEmail.contact_id == _CID)
    .order_by(ContactEmail.position, ContactEmail.id)
)
_ADDRESSES = (
    select(
        ContactAddress.label,
        ContactAddress.street,
        ContactAddress.postal_code,
        ContactAddress.city,
        ContactAddress.region,
        ContactAddress.country,
        ContactAddress.is_primary,
    )
    .where(ContactAddress.contact_id == _CID)
    .order_by(ContactAddress.position, ContactAddress.id)
)
_TAGS = (
    select(Tag.name)
    .join(ContactTag, ContactTag.tag_id == Tag.id)
    .where(ContactTag.contact_id == _CID)
    .order_by(Tag.name)
)
_GROUPS = (
    select(Group.name)
    .join(GroupMember, GroupMember.group_id == Group.id)
    .where(GroupMember.contact_id == _CID)
    .order_by(Group.name)
)
_CUSTOM = (
    select(CustomField.name, CustomValue.value)
    .join(CustomValue, CustomValue.field_id == CustomField.id)
    .where(
        CustomValue.contact_id == _CID,
        CustomField.applies_to == FieldTarget.CONTACT,
        CustomValue.value != "",
    )
    .order_by(CustomField.position, CustomField.name)
)
_OPEN_ACTIVITIES = (
    select(
        Activity.starts_at,
        Activity.start_date,
        ActivityType.name,
        Activity.subject,
        Activity.priority,
        Activity.rrule != "",
        Activity.location,
        Activity.regarding,
        Activity.id,
    )
    .join(ActivityContact, ActivityContact.activity_id == Activity.id)
    .join(ActivityType, ActivityType.id == Activity.type_id)
    .where(ActivityContact.contact_id == _CID, Activity.status == ActivityStatus.OPEN)
    .order_by(func.coalesce(Activity.starts_at, Activity.start_date), Activity.id)
)
_HISTORY = (
    select(
        HistoryItem.occurred_at,
        HistoryItem.kind,
        HistoryItem.subject,
        HistoryItem.result,
        HistoryItem.text,
    )
    .where(HistoryItem.contact_id == _CID)
    .order_by(HistoryItem.occurred_at.desc(), HistoryItem.id.desc())
    .limit(_LIMIT)
)
_DEALS = select(
    Deal.title,
    PipelineStage.name,
    Deal.status,
    Deal.amount_cents,
    Deal.currency,
    Deal.probability,
    Deal.expected_close,
    Deal.closed_at,
).join(PipelineStage, PipelineStage.id == Deal.stage_id)
_OPEN_DEALS = _DEALS.where(Deal.contact_id == _CID, Deal.status == DealStatus.OPEN).order_by(
    PipelineStage.position, Deal.expected_close, Deal.id
)
#: won or lost within the last year, the latest few
_CLOSED_DEALS = (
    _DEALS.where(
        Deal.contact_id == _CID,
        Deal.status != DealStatus.OPEN,
        func.coalesce(Deal.closed_at, Deal.updated_at) >= _SINCE,
    )
    .order_by(func.coalesce(Deal.closed_at, Deal.updated_at).desc(), Deal.id.desc())
    .limit(RECENT_DEALS)
)
_PURCHASES = (
    select(
        Transaction.occurred_on,
        func.coalesce(func.nullif(Transaction.description, ""), Product.name, ""),
        Transaction.quantity,
        Transaction.amount_cents,
        Transaction.currency,
    )
    .outerjoin(Product, Product.id == Transaction.product_id)
    .where(Transaction.contact_id == _CID)
    .order_by(Transaction.occurred_on.desc(), Transaction.id.desc())
    .limit(_LIMIT)
)
# Years are cut in Python: SQLite and PostgreSQL spell 'year of a date' differently, and one
# contact's purchases are few enough to read.
_PURCHASE_AMOUNTS = select(
    Transaction.occurred_on, Transaction.currency, Transaction.amount_cents
).where(Transaction.contact_id == _CID)


def load_customer_sheet(
    conn: Connection,
    contact_id: int,
    history_limit: int = 10,
    purchase_limit: int = 12,
    now: datetime | None = None,
) -> CustomerSheetData:
    """All of one contact's sheet; RapportError when the contact does not exist. `now`
    (naive UTC, default the clock) decides a series' next occurrence."""
    cid = {"cid": contact_id}
    row = conn.execute(_CONTACT, cid).first()
    if row is None:
        raise RapportError(f"contact {contact_id} does not exist (deleted?)")
    (crm, display, company, title, department, owner, source, birthday, notes, withdrawn,
     history_total, purchase_total) = row  # fmt: skip
    since = utcnow() - timedelta(days=RECENT_DEAL_DAYS)
    deals = [*conn.execute(_OPEN_DEALS, cid), *conn.execute(_CLOSED_DEALS, {**cid, "since": since})]
    return CustomerSheetData(
        id=contact_id,
        crm_number=crm,
        name=display or company or crm,
        title=title,
        department=department,
        company=company,
        owner=owner,
        source=source,
        birthday=birthday,
        phones=tuple(Entry(lbl, num, bool(p)) for lbl, num, p in conn.execute(_PHONES, cid)),
        emails=tuple(Entry(lbl, adr, bool(p)) for lbl, adr, p in conn.execute(_EMAILS, cid)),
        addresses=tuple(
            Entry(label, address_line(street, postal, city, region, country), bool(primary))
            for label, street, postal, city, region, country, primary in conn.execute(
                _ADDRESSES, cid
            )
        ),
        tags=tuple(conn.scalars(_TAGS, cid)),
        groups=tuple(conn.scalars(_GROUPS, cid)),
        custom=tuple((name, value) for name, value in conn.execute(_CUSTOM, cid)),
        open_activities=_open_activities(conn, cid, now),
        history=tuple(
            HistoryLine(*r) for r in conn.execute(_HISTORY, {**cid, "limit": history_limit})
        )
        if history_limit > 0
        else (),
        history_total=history_total or 0,
        deals=tuple(DealLine(*r) for r in deals),
        purchases=tuple(
            PurchaseLine(*r) for r in conn.execute(_PURCHASES, {**cid, "limit": purchase_limit})
        ),
        purchase_total=purchase_total or 0,
        year_totals=_year_totals(conn.execute(_PURCHASE_AMOUNTS, cid)),
        notes=notes,
        consent_withdrawn=withdrawn is not None,
    )


def _open_activities(
    conn: Connection, cid: dict[str, int], now: datetime | None
) -> tuple[ActivityLine, ...]:
    """Open activities soonest first; a series at its next occurrence still to come (the one
    after a completed occurrence), left out when none is left."""
    rows = conn.execute(_OPEN_ACTIVITIES, cid).all()
    series = [r.id for r in rows if r[5]]
    after, today = from_today(now, None)
    upcoming = next_occurrences(conn, series, after, today) if series else {}
    lines = []
    for start, day, kind, subject, priority, repeats, place, regarding, activity_id in rows:
        if activity_id in upcoming:
            instance = upcoming[activity_id]
            if instance is None:
                continue
            start, day = (None, instance.start.date()) if day else (instance.start, None)
        lines.append(
            ActivityLine(start, day, kind, subject, priority, bool(repeats), place, regarding)
        )
    lines.sort(key=lambda a: a.starts_at or datetime.combine(a.start_date or date.min, time()))
    return tuple(lines)


def _year_totals(rows: Iterable[tuple[date, str, int]]) -> tuple[YearTotal, ...]:
    """Totals per calendar year and currency, newest year first."""
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for occurred_on, currency, cents in rows:
        entry = totals[(occurred_on.year, currency)]
        entry[0] += 1
        entry[1] += cents
    ordered = sorted(totals.items(), key=lambda item: (-item[0][0], item[0][1]))
    return tuple(YearTotal(year, cur, count, cents) for (year, cur), (count, cents) in ordered)
