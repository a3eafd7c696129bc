"""Is this new card someone we already know? Checked before a new contact is saved.

Three signs, each an indexed look-up: the same e-mail (ignoring case), the same phone compared
by digits of its international form (so '030 1234567' matches '+49 30 1234567'), or the same
name at the same company.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.errors import ValidationError
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
    with db.session() as session:
        for email in draft.emails:
            key = email.address.strip().casefold()
            if key:
                for cid in session.scalars(
                    select(ContactEmail.contact_id)
                    .where(ContactEmail.address_key == key)
                    .limit(_LIMIT)
                ):
                    reasons.setdefault(cid, f"e-mail {email.address.strip()}")
        for phone in draft.phones:
            try:
                digits = phone_digits(phone.number, region)
            except ValidationError:
                continue
            if len(digits) >= 6:
                for cid in session.scalars(
                    select(ContactPhone.contact_id)
                    .where(ContactPhone.digits == digits)
                    .limit(_LIMIT)
                ):
                    reasons.setdefault(cid, f"phone {phone.number.strip()}")
        key = names.sort_name(draft.first_name, draft.last_name)
        if key and (draft.first_name.strip() or draft.last_name.strip()):
            company = func.lower(draft.company.strip())
            for cid in session.scalars(
                select(Contact.id)
                .where(Contact.sort_name == key, func.lower(Contact.company_name) == company)
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
