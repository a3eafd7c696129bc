"""Opportunities moving through the pipeline, and what customers bought."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.entities.base import Base, Timestamped


class DealStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class PipelineStage(Timestamped, Base):
    __tablename__ = "pipeline_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    default_probability: Mapped[int] = mapped_column(Integer, default=10, server_default="10")

    __table_args__ = (CheckConstraint("default_probability BETWEEN 0 AND 100", name="probability"),)


class Deal(Timestamped, Base):
    """Money is kept in minor units (cents) as integers: exact on SQLite and PostgreSQL alike."""

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id"))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    probability: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # True once the user typed a probability; a stage move then keeps it.
    probability_set: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    expected_close: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=DealStatus.OPEN, server_default="open")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    stage_entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("status IN ('open','won','lost')", name="status"),
        CheckConstraint("probability BETWEEN 0 AND 100", name="probability"),
        Index("ix_deals_status_stage", "status", "stage_id"),
        Index("ix_deals_expected_close", "expected_close"),
    )


class Product(Timestamped, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    sku: Mapped[str] = mapped_column(String(100), unique=True)
    price_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")


class DealLine(Base):
    __tablename__ = "deal_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(300), default="", server_default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    unit_price_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Transaction(Timestamped, Base):
    """A purchase: the card's purchase history and the report's totals by year."""

    __tablename__ = "transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(300), default="", server_default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    amount_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")

    __table_args__ = (Index("ix_transactions_contact_date", "contact_id", "occurred_on"),)


class MonthlyQuota(Base):
    __tablename__ = "monthly_quotas"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    amount_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
