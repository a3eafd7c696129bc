"""Small builders shared by the deal tests: a contact, a company, stage ids by name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.services.deals import DealInput, create_deal
from desktop.store.database import Database
from desktop.store.entities import Company, Contact, PipelineStage


def stage_ids(db: Database) -> dict[str, int]:
    with db.session() as session:
        return dict(session.execute(select(PipelineStage.name, PipelineStage.id)).all())


def add_contact(db: Database, first: str, last: str, company: str | None = None) -> int:
    with db.session() as session:
        company_id = None
        if company:
            firm = Company(name=company)
            session.add(firm)
            session.flush()
            company_id = firm.id
        number = (session.scalar(select(Contact.id).order_by(Contact.id.desc())) or 0) + 1
        contact = Contact(
            crm_number=f"C-{number:06d}",
            first_name=first,
            last_name=last,
            display_name=f"{first} {last}",
            sort_name=f"{last} {first}".lower(),
            company_id=company_id,
            company_name=company or "",
        )
        session.add(contact)
        session.flush()
        return contact.id


def add_deal(
    db: Database,
    title: str,
    stage: str,
    amount_cents: int,
    contact_id: int | None = None,
    *,
    close: date | None = None,
    probability: int | None = None,
    owner: str = "",
) -> int:
    return create_deal(
        db,
        DealInput(
            title=title,
            stage_id=stage_ids(db)[stage],
            contact_id=contact_id,
            amount_cents=amount_cents,
            probability=probability,
            expected_close=close,
            owner=owner,
        ),
    ).id
