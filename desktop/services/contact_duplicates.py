"""Is this new card someone we already know? Checked before a new contact is saved.

The rule is duplicate_rule's, the import's too: the same e-mail (ignoring case), the same
phone by the digits of its international form (so '030 1234567' matches '+49 30 1234567')
when the names agree, or the same name at the same company. Each sign is an indexed look-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.services import duplicate_rule as rule
from desktop.services.contact_fields import DEFAULT_REGION, phone_digits
from desktop.services.contacts import ContactDraft
from desktop.store import names
from desktop.store.database import Database
from desktop.store.entities import Contact, ContactEmail, ContactPhone

_LIMIT = 20


@dataclass(frozen=True)
class DuplicateMatch:
    contact_id: int
    crm_number: str
    display_name: str
    company: str
    #: what matched, for the warning: "e-mail anna@example.com", "phone +49 30 1234567", "name"
    reason: str


def find_duplicates(
    db: Database, draft: ContactDraft, region: str = DEFAULT_REGION
) -> list[DuplicateMatch]:
    """Existing contacts (other than the draft itself) that look like the same person."""
    reasons: dict[int, str] = {}
    name = rule.name_key(draft.first_name, draft.last_name, draft.company)
    with db.session() as session:
        for email in draft.emails:
            key = rule.email_key(email.address)
            if key:
                for cid in session.scalars(
                    select(ContactEmail.contact_id)
                    .where(ContactEmail.address_key == key)
                    .limit(_LIMIT)
                ):
                    reasons.setdefault(cid, f"e-mail {email.address.strip()}")
        for phone in draft.phones:
            try:
                digits = rule.phone_key(phone_digits(phone.number, region))
            except ValidationError:
                continue
            if digits:
                rows = session.execute(
                    select(
                        ContactPhone.contact_id,
                        Contact.first_name,
                        Contact.last_name,
                        Contact.company_name,
                    )
                    .join(Contact, Contact.id == ContactPhone.contact_id)
                    .where(ContactPhone.digits == digits)
                    .limit(_LIMIT)
                )
                for cid, first, last, company in rows:
                    if rule.names_agree(name, rule.name_key(first, last, company or "")):
                        reasons.setdefault(cid, f"phone {phone.number.strip()}")
        key = names.sort_name(draft.first_name, draft.last_name)
        if rule.person_at_company_key(key, draft.first_name, draft.last_name, draft.company):
            lowered = func.lower(draft.company.strip())
            for cid in session.scalars(
                select(Contact.id)
                .where(Contact.sort_name == key, func.lower(Contact.company_name) == lowered)
                .limit(_LIMIT)
            ):
                reasons.setdefault(cid, "same name and company")
        reasons.pop(draft.id or 0, None)
        if not reasons:
            return []
        rows = session.execute(
            select(Contact.id, Contact.crm_number, Contact.display_name, Contact.company_name)
            .where(Contact.id.in_(list(reasons)))
            .order_by(Contact.id)
        )
        return [DuplicateMatch(i, crm, name, company, reasons[i]) for i, crm, name, company in rows]
