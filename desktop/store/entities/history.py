"""What happened with a contact: the card's memory."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.entities.base import Base, Timestamped


class HistoryKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    VISIT = "visit"
    COMPLAINT = "complaint"
    NOTE = "note"
    TODO = "todo"
    STAGE_CHANGE = "stage_change"
    DEAL_WON = "deal_won"
    DEAL_LOST = "deal_lost"
    CLEARED = "cleared"
    IMPORTED = "imported"


class HistoryItem(Timestamped, Base):
    __tablename__ = "history_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30), default=HistoryKind.NOTE, server_default="note")
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str] = mapped_column(String(500), default="", server_default="")
    result: Mapped[str] = mapped_column(String(200), default="", server_default="")
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL"), index=True
    )
    deal_id: Mapped[int | None] = mapped_column(
        ForeignKey("deals.id", ondelete="SET NULL"), index=True
    )
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="")

    __table_args__ = (Index("ix_history_items_contact_time", "contact_id", "occurred_at"),)
