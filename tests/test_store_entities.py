"""Every record a salesperson keeps survives a save and a reload, goes away with what it
belongs to, and the database refuses values that would make it wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.store.crm_numbers import allocate, format_crm
from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityType,
    Company,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Counter,
    CustomField,
    CustomValue,
    Deal,
    DealLine,
    ErasureRecord,
    Group,
    GroupMember,
    HistoryItem,
    ImportBatch,
    ImportChange,
    ImportMapping,
    MonthlyQuota,
    PipelineStage,
    Product,
    Tag,
    Transaction,
    utcnow,
)
from desktop.store.names import display_name, sort_name

pytestmark = pytest.mark.postgres

MOMENT = datetime(2025, 3, 30, 7, 0)  # the Sunday Europe/Berlin moves to summer time


def new_contact(session: Session, first: str = "Jürgen", last: str = "Müller", **fields) -> Contact:
    contact = Contact(
        crm_number=format_crm(allocate(session.connection())[0]),
        first_name=first,
        last_name=last,
        display_name=display_name(first, last),
        sort_name=sort_name(first, last),
        **fields,
    )
    session.add(contact)
    session.flush()
    return contact


def count(db: Database, table: str, where: str = "1 = 1") -> int:
    with db.transaction() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {where}")).scalar_one())


# Round trips --------------------------------------------------------------------------------


def test_a_contact_with_everything_on_its_card_round_trips(any_db: Database) -> None:
    with any_db.session() as session:
        company = Company(name="北京华星科技有限公司", industry="Software", website="https://hx.cn")
        session.add(company)
        session.flush()
        contact = new_contact(
            session,
            "伟",
            "王",
            title="总经理",
            department="采购部",
            company_id=company.id,
            company_name=company.name,
            source="Trade fair",
            owner="Li Na",
            birthday=date(1980, 2, 29),
            notes="Prefers WeChat.\nSecond line.",
            consent_purpose="Newsletter",
            consent_source="Website form",
            consent_given_at=MOMENT,
        )
        contact.phones.extend(
            [
                ContactPhone(
                    label="work",
                    number="+86 10 1234 5678",
                    e164="+861012345678",
                    digits="861012345678",
                    is_primary=True,
                    position=0,
                ),
                ContactPhone(label="mobile", number="138 0013 8000", position=1),
            ]
        )
        contact.emails.append(
            ContactEmail(
                label="work",
                address="Wang.Wei@HX.cn",
                address_key="wang.wei@hx.cn",
                is_primary=True,
            )
        )
        contact.addresses.append(
            ContactAddress(
                label="work",
                street="中山路88号",
                city="北京",
                region="北京市",
                postal_code="100000",
                country="China",
                is_primary=True,
            )
        )
        contact_id = contact.id

    with any_db.session() as session:
        loaded = session.get(Contact, contact_id)
        assert loaded is not None
        assert (loaded.display_name, loaded.sort_name, loaded.crm_number) == (
            "王伟",
            "王伟",
            "C-000001",
        )
        assert (loaded.title, loaded.department, loaded.company_name) == (
            "总经理",
            "采购部",
            "北京华星科技有限公司",
        )
        assert loaded.birthday == date(1980, 2, 29)
        assert loaded.notes == "Prefers WeChat.\nSecond line."
        assert (loaded.consent_purpose, loaded.consent_given_at, loaded.consent_withdrawn_at) == (
            "Newsletter",
            MOMENT,
            None,
        )
        assert [(p.label, p.number, p.e164, p.is_primary) for p in loaded.phones] == [
            ("work", "+86 10 1234 5678", "+861012345678", True),
            ("mobile", "138 0013 8000", "", False),  # kept as typed, unparsed
        ]
        assert [(e.address, e.address_key) for e in loaded.emails] == [
            ("Wang.Wei@HX.cn", "wang.wei@hx.cn")
        ]
        assert loaded.addresses[0].street == "中山路88号"
        assert loaded.version == 1


def test_tags_groups_and_custom_values_round_trip(any_db: Database) -> None:
    with any_db.session() as session:
        contact = new_contact(session)
        company = Company(name="Müller & Söhne GmbH")
        vip, fair = Tag(name="VIP"), Group(name="Hannover Messe", description="Met at the fair")
        since = CustomField(name="Customer since", field_type="date")
        segment = CustomField(name="Segment", field_type="choice", choices="A\nB\nC", position=1)
        staff = CustomField(name="Employees", field_type="number", applies_to="company")
        session.add_all([company, vip, fair, since, segment, staff])
        session.flush()
        session.add_all(
            [
                ContactTag(contact_id=contact.id, tag_id=vip.id),
                GroupMember(group_id=fair.id, contact_id=contact.id),
                CustomValue(field_id=since.id, contact_id=contact.id, value="2019-04-01"),
                CustomValue(field_id=segment.id, contact_id=contact.id, value="B"),
                CustomValue(field_id=staff.id, company_id=company.id, value="250"),
            ]
        )
        contact_id, company_id = contact.id, company.id

    with any_db.session() as session:
        tags = session.scalars(
            select(Tag.name).join(ContactTag).where(ContactTag.contact_id == contact_id)
        ).all()
        groups = session.execute(
            select(Group.name, Group.description)
            .join(GroupMember)
            .where(GroupMember.contact_id == contact_id)
        ).all()
        values = session.execute(
            select(CustomField.name, CustomField.field_type, CustomValue.value)
            .join(CustomValue)
            .where(CustomValue.contact_id == contact_id)
            .order_by(CustomField.position)
        ).all()
        company_value = session.scalar(
            select(CustomValue.value).where(CustomValue.company_id == company_id)
        )
    assert tags == ["VIP"]
    assert groups == [("Hannover Messe", "Met at the fair")]
    assert values == [("Customer since", "date", "2019-04-01"), ("Segment", "choice", "B")]
    assert company_value == "250"


def test_activities_single_all_day_and_recurring_round_trip(any_db: Database) -> None:
    with any_db.session() as session:
        contact = new_contact(session)
        types = {t.name: t.id for t in session.scalars(select(ActivityType))}
        call = Activity(
            type_id=types["Call"],
            subject="Rückruf",
            starts_at=MOMENT,
            ends_at=MOMENT + timedelta(minutes=15),
            priority=1,
            alarm_minutes=10,
            regarding="Angebot 4711",
        )
        todo = Activity(
            type_id=types["To-do"],
            subject="Angebot schreiben",
            all_day=True,
            start_date=date(2025, 3, 31),
            end_date=date(2025, 4, 1),
        )
        weekly = Activity(
            type_id=types["Meeting"],
            subject="Jour fixe",
            starts_at=MOMENT,
            ends_at=MOMENT + timedelta(hours=1),
            rrule="FREQ=WEEKLY;COUNT=10",
            tzid="Europe/Berlin",
            series_until=MOMENT + timedelta(weeks=9),
            location="Köln",
        )
        session.add_all([call, todo, weekly])
        session.flush()
        weekly.exceptions.append(ActivityException(original_start=MOMENT + timedelta(weeks=1)))
        weekly.exceptions.append(
            ActivityException(
                original_start=MOMENT + timedelta(weeks=2),
                kind="moved",
                new_start=MOMENT + timedelta(weeks=2, hours=2),
                new_end=MOMENT + timedelta(weeks=2, hours=3),
            )
        )
        session.add_all(
            [ActivityContact(activity_id=a.id, contact_id=contact.id) for a in (call, todo, weekly)]
        )
        ids = (call.id, todo.id, weekly.id)

    with any_db.session() as session:
        call, todo, weekly = (session.get(Activity, i) for i in ids)
        assert call and todo and weekly
        assert (call.type.name, call.status, call.starts_at, call.alarm_minutes) == (
            "Call",
            "open",
            MOMENT,
            10,
        )
        assert (todo.all_day, todo.starts_at, todo.start_date, todo.end_date) == (
            True,
            None,
            date(2025, 3, 31),
            date(2025, 4, 1),
        )
        assert (weekly.rrule, weekly.tzid) == ("FREQ=WEEKLY;COUNT=10", "Europe/Berlin")
        assert sorted((e.kind, e.new_start) for e in weekly.exceptions) == [
            ("moved", MOMENT + timedelta(weeks=2, hours=2)),
            ("skip", None),
        ]
        linked = session.scalars(
            select(ActivityContact.activity_id).order_by(ActivityContact.activity_id)
        ).all()
        assert linked == sorted(ids)


def test_history_deals_products_and_purchases_round_trip(any_db: Database) -> None:
    with any_db.session() as session:
        contact = new_contact(session)
        stage = session.scalars(select(PipelineStage).where(PipelineStage.name == "Proposal")).one()
        valve = Product(name="Industrial valve DN50", sku="V-50", price_cents=4550)
        session.add(valve)
        session.flush()
        deal = Deal(
            title="Ventile 2025",
            contact_id=contact.id,
            stage_id=stage.id,
            amount_cents=1_234_567,
            currency="EUR",
            probability=stage.default_probability,
            expected_close=date(2025, 6, 30),
            stage_entered_at=MOMENT,
        )
        session.add(deal)
        session.flush()
        session.add_all(
            [
                DealLine(deal_id=deal.id, product_id=valve.id, quantity=3, unit_price_cents=4550),
                HistoryItem(
                    contact_id=contact.id,
                    kind="stage_change",
                    occurred_at=MOMENT,
                    subject="Qualified → Proposal",
                    deal_id=deal.id,
                ),
                Transaction(
                    contact_id=contact.id,
                    occurred_on=date(2024, 12, 1),
                    product_id=valve.id,
                    description="Industrial valve DN50",
                    quantity=2,
                    amount_cents=9100,
                ),
            ]
        )
        deal_id = deal.id

    with any_db.session() as session:
        deal = session.get(Deal, deal_id)
        assert deal is not None
        assert (deal.amount_cents, deal.probability, deal.status, deal.expected_close) == (
            1_234_567,
            50,
            "open",
            date(2025, 6, 30),
        )
        line = session.scalars(select(DealLine)).one()
        assert line.quantity * line.unit_price_cents == 13650
        item = session.scalars(select(HistoryItem)).one()
        assert (item.kind, item.subject, item.deal_id) == (
            "stage_change",
            "Qualified → Proposal",
            deal_id,
        )
        purchase = session.scalars(select(Transaction)).one()
        assert (purchase.occurred_on, purchase.amount_cents) == (date(2024, 12, 1), 9100)


def test_bookkeeping_records_round_trip(any_db: Database) -> None:
    with any_db.session() as session:
        batch = ImportBatch(file_name="Messe 2025.xlsx", counts='{"created": 1}')
        session.add_all(
            [
                batch,
                ImportMapping(name="Outlook", mapping='{"First Name": "first_name"}'),
                MonthlyQuota(month="2025-06", amount_cents=5_000_000),
                ErasureRecord(note="on request"),
            ]
        )
        session.flush()
        session.add(ImportChange(batch_id=batch.id, contact_id=42, action="created"))
    with any_db.session() as session:
        assert session.get(Counter, "contact").value == 0  # type: ignore[union-attr]
        assert session.get(MonthlyQuota, "2025-06").amount_cents == 5_000_000  # type: ignore[union-attr]
        assert session.scalars(select(ImportChange.action)).all() == ["created"]
        assert (
            session.scalars(select(ImportMapping.mapping)).one() == '{"First Name": "first_name"}'
        )
        erased = session.scalars(select(ErasureRecord)).one()
        assert erased.erased_at is not None and erased.note == "on request"


def test_the_pipeline_and_activity_types_every_database_starts_with(any_db: Database) -> None:
    with any_db.session() as session:
        stages = session.execute(
            select(PipelineStage.name, PipelineStage.default_probability).order_by(
                PipelineStage.position
            )
        ).all()
        types = session.execute(
            select(ActivityType.name, ActivityType.builtin, ActivityType.history_kind)
        ).all()
    assert [tuple(s) for s in stages] == [
        ("Lead", 10),
        ("Qualified", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
        ("Commit", 90),
    ]
    assert sorted(tuple(t) for t in types) == [
        ("Call", True, "call"),
        ("Meeting", True, "meeting"),
        ("To-do", True, "todo"),
    ]


# Timestamps and versions --------------------------------------------------------------------


def test_created_and_updated_are_stamped_and_updated_moves_on_a_change(any_db: Database) -> None:
    long_ago = datetime(2001, 1, 1)
    before = utcnow() - timedelta(seconds=1)
    with any_db.session() as session:
        contact = new_contact(session)
        stamped = [contact.created_at, contact.updated_at]
        company = Company(name="Alt GmbH", created_at=long_ago, updated_at=long_ago)
        session.add(company)
        session.flush()
        ids = contact.id, company.id
    assert all(before <= stamp <= utcnow() for stamp in stamped)
    with any_db.session() as session:
        company = session.get(Company, ids[1])
        contact = session.get(Contact, ids[0])
        assert company is not None and contact is not None
        company.name = "Neu GmbH"
        contact.title = "Einkaufsleiter"
    with any_db.session() as session:
        company = session.get(Company, ids[1])
        contact = session.get(Contact, ids[0])
        assert company is not None and contact is not None
        assert company.created_at == long_ago
        assert company.updated_at >= before
        assert contact.version == 2  # optimistic locking counts every save


def test_rows_written_by_bulk_sql_get_timestamps_from_the_database(any_db: Database) -> None:
    with any_db.transaction() as conn:
        conn.execute(text("INSERT INTO tags (name) VALUES ('bulk')"))
        created, updated = conn.execute(text("SELECT created_at, updated_at FROM tags")).one()
    assert created is not None and updated is not None


# Cascades -----------------------------------------------------------------------------------


def test_deleting_a_contact_removes_what_belongs_to_it_and_keeps_what_does_not(
    any_db: Database,
) -> None:
    with any_db.session() as session:
        contact = new_contact(session)
        contact.phones.append(ContactPhone(number="+49 30 1234567"))
        contact.emails.append(ContactEmail(address="j@example.de"))
        contact.addresses.append(ContactAddress(city="Köln"))
        tag, group = Tag(name="VIP"), Group(name="Golf day")
        field = CustomField(name="Segment")
        stage_id = session.scalar(select(PipelineStage.id).limit(1))
        call_type = session.scalar(select(ActivityType.id).where(ActivityType.name == "Call"))
        meeting = Activity(type_id=call_type, subject="Shared meeting", starts_at=MOMENT)
        session.add_all([tag, group, field, meeting])
        session.flush()
        deal = Deal(title="Kept", contact_id=contact.id, stage_id=stage_id)
        session.add(deal)
        session.flush()
        session.add_all(
            [
                ContactTag(contact_id=contact.id, tag_id=tag.id),
                GroupMember(group_id=group.id, contact_id=contact.id),
                CustomValue(field_id=field.id, contact_id=contact.id, value="A"),
                ActivityContact(activity_id=meeting.id, contact_id=contact.id),
                HistoryItem(contact_id=contact.id, occurred_at=MOMENT, subject="Called"),
                Transaction(contact_id=contact.id, occurred_on=date(2024, 1, 2), amount_cents=100),
            ]
        )
        contact_id, deal_id = contact.id, deal.id
    with any_db.session() as session:
        session.delete(session.get(Contact, contact_id))

    for table in (
        "contact_phones",
        "contact_emails",
        "contact_addresses",
        "contact_tags",
        "group_members",
        "custom_values",
        "activity_contacts",
        "history_items",
        "transactions",
    ):
        assert count(any_db, table) == 0, table
    # Shared things stay: the tag, the group, the field, the meeting, and the deal (unlinked).
    assert [count(any_db, t) for t in ("tags", "groups", "custom_fields", "activities")] == [1] * 4
    assert count(any_db, "deals", f"id = {deal_id} AND contact_id IS NULL") == 1


def test_deleting_shared_things_unlinks_or_removes_what_hangs_off_them(any_db: Database) -> None:
    with any_db.session() as session:
        company = Company(name="Weg GmbH")
        session.add(company)
        session.flush()
        contact = new_contact(session, company_id=company.id, company_name=company.name)
        tag, group, field = Tag(name="Old"), Group(name="Old list"), CustomField(name="Old field")
        product = Product(name="Discontinued", sku="OLD-1", price_cents=990)
        call_type = session.scalar(select(ActivityType.id).where(ActivityType.name == "Call"))
        activity = Activity(type_id=call_type, starts_at=MOMENT, rrule="FREQ=DAILY;COUNT=3")
        stage_id = session.scalar(select(PipelineStage.id).limit(1))
        batch = ImportBatch(file_name="old.csv")
        session.add_all([tag, group, field, product, activity, batch])
        session.flush()
        deal = Deal(title="Old deal", stage_id=stage_id, company_id=company.id)
        session.add(deal)
        session.flush()
        activity.exceptions.append(ActivityException(original_start=MOMENT))
        session.add_all(
            [
                ContactTag(contact_id=contact.id, tag_id=tag.id),
                GroupMember(group_id=group.id, contact_id=contact.id),
                CustomValue(field_id=field.id, contact_id=contact.id, value="x"),
                DealLine(deal_id=deal.id, product_id=product.id),
                Transaction(
                    contact_id=contact.id, occurred_on=date(2024, 5, 6), product_id=product.id
                ),
                HistoryItem(
                    contact_id=contact.id,
                    occurred_at=MOMENT,
                    activity_id=activity.id,
                    deal_id=deal.id,
                ),
                ImportChange(batch_id=batch.id, contact_id=contact.id, action="created"),
            ]
        )
    with any_db.transaction() as conn:
        for table in ("tags", "groups", "custom_fields", "products", "companies", "import_batches"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("DELETE FROM activities"))
        conn.execute(text("DELETE FROM deals"))
    assert [
        count(any_db, t)
        for t in (
            "contact_tags",
            "group_members",
            "custom_values",
            "activity_exceptions",
            "deal_lines",
            "import_changes",
        )
    ] == [0] * 6
    assert count(any_db, "contacts", "company_id IS NULL AND company_name = 'Weg GmbH'") == 1
    assert count(any_db, "transactions", "product_id IS NULL") == 1
    assert count(any_db, "history_items", "activity_id IS NULL AND deal_id IS NULL") == 1


# What the database refuses ------------------------------------------------------------------


def _stage(session: Session) -> int:
    return session.scalars(select(PipelineStage.id).limit(1)).one()


def _call(session: Session) -> int:
    return session.scalars(select(ActivityType.id).where(ActivityType.name == "Call")).one()


REFUSED: dict[str, Callable[[Session], object]] = {
    "activity status": lambda s: Activity(type_id=_call(s), status="postponed"),
    "exception kind": lambda s: ActivityException(
        activity_id=s.scalars(select(Activity.id)).one(), original_start=MOMENT, kind="deleted"
    ),
    "deal status": lambda s: Deal(title="x", stage_id=_stage(s), status="maybe"),
    "deal probability above 100": lambda s: Deal(title="x", stage_id=_stage(s), probability=101),
    "deal probability below 0": lambda s: Deal(title="x", stage_id=_stage(s), probability=-5),
    "stage probability": lambda s: PipelineStage(name="Dream", default_probability=150),
    "field type": lambda s: CustomField(name="Colour", field_type="colour"),
    "field target": lambda s: CustomField(name="Colour", applies_to="deal"),
    "value without owner": lambda s: CustomValue(field_id=s.scalars(select(CustomField.id)).one()),
    "value with two owners": lambda s: CustomValue(
        field_id=s.scalars(select(CustomField.id)).one(),
        contact_id=s.scalars(select(Contact.id)).one(),
        company_id=s.scalars(select(Company.id)).one(),
    ),
    "duplicate tag": lambda s: Tag(name="VIP"),
    "duplicate group": lambda s: Group(name="Golf day"),
    "duplicate stage": lambda s: PipelineStage(name="Lead"),
    "duplicate sku": lambda s: Product(name="Other", sku="V-50"),
    "phone of no contact": lambda s: ContactPhone(contact_id=999_999, number="1"),
    "deal in no stage": lambda s: Deal(title="x", stage_id=999_999),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_database_refuses_values_that_would_make_it_wrong(any_db: Database, case: str) -> None:
    with any_db.session() as session:
        contact = new_contact(session)
        session.add_all(
            [
                Company(name="Acme"),
                Tag(name="VIP"),
                Group(name="Golf day"),
                CustomField(name="Segment"),
                Product(name="Valve", sku="V-50"),
            ]
        )
        session.add(Activity(type_id=_call(session), starts_at=MOMENT))
        session.flush()
        contact_id = contact.id
    rows_before = {t: count(any_db, t) for t in ("activities", "deals", "custom_values", "tags")}
    with pytest.raises(IntegrityError), any_db.session() as session:
        session.add(REFUSED[case](session))
        session.flush()
    assert {t: count(any_db, t) for t in rows_before} == rows_before
    assert count(any_db, "contacts", f"id = {contact_id}") == 1
