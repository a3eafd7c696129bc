"""A customer's card: the person, how to reach them, and what they agreed to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from desktop.store.entities.base import Base, Timestamped
from desktop.store.names import SORT_KEY_MAX, sort_key


class Contact(Timestamped, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Allocated from counters('contact'); never reused, even after the contact is deleted.
    crm_number: Mapped[str] = mapped_column(String(16), unique=True)
    first_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    last_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Derived on save by desktop.store.names: Chinese names family-first without a space.
    display_name: Mapped[str] = mapped_column(String(401), default="", server_default="")
    # Lower-cased "last first" for ORDER BY on an index; derived on save like display_name.
    sort_name: Mapped[str] = mapped_column(String(401), default="", server_default="", index=True)
    # The list's order: sort_name folded (names.sort_key), kept whenever sort_name is set
    # (_keep_sort_key; bulk writers call names.sort_key themselves).
    sort_key: Mapped[str] = mapped_column(
        String(SORT_KEY_MAX), default="", server_default="", index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    department: Mapped[str] = mapped_column(String(200), default="", server_default="")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    # The list shows and sorts by these; they mirror the company and the primary phone, e-mail
    # and address so that a page of a million-row list is one indexed single-table query.
    company_name: Mapped[str] = mapped_column(
        String(300), default="", server_default="", index=True
    )
    primary_phone: Mapped[str] = mapped_column(String(100), default="", server_default="")
    primary_email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    city: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    source: Mapped[str] = mapped_column(String(200), default="", server_default="")
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    birthday: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    consent_purpose: Mapped[str] = mapped_column(String(300), default="", server_default="")
    consent_source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    consent_given_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Optimistic locking: a save based on an older version is refused, not silently merged.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # What address books carry beside first and last name (issue 13.5), kept as read.
    middle_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_prefix: Mapped[str] = mapped_column(String(100), default="", server_default="")
    name_suffix: Mapped[str] = mapped_column(String(100), default="", server_default="")
    nickname: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The name in another script (王伟 beside Wei Wang), or how it is pronounced.
    alternate_name: Mapped[str] = mapped_column(String(401), default="", server_default="")
    # Web addresses, one a line.
    website: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    anniversary: Mapped[date | None] = mapped_column(Date)

    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.position"
    )
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.position"
    )
    addresses: Mapped[list[ContactAddress]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactAddress.position"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @validates("sort_name")
    def _keep_sort_key(self, _name: str, value: str) -> str:
        """Every ORM writer of sort_name keeps the list's order key with it."""
        self.sort_key = sort_key(value)
        return value


class ContactPhone(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(50), default="", server_default="")
    # As typed or imported; kept even when it cannot be parsed.
    number: Mapped[str] = mapped_column(String(100))
    # International form when phonenumbers could parse it, else empty (and the card warns).
    e164: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # Digits only, for duplicate matching and search ("030 1234" finds "+49 30 1234").
    digits: Mapped[str] = mapped_column(String(40), default="", server_default="", index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    contact: Mapped[Contact] = relationship(back_populates="phones")

    __table_args__ = (Index("ix_contact_phones_contact", "contact_id"),)


class ContactEmail(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(50), default="", server_default="")
    address: Mapped[str] = mapped_column(String(320))
    # Lower-cased address for duplicate matching across files and the database.
    address_key: Mapped[str] = mapped_column(String(320), default="", server_default="", index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    contact: Mapped[Contact] = relationship(back_populates="emails")

    __table_args__ = (Index("ix_contact_emails_contact", "contact_id"),)


class ContactAddress(Base):
    __tablename__ = "contact_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(50), default="", server_default="")
    street: Mapped[str] = mapped_column(String(500), default="", server_default="")
    city: Mapped[str] = mapped_column(String(200), default="", server_default="")
    region: Mapped[str] = mapped_column(String(200), default="", server_default="")
    postal_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    country: Mapped[str] = mapped_column(String(100), default="", server_default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    contact: Mapped[Contact] = relationship(back_populates="addresses")

    __table_args__ = (Index("ix_contact_addresses_contact", "contact_id"),)
