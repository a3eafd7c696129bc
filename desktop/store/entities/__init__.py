"""Every table Rapport keeps. Import entities from here; the modules are split by subject."""

from __future__ import annotations

from desktop.store.entities.activity import (
    Activity,
    ActivityContact,
    ActivityException,
    ActivityStatus,
    ActivityType,
)
from desktop.store.entities.base import Base, utcnow
from desktop.store.entities.company import Company
from desktop.store.entities.contact import Contact, ContactAddress, ContactEmail, ContactPhone
from desktop.store.entities.deal import (
    Deal,
    DealLine,
    DealStatus,
    MonthlyQuota,
    PipelineStage,
    Product,
    Transaction,
)
from desktop.store.entities.history import HistoryItem, HistoryKind
from desktop.store.entities.organizing import (
    ContactTag,
    CustomField,
    CustomValue,
    FieldTarget,
    FieldType,
    Group,
    GroupMember,
    Tag,
)
from desktop.store.entities.system import (
    Counter,
    ErasureRecord,
    ImportBatch,
    ImportChange,
    ImportMapping,
)

__all__ = [
    "Activity",
    "ActivityContact",
    "ActivityException",
    "ActivityStatus",
    "ActivityType",
    "Base",
    "Company",
    "Contact",
    "ContactAddress",
    "ContactEmail",
    "ContactPhone",
    "ContactTag",
    "Counter",
    "CustomField",
    "CustomValue",
    "Deal",
    "DealLine",
    "DealStatus",
    "ErasureRecord",
    "FieldTarget",
    "FieldType",
    "Group",
    "GroupMember",
    "HistoryItem",
    "HistoryKind",
    "ImportBatch",
    "ImportChange",
    "ImportMapping",
    "MonthlyQuota",
    "PipelineStage",
    "Product",
    "Tag",
    "Transaction",
    "utcnow",
]
