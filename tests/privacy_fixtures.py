"""A richly linked contact whose every piece is recognisable in raw bytes ('Zebulon Quaxworth'),
for the privacy tests: export must find all of it, erasure must leave none of it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from desktop.store.database import Database
from desktop.store.entities import (
    Activity,
    ActivityContact,
    ActivityType,
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
    ImportBatch,
    ImportChange,
    PipelineStage,
    Product,
    Tag,
    Transaction,
)

SECRET_WORDS = ("Zebulon", "Quaxworth", "zebulon.q@quax.example", "Quaxstrasse", "49301234567")


def add_rich_contact(db: Database) -> tuple[int, int]:
    """Returns (the rich contact's id, a bystander's id who shares one meeting with them)."""
    with db.session() as s:
        call = s.scalar(select(ActivityType).where(ActivityType.name == "Call"))
        meeting = s.scalar(select(ActivityType).where(ActivityType.name == "Meeting"))
        stage = s.scalar(select(PipelineStage).order_by(PipelineStage.position))
        person = Contact(
            crm_number="C-900001",
            first_name="Zebulon",
            last_name="Quaxworth",
            display_name="Zebulon Quaxworth",
            sort_name="quaxworth zebulon",
            title="Buyer",
            company_name="Quax GmbH",
            birthday=date(1970, 5, 17),
            notes="Prefers calls after Quaxworth lunch",
            consent_purpose="newsletter",
            consent_given_at=datetime(2024, 1, 2),
        )
        person.phones.append(
            ContactPhone(
                number="+49 30 1234567", e164="+49301234567", label="work", is_primary=True
            )
        )
        person.emails.append(
            ContactEmail(address="zebulon.q@quax.example", address_key="zebulon.q@quax.example")
        )
        person.addresses.append(ContactAddress(street="Quaxstrasse 5", city="Berlin"))
        bystander = Contact(crm_number="C-900002", first_name="Berta", last_name="Bystander")
        s.add_all([person, bystander])
        s.flush()
        tag, group = Tag(name="vip"), Group(name="Fair 2025")
        field = CustomField(name="Shoe size", field_type="number")
        product = Product(name="Widget", sku="W-1", price_cents=1000)
        s.add_all([tag, group, field, product])
        s.flush()
        own_call = Activity(
            type_id=call.id, subject="Call Quaxworth", starts_at=datetime(2025, 1, 1)
        )
        shared = Activity(
            type_id=meeting.id, subject="Fair meeting", starts_at=datetime(2025, 2, 1)
        )
        deal = Deal(title="Widgets for Quax", contact_id=person.id, stage_id=stage.id)
        batch = ImportBatch(file_name="fair.xlsx")
        s.add_all([own_call, shared, deal, batch])
        s.flush()
        s.add_all(
            [
                ContactTag(contact_id=person.id, tag_id=tag.id),
                GroupMember(group_id=group.id, contact_id=person.id),
                CustomValue(field_id=field.id, contact_id=person.id, value="44"),
                ActivityContact(activity_id=own_call.id, contact_id=person.id),
                ActivityContact(activity_id=shared.id, contact_id=person.id),
                ActivityContact(activity_id=shared.id, contact_id=bystander.id),
                HistoryItem(
                    contact_id=person.id,
                    kind="call",
                    occurred_at=datetime(2025, 1, 1),
                    subject="Spoke to Zebulon",
                    activity_id=own_call.id,
                ),
                Transaction(
                    contact_id=person.id,
                    occurred_on=date(2024, 6, 1),
                    product_id=product.id,
                    quantity=3,
                    amount_cents=3000,
                ),
                ImportChange(
                    batch_id=batch.id,
                    contact_id=person.id,
                    action="updated",
                    before='{"last_name": "Quaxworth"}',
                ),
            ]
        )
        return person.id, bystander.id
