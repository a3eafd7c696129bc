"""What a demo writes and how its rows travel: the tables' columns, the plan that decides
every row (the same plan draws the same rows), the ids the rows refer to, and a block of rows
with its search documents. Plain values, so they can be pickled to and from the worker process.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from desktop.store.search_index import contact_text

# Column order of the tuples each list of `Block` holds, by table, in an order that writes
# every row after the rows it refers to.
COLUMNS: dict[str, tuple[str, ...]] = {
    "companies": (
        "id", "name", "industry", "website", "phone", "street", "city", "region",
        "postal_code", "country",
    ),
    "contacts": (
        "id", "crm_number", "first_name", "last_name", "display_name", "sort_name", "sort_key",
        "title", "department", "company_id", "company_name", "primary_phone", "primary_email",
        "city", "source", "owner", "birthday", "consent_purpose", "consent_source",
        "consent_given_at",
    ),
    "contact_phones": ("contact_id", "label", "number", "e164", "digits", "is_primary", "position"),
    "contact_emails": ("contact_id", "label", "address", "address_key", "is_primary", "position"),
    "contact_addresses": (
        "contact_id", "label", "street", "city", "region", "postal_code", "country",
        "is_primary", "position",
    ),
    "contact_tags": ("contact_id", "tag_id"),
    "group_members": ("group_id", "contact_id"),
    "custom_values": ("field_id", "contact_id", "company_id", "value"),
    "activities": (
        "id", "type_id", "subject", "all_day", "starts_at", "ends_at", "start_date", "end_date",
        "rrule", "tzid", "series_until", "priority", "location", "regarding", "alarm_minutes",
        "status", "completed_at", "result", "owner", "uid",
    ),
    "activity_contacts": ("activity_id", "contact_id"),
    "deals": (
        "id", "title", "contact_id", "company_id", "stage_id", "amount_cents", "currency",
        "probability", "expected_close", "status", "reason", "owner", "stage_entered_at",
        "closed_at",
    ),
    "history_items": (
        "contact_id", "kind", "occurred_at", "subject", "result", "text", "activity_id",
        "deal_id", "owner",
    ),
    "transactions": (
        "contact_id", "occurred_on", "product_id", "description", "quantity", "amount_cents",
        "currency",
    ),
}  # fmt: skip


@dataclass
class Block:
    """Rows for one block of contacts, by table name (see COLUMNS), and their search index
    documents as (contact id, text)."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})
    docs: list[tuple[int, str]] = field(default_factory=list)

    def index(self) -> None:
        """Build the documents the store's own indexer would build from these rows."""
        rows = self.rows
        phones: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
        emails: defaultdict[int, list[str]] = defaultdict(list)
        cities: defaultdict[int, list[str]] = defaultdict(list)
        for cid, _label, number, e164, *_ in rows["contact_phones"]:
            phones[cid].append((number, e164))
        for cid, _label, address, *_ in rows["contact_emails"]:
            emails[cid].append(address)
        for cid, _label, _street, city, *_ in rows["contact_addresses"]:
            if city:
                cities[cid].append(city)
        self.docs = [
            (cid, contact_text(crm, (first, last, shown), company, emails[cid], phones[cid],
                               [city, *cities[cid]]))
            for cid, crm, first, last, shown, _sort, _key, _title, _dept, _company_id, company,
            _phone, _email, city, *_ in rows["contacts"]
        ]  # fmt: skip


@dataclass(frozen=True)
class Lookups:
    """Ids of rows that exist before the contacts: seeded, or written first by the demo."""

    activity_types: dict[str, int]  # 'Call', 'Meeting', 'To-do'
    stages: tuple[tuple[int, int], ...]  # (id, default probability) in pipeline order
    tags: tuple[int, ...]
    groups: tuple[int, ...]
    contact_fields: tuple[int, int]  # Customer since (date), Segment (choice)
    company_field: int  # Employees (number)
    products: tuple[tuple[int, str, int], ...]  # (id, name, price in cents)


@dataclass(frozen=True)
class Plan:
    """Everything that decides a demo's rows: the same plan draws the same rows."""

    seed: int
    today: date
    next_ids: dict[str, int]
    lookups: Lookups
    numbers: range  # CRM numbers, one per contact
    companies: int
    block: int  # contacts per block
    activity_rate: float  # chance of an activity per contact
    deal_rate: float
