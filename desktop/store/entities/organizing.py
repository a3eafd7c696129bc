"""How a salesperson sorts contacts: tags, static groups and their own fields."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.entities.base import Base, Timestamped


class Tag(Timestamped, Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ContactTag(Base):
    __tablename__ = "contact_tags"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_contact_tags_tag", "tag_id", "contact_id"),)


class Group(Timestamped, Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_group_members_contact", "contact_id", "group_id"),)


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


class FieldTarget(StrEnum):
    CONTACT = "contact"
    COMPANY = "company"


class CustomField(Timestamped, Base):
    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    field_type: Mapped[str] = mapped_column(
        String(10), default=FieldType.TEXT, server_default="text"
    )
    applies_to: Mapped[str] = mapped_column(
        String(10), default=FieldTarget.CONTACT, server_default="contact"
    )
    # For choice fields: the allowed values, one a line.
    choices: Mapped[str] = mapped_column(Text, default="", server_default="")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("field_type IN ('text','number','date','choice')", name="field_type"),
        CheckConstraint("applies_to IN ('contact','company')", name="applies_to"),
        Index("uq_custom_fields_target_name", "applies_to", "name", unique=True),
    )


class CustomValue(Base):
    """One field's value on one contact or company, as text in a canonical form
    (numbers with '.', dates ISO) so that it sorts and exports without a type per column."""

    __tablename__ = "custom_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("custom_fields.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        CheckConstraint("(contact_id IS NULL) <> (company_id IS NULL)", name="one_owner"),
        Index("ix_custom_values_contact", "contact_id", "field_id"),
        Index("ix_custom_values_company", "company_id", "field_id"),
    )
