"""Contacts for the report tests and benchmark, written with the ORM entities: one rich
customer with every kind of record, and plain ones with names that trip reports up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store import crm_numbers, names
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityType,
    Company,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    ContactTag,
    CustomField,
    CustomValue,
    Deal,
    Group,
    GroupMember,
    HistoryItem,
    PipelineStage,
    Product,
    Tag,
    Transaction,
)

LONG_NOTE = (
    "Met at the Hannover trade fair; prefers calls before 10:00. Wants the premium support "
    "contract renewed before the budget freeze in March, and asked twice about delivery times "
    "to the Ningbo plant. "
) * 10


def _crm(session: Session) -> str:
    return crm_numbers.format_crm(crm_numbers.allocate(session.connection(), 1)[0])


def _tag(session: Session, name: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.name == name))
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
    return tag


def _group(session: Session, name: str) -> Group:
    group = session.scalar(select(Group).where(Group.name == name))
    if group is None:
        group = Group(name=name)
        session.add(group)
        session.flush()
    return group


def add_contact(
    db: Database,
    first: str,
    last: str,
    *,
    company: str = "",
    phone: str = "",
    email: str = "",
    tags: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    notes: str = "",
) -> tuple[int, str]:
    """A plain contact; returns (id, CRM number)."""
    with db.session() as session:
        contact = Contact(
            crm_number=_crm(session),
            first_name=first,
            last_name=last,
            display_name=names.display_name(first, last),
            sort_name=names.sort_name(first, last, company),
            company_name=company,
            primary_phone=phone,
            primary_email=email,
            notes=notes,
        )
        if phone:
            contact.phones.append(ContactPhone(label="work", number=phone, is_primary=True))
        if email:
            contact.emails.append(
                ContactEmail(
                    label="work", address=email, address_key=email.lower(), is_primary=True
                )
            )
        session.add(contact)
        session.flush()
        for name in tags:
            session.add(ContactTag(contact_id=contact.id, tag_id=_tag(session, name).id))
        for name in groups:
            session.add(GroupMember(contact_id=contact.id, group_id=_group(session, name).id))
        return contact.id, contact.crm_number


def add_rich_customer(
    db: Database,
    first: str = "伟",
    last: str = "王",
    *,
    history: int = 40,
    purchases: int = 60,
    today: date | None = None,
) -> tuple[int, str]:
    """A customer with everything a sheet prints: three phones, two e-mails, two addresses,
    tags, groups, custom fields, open activities (one repeating), `history` history items,
    open, won and lost deals, `purchases` purchases over four years, and a long note."""
    today = today or date.today()
    now = datetime(today.year, today.month, today.day, 9, 30)
    with db.session() as session:
        company = Company(name="Müller & Söhne <GmbH>", city="Köln")
        session.add(company)
        session.flush()
        contact = Contact(
            crm_number=_crm(session),
            first_name=first,
            last_name=last,
            display_name=names.display_name(first, last),
            sort_name=names.sort_name(first, last),
            title="Einkaufsleiter",
            department="Procurement",
            company_id=company.id,
            company_name=company.name,
            owner="Anna Łukasiewicz",
            source="Hannover Messe",
            birthday=date(1978, 5, 17),
            notes=LONG_NOTE + "\n\n客户希望在三月前续签支持合同。",
        )
        contact.phones += [
            ContactPhone(label="mobile", number="+86 138 0013 8000", is_primary=True, position=0),
            ContactPhone(label="work", number="+49 221 123456", position=1),
            ContactPhone(label="fax", number="+49 221 123457", position=2),
        ]
        contact.emails += [
            ContactEmail(label="work", address="wang.wei@example.com", is_primary=True),
            ContactEmail(label="private", address="wei@example.cn", position=1),
        ]
        contact.addresses += [
            ContactAddress(
                label="work",
                street="Hohe Straße 12\n2. Etage",
                city="Köln",
                postal_code="50667",
                country="Germany",
                is_primary=True,
            ),
            ContactAddress(
                label="plant", street="江东区 88号", city="宁波", country="China", position=1
            ),
        ]
        session.add(contact)
        session.flush()
        for name in ("VIP", "Trade fair 2025"):
            session.add(ContactTag(contact_id=contact.id, tag_id=_tag(session, name).id))
        for name in ("Key accounts", "Newsletter"):
            session.add(GroupMember(contact_id=contact.id, group_id=_group(session, name).id))
        for position, (name, value) in enumerate(
            (("Industry", "Automotive"), ("Employees", "1200"), ("Contract ends", "2026-03-31"))
        ):
            field = session.scalar(select(CustomField).where(CustomField.name == name))
            if field is None:
                field = CustomField(name=name, position=position)
                session.add(field)
                session.flush()
            session.add(CustomValue(field_id=field.id, contact_id=contact.id, value=value))
        types = {t.name: t.id for t in session.scalars(select(ActivityType))}
        for offset, (kind, subject, rrule) in enumerate(
            (
                ("Call", "Confirm delivery dates for Q2", ""),
                ("Meeting", "Quarterly review in Köln", "FREQ=MONTHLY;COUNT=6"),
                ("To-do", "Send the renewed support offer", ""),
            )
        ):
            activity = Activity(
                type_id=types[kind],
                subject=subject,
                rrule=rrule,
                starts_at=now + timedelta(days=offset + 1),
                ends_at=now + timedelta(days=offset + 1, hours=1),
                location="Köln" if kind == "Meeting" else "",
                regarding="Support contract" if kind != "Call" else "",
            )
            session.add(activity)
            session.flush()
            session.add(ActivityContact(activity_id=activity.id, contact_id=contact.id))
        kinds = ("call", "email", "meeting", "note", "visit")
        for i in range(history):
            session.add(
                HistoryItem(
                    contact_id=contact.id,
                    kind=kinds[i % len(kinds)],
                    occurred_at=now - timedelta(days=7 * i + 1),
                    subject=f"Follow-up #{i + 1} about the support contract",
                    result="reached" if i % 2 else "left message",
                    text="Discussed volumes and the rollout plan. " * (1 + i % 3),
                )
            )
        stages = {s.name: s for s in session.scalars(select(PipelineStage))}
        deals = (
            ("Support renewal 2026", "Proposal", "open", 4_800_000, 50),
            ("Ningbo plant rollout", "Negotiation", "open", 12_500_050, 75),
            ("Spare parts framework", "Lead", "open", 950_000, 10),
            ("Training package", "Commit", "won", 1_200_000, 100),
            ("Legacy upgrade", "Qualified", "lost", 700_000, 0),
        )
        for title, stage, status, cents, probability in deals:
            session.add(
                Deal(
                    title=title,
                    contact_id=contact.id,
                    company_id=company.id,
                    stage_id=stages[stage].id,
                    amount_cents=cents,
                    probability=probability,
                    status=status,
                    expected_close=today + timedelta(days=30),
                    closed_at=None if status == "open" else now - timedelta(days=20),
                )
            )
        product = Product(
            name="Hydraulic pump HX-200", sku=f"HX-200-{contact.id}", price_cents=125_000
        )
        session.add(product)
        session.flush()
        for i in range(purchases):
            session.add(
                Transaction(
                    contact_id=contact.id,
                    occurred_on=today - timedelta(days=23 * i + 3),
                    product_id=product.id,
                    quantity=1 + i % 4,
                    amount_cents=125_000 * (1 + i % 4),
                )
            )
        return contact.id, contact.crm_number


def add_deal(
    db: Database,
    title: str,
    stage: str,
    cents: int,
    probability: int,
    *,
    contact_id: int | None = None,
    status: str = "open",
    currency: str = "EUR",
) -> int:
    with db.session() as session:
        stage_id = session.scalar(select(PipelineStage.id).where(PipelineStage.name == stage))
        deal = Deal(
            title=title,
            stage_id=stage_id,
            amount_cents=cents,
            probability=probability,
            contact_id=contact_id,
            status=status,
            currency=currency,
        )
        session.add(deal)
        session.flush()
        return deal.id


def add_activity(
    db: Database,
    type_name: str,
    subject: str,
    starts_at: datetime,
    *,
    status: str = "open",
    contact_ids: tuple[int, ...] = (),
) -> int:
    """A one-hour activity starting at `starts_at` (naive UTC)."""
    with db.session() as session:
        type_id = session.scalar(select(ActivityType.id).where(ActivityType.name == type_name))
        activity = Activity(
            type_id=type_id,
            subject=subject,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            status=status,
        )
        session.add(activity)
        session.flush()
        for contact_id in contact_ids:
            session.add(ActivityContact(activity_id=activity.id, contact_id=contact_id))
        return activity.id


def pdf_pages(path: object) -> list[str]:
    """The text of each page, as a user would copy it out of the PDF."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]
