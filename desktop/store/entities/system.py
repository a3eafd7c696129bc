"""Bookkeeping the program needs for itself: counters, imports to undo, erasures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.entities.base import Base, Timestamped, utcnow


class Counter(Base):
    """Monotonic counters. 'contact' hands out CRM numbers; it only ever grows."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ImportBatch(Timestamped, Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(1000))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # JSON: {"read": n, "created": n, "updated": n, "skipped": n, "rejected": n}
    counts: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportChange(Base):
    """What one import did to one contact, enough to undo it: 'created', or 'updated' with
    the fields as they were before (JSON)."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(10))
    before: Mapped[str] = mapped_column(Text, default="", server_default="")


class ImportMapping(Timestamped, Base):
    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    mapping: Mapped[str] = mapped_column(
        Text, default="{}", server_default="{}"
    )  # JSON: header -> field


class ErasureRecord(Base):
    """An erasure leaves only this: when, and nothing that identifies the person."""

    __tablename__ = "erasure_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
