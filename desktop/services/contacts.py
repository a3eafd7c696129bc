"""Reading and saving one contact's card.

The card edits a `ContactDraft` and hands it to save_contact, which validates every field,
keeps the list's mirror columns (company_name, primary_phone, primary_email, city) and the
company link current, and refuses a draft based on an older version (optimistic locking), so
two windows or two team members never silently overwrite each other. Deleting and undoing,
duplicates, and tags and groups live in sibling modules (contact_deletion, contact_duplicates,
contact_organizing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services.contact_fields import (
    DEFAULT_REGION,
    check_custom,
    check_date,
    check_email,
    check_phone,
    check_text,
)
from desktop.services.contact_organizing import group_ids, tag_ids
from desktop.services.contact_values import (
    TEXT_LIMITS,
    AddressEntry,
    ContactDetail,
    ContactDraft,
    CustomEntry,
    EmailEntry,
    PhoneEntry,
)
from desktop.store import crm_numbers, names
from desktop.store.database import Database
from desktop.store.entities import (
    Company,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    ContactTag,
    CustomField,
    CustomValue,
    FieldTarget,
    Group,
    GroupMember,
    Tag,
    utcnow,
)

#: the contact's texts beside first and last name that the card shows as typed
NAME_PARTS = ("middle_name", "name_prefix", "name_suffix", "nickname", "alternate_name", "website")

__all__ = [
    "AddressEntry",
    "ContactDetail",
    "ContactDraft",
    "CustomEntry",
    "EmailEntry",
    "PhoneEntry",
    "contact_custom_fields",
    "find_by_crm",
    "load_contact",
    "primary_emails",
    "save_contact",
]


def load_contact(db: Database, contact_id: int) -> ContactDetail:
    """The whole card; RapportError when the contact no longer exists."""
    with db.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise RapportError(f"contact {contact_id} does not exist (deleted?)")
        return _detail(session, contact)


def find_by_crm(db: Database, text: str) -> int | None:
    """Id of the contact whose CRM number is typed in `text` ('C-000123', 'c123'), or None."""
    crm = crm_numbers.normalise_crm(text)
    if crm is None:
        return None
    with db.session() as session:
        return session.scalar(select(Contact.id).where(Contact.crm_number == crm))


def primary_emails(db: Database, contact_ids: Sequence[int]) -> list[str]:
    """The primary e-mail of each contact that has one (the list's mirror column), for a
    mail to them all."""
    with db.session() as session:
        found = session.execute(
            select(Contact.id, Contact.primary_email).where(
                Contact.id.in_(contact_ids), Contact.primary_email != ""
            )
        ).all()
    by_id = dict(found)
    return [by_id[i] for i in dict.fromkeys(contact_ids) if i in by_id]


def contact_custom_fields(db: Database) -> tuple[CustomEntry, ...]:
    """The custom fields a contact card shows, empty (for a new contact)."""
    with db.session() as session:
        return _fields(session)


def _fields(session: Session) -> tuple[CustomEntry, ...]:
    return tuple(
        CustomEntry(f.id, f.name, f.field_type, f.choices, "")
        for f in session.scalars(
            select(CustomField)
            .where(CustomField.applies_to == FieldTarget.CONTACT)
            .order_by(CustomField.position, CustomField.name)
        )
    )


def _detail(session: Session, contact: Contact) -> ContactDetail:
    tags = session.scalars(
        select(Tag.name)
        .join(ContactTag, ContactTag.tag_id == Tag.id)
        .where(ContactTag.contact_id == contact.id)
        .order_by(Tag.name)
    ).all()
    groups = session.scalars(
        select(Group.name)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(GroupMember.contact_id == contact.id)
        .order_by(Group.name)
    ).all()
    values = dict(
        session.execute(
            select(CustomValue.field_id, CustomValue.value).where(
                CustomValue.contact_id == contact.id
            )
        ).all()
    )
    custom = tuple(
        replace(entry, value=values.get(entry.field_id, "")) for entry in _fields(session)
    )
    return ContactDetail(
        id=contact.id,
        crm_number=contact.crm_number,
        first_name=contact.first_name,
        last_name=contact.last_name,
        display_name=contact.display_name,
        title=contact.title,
        department=contact.department,
        company=contact.company_name,
        company_id=contact.company_id,
        phones=tuple(PhoneEntry(p.label, p.number, p.e164, p.is_primary) for p in contact.phones),
        emails=tuple(EmailEntry(e.label, e.address, e.is_primary) for e in contact.emails),
        addresses=tuple(
            AddressEntry(
                a.label, a.street, a.city, a.region, a.postal_code, a.country, a.is_primary
            )
            for a in contact.addresses
        ),
        tags=tuple(tags),
        groups=tuple(groups),
        custom=custom,
        birthday=contact.birthday,
        notes=contact.notes,
        consent_purpose=contact.consent_purpose,
        consent_source=contact.consent_source,
        consent_given_at=contact.consent_given_at,
        consent_withdrawn_at=contact.consent_withdrawn_at,
        owner=contact.owner,
        source=contact.source,
        version=contact.version,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        middle_name=contact.middle_name,
        name_prefix=contact.name_prefix,
        name_suffix=contact.name_suffix,
        nickname=contact.nickname,
        alternate_name=contact.alternate_name,
        website=contact.website,
        anniversary=contact.anniversary,
    )


def save_contact(db: Database, draft: ContactDraft, region: str = DEFAULT_REGION) -> ContactDetail:
    """Validate and write the draft (a new contact when draft.id is None) and return the card
    as stored. ValidationError names the first bad field; ConflictError when someone saved the
    contact since the draft was loaded. Nothing is written unless everything is valid."""
    checked = _checked(draft, region)
    with db.session() as session:
        if draft.id is None:
            contact = Contact(
                crm_number=crm_numbers.format_crm(crm_numbers.allocate(session.connection())[0])
            )
            session.add(contact)
        else:
            found = session.get(Contact, draft.id)
            if found is None:
                raise ConflictError("This contact was deleted since you opened it.")
            if found.version != draft.version:
                raise ConflictError(
                    f"{found.display_name or found.crm_number} was changed elsewhere since "
                    "you opened it; reload the card to see the other change."
                )
            contact = found
        _write(session, contact, checked)
        session.flush()
        return _detail(session, contact)


@dataclass(frozen=True)
class _Checked:
    draft: ContactDraft
    phones: tuple[tuple[PhoneEntry, str], ...]  # entry with e164 filled, digits
    emails: tuple[EmailEntry, ...]
    birthday: date | None
    anniversary: date | None
    consent_given_at: date | None
    consent_withdrawn_at: date | None


def _checked(draft: ContactDraft, region: str) -> _Checked:
    cleaned = {
        name: check_text(name, getattr(draft, name), limit) for name, limit in TEXT_LIMITS.items()
    }
    if not (cleaned["first_name"] or cleaned["last_name"] or cleaned["company"]):
        raise ValidationError("last_name", "a name or a company is required")
    phones = []
    for index, phone in enumerate(draft.phones):
        check = check_phone(f"phones[{index}]", phone.number, region)
        label = check_text(f"phones[{index}].label", phone.label, 50)
        phones.append((PhoneEntry(label, check.number, check.e164, phone.is_primary), check.digits))
    emails = tuple(
        EmailEntry(
            check_text(f"emails[{index}].label", email.label, 50),
            check_email(f"emails[{index}]", email.address),
            email.is_primary,
        )
        for index, email in enumerate(draft.emails)
    )
    for index, address in enumerate(draft.addresses):
        for part, limit in (("street", 500), ("city", 200), ("region", 200), ("country", 100)):
            check_text(f"addresses[{index}].{part}", getattr(address, part), limit)
        check_text(f"addresses[{index}].postal_code", address.postal_code, 40)
    for index, name in enumerate((*draft.tags, *draft.groups)):
        if not check_text(f"tags[{index}]", name, 100):
            raise ValidationError(f"tags[{index}]", "a tag or group needs a name")
    given = check_date("consent_given_at", draft.consent_given_at)
    withdrawn = check_date("consent_withdrawn_at", draft.consent_withdrawn_at)
    if given and withdrawn and withdrawn < given:
        raise ValidationError("consent_withdrawn_at", "consent cannot be withdrawn before given")
    return _Checked(
        draft=ContactDraft(**{**draft.__dict__, **cleaned}),
        phones=tuple(phones),
        emails=emails,
        birthday=check_date("birthday", draft.birthday),
        anniversary=check_date("anniversary", draft.anniversary),
        consent_given_at=given,
        consent_withdrawn_at=withdrawn,
    )


def _primary_index(flags: list[bool]) -> int:
    """The first entry marked primary, else the first entry: exactly one is primary."""
    return flags.index(True) if True in flags else 0


def _write(session: Session, contact: Contact, checked: _Checked) -> None:
    draft = checked.draft
    contact.first_name = draft.first_name
    contact.last_name = draft.last_name
    contact.display_name = names.display_name(draft.first_name, draft.last_name) or draft.company
    contact.sort_name = names.sort_name(draft.first_name, draft.last_name, draft.company)
    contact.title = draft.title
    contact.department = draft.department
    contact.owner = draft.owner
    contact.source = draft.source
    contact.notes = draft.notes
    contact.birthday = checked.birthday
    contact.anniversary = checked.anniversary
    for name in NAME_PARTS:
        setattr(contact, name, getattr(draft, name))
    contact.consent_purpose = draft.consent_purpose
    contact.consent_source = draft.consent_source
    contact.consent_given_at = _midnight(checked.consent_given_at, contact.consent_given_at)
    contact.consent_withdrawn_at = _midnight(
        checked.consent_withdrawn_at, contact.consent_withdrawn_at
    )
    # Always touch the row so the version moves even when only a phone or a tag changed.
    contact.updated_at = utcnow()
    _link_company(session, contact, draft.company)

    primary = _primary_index([p.is_primary for p, _ in checked.phones])
    contact.phones = [
        ContactPhone(
            label=p.label,
            number=p.number,
            e164=p.e164,
            digits=digits,
            is_primary=i == primary,
            position=i,
        )
        for i, (p, digits) in enumerate(checked.phones)
    ]
    contact.primary_phone = checked.phones[primary][0].number if checked.phones else ""
    primary = _primary_index([e.is_primary for e in checked.emails])
    contact.emails = [
        ContactEmail(
            label=e.label,
            address=e.address,
            address_key=e.address.casefold(),
            is_primary=i == primary,
            position=i,
        )
        for i, e in enumerate(checked.emails)
    ]
    contact.primary_email = checked.emails[primary].address if checked.emails else ""
    addresses = [a for a in draft.addresses if a.one_line()]
    primary = _primary_index([a.is_primary for a in addresses])
    contact.addresses = [
        ContactAddress(
            label=a.label.strip(),
            street=a.street.strip(),
            city=a.city.strip(),
            region=a.region.strip(),
            postal_code=a.postal_code.strip(),
            country=a.country.strip(),
            is_primary=i == primary,
            position=i,
        )
        for i, a in enumerate(addresses)
    ]
    contact.city = addresses[primary].city.strip() if addresses else ""
    session.flush()  # the new contact needs its id for the link tables
    _write_links(session, contact.id, draft)


def _midnight(day: date | None, current: datetime | None) -> datetime | None:
    """Keep a stored instant when its date was not changed on the card."""
    if day is None:
        return None
    if current is not None and current.date() == day:
        return current
    return datetime(day.year, day.month, day.day)


def _link_company(session: Session, contact: Contact, name: str) -> None:
    contact.company_name = name
    if not name:
        contact.company_id = None
        return
    company_id = session.scalar(
        select(Company.id).where(func.lower(Company.name) == func.lower(name)).limit(1)
    )
    if company_id is None:
        company = Company(name=name)
        session.add(company)
        session.flush()
        company_id = company.id
    contact.company_id = company_id


def _write_links(session: Session, contact_id: int, draft: ContactDraft) -> None:
    session.execute(delete(ContactTag).where(ContactTag.contact_id == contact_id))
    session.execute(delete(GroupMember).where(GroupMember.contact_id == contact_id))
    for tag_id in tag_ids(session, draft.tags):
        session.add(ContactTag(contact_id=contact_id, tag_id=tag_id))
    for group_id in group_ids(session, draft.groups):
        session.add(GroupMember(contact_id=contact_id, group_id=group_id))
    fields = {
        f.id: f
        for f in session.scalars(
            select(CustomField).where(CustomField.applies_to == FieldTarget.CONTACT)
        )
    }
    session.execute(delete(CustomValue).where(CustomValue.contact_id == contact_id))
    for field_id, raw in draft.custom.items():
        custom_field = fields.get(field_id)
        if custom_field is None:
            raise ValidationError(f"custom[{field_id}]", "this custom field no longer exists")
        value = check_custom(custom_field.name, custom_field.field_type, custom_field.choices, raw)
        if value:
            session.add(CustomValue(field_id=field_id, contact_id=contact_id, value=value))
