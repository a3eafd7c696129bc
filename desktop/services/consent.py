"""Consent: what a contact agreed to, and keeping those who withdrew it out of bulk use.

A contact whose consent is withdrawn stays in the database (the salesperson may still need to
answer them) but is left out of every export and mailing list. Code that sends or exports in
bulk filters with `consenting_filter()` (ORM/Core) or `CONSENTING_SQL` (plain SQL over the
contacts table), or narrows a list of ids with `consenting_ids()`; one definition, so
the rule cannot drift between the exporter, the reports and a mailing list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, bindparam, func, select, text
from sqlalchemy.orm import Session

from desktop.errors import RapportError, ValidationError
from desktop.services.contact_fields import check_text
from desktop.store.database import Database
from desktop.store.entities import Contact, utcnow

#: plain SQL condition on the contacts table (unaliased) for contacts who may be contacted
CONSENTING_SQL = "contacts.consent_withdrawn_at IS NULL"
_EARLIEST = datetime(1970, 1, 1)


def consenting_filter() -> ColumnElement[bool]:
    """`select(Contact).where(consenting_filter())`: contacts whose consent is not withdrawn."""
    return Contact.consent_withdrawn_at.is_(None)


def consenting_ids(conn: Connection, ids: Iterable[int]) -> list[int]:
    """The ids from `ids` whose consent is not withdrawn, in the order given."""
    wanted = [int(i) for i in ids]
    kept: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        stmt = text(f"SELECT id FROM contacts WHERE id IN :ids AND {CONSENTING_SQL}").bindparams(
            bindparam("ids", expanding=True)
        )
        kept.update(row[0] for row in conn.execute(stmt, {"ids": chunk}))
    return [i for i in wanted if i in kept]


@dataclass(frozen=True)
class Consent:
    """A contact's consent as the card shows it."""

    contact_id: int
    purpose: str
    source: str
    given_at: datetime | None
    withdrawn_at: datetime | None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def summary(self) -> str:
        """One line for the card and the list: 'Withdrawn 2025-03-01' or 'Given ... for ...'."""
        if self.withdrawn_at is not None:
            return f"Withdrawn {self.withdrawn_at:%Y-%m-%d}"
        if self.given_at is not None:
            purpose = f" for {self.purpose}" if self.purpose else ""
            return f"Given {self.given_at:%Y-%m-%d}{purpose}"
        return "Not recorded"


def _check_moment(field: str, moment: datetime | None) -> datetime:
    now = utcnow()
    if moment is None:
        return now
    if moment.tzinfo is not None:
        raise ValidationError(field, "give the time in UTC without a time zone")
    # A minute of slack for clocks; consent recorded in the future is a typing error.
    if not _EARLIEST <= moment <= now + timedelta(minutes=1):
        raise ValidationError(field, f"{moment:%Y-%m-%d} is out of range (1970 to today)")
    return moment


def _state(contact: Contact) -> Consent:
    return Consent(
        contact.id,
        contact.consent_purpose,
        contact.consent_source,
        contact.consent_given_at,
        contact.consent_withdrawn_at,
    )


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise RapportError(f"contact {contact_id} does not exist (deleted meanwhile?)")
    return contact


def load_consent(db: Database, contact_id: int) -> Consent:
    with db.session() as session:
        return _state(_contact(session, contact_id))


def give_consent(
    db: Database,
    contact_id: int,
    purpose: str,
    source: str = "",
    given_at: datetime | None = None,
) -> Consent:
    """Record consent for `purpose` (e.g. 'newsletter'), from `source` (e.g. 'trade fair form');
    a withdrawal on record is cleared, since the person has agreed again."""
    purpose = check_text("consent purpose", purpose, 300)
    if not purpose:
        raise ValidationError("consent purpose", "say what the consent is for")
    source = check_text("consent source", source, 300)
    moment = _check_moment("consent given at", given_at)
    with db.session() as session:
        contact = _contact(session, contact_id)
        contact.consent_purpose = purpose
        contact.consent_source = source
        contact.consent_given_at = moment
        contact.consent_withdrawn_at = None
        session.flush()
        return _state(contact)


def withdraw_consent(
    db: Database, contact_id: int, withdrawn_at: datetime | None = None
) -> Consent:
    """Record that the person withdrew consent; from now on bulk exports and mailing lists
    leave them out. Withdrawing twice keeps the first date."""
    moment = _check_moment("consent withdrawn at", withdrawn_at)
    with db.session() as session:
        contact = _contact(session, contact_id)
        if contact.consent_given_at is not None and moment < contact.consent_given_at:
            raise ValidationError("consent withdrawn at", "cannot be before the consent was given")
        if contact.consent_withdrawn_at is None:
            contact.consent_withdrawn_at = moment
        session.flush()
        return _state(contact)


def withdrawn_count(db: Database) -> int:
    """How many contacts bulk exports leave out, for the export dialog to say so."""
    with db.session() as session:
        return session.scalar(select(func.count(Contact.id)).where(~consenting_filter())) or 0
