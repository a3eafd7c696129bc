"""The deal board model's vocabulary: its roles, its table columns and their sort keys.
Shared by the model, the card delegate and the views (amounts: desktop.models.formats)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.deal_list import DealRow


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1  # deal id; a column's stage id or 'won'/'lost'
    IS_COLUMN = Qt.ItemDataRole.UserRole + 2
    AMOUNT_CENTS = Qt.ItemDataRole.UserRole + 3
    CURRENCY = Qt.ItemDataRole.UserRole + 4
    WEIGHTED_CENTS = Qt.ItemDataRole.UserRole + 5
    EXPECTED_CLOSE = Qt.ItemDataRole.UserRole + 6
    DAYS_IN_STAGE = Qt.ItemDataRole.UserRole + 7
    PARTY = Qt.ItemDataRole.UserRole + 8  # contact, else company
    STATUS = Qt.ItemDataRole.UserRole + 9
    COUNT = Qt.ItemDataRole.UserRole + 10  # a column's deal count
    TOTAL_CENTS = Qt.ItemDataRole.UserRole + 11  # a column's total (weighted: WEIGHTED_CENTS)
    STAGE_ID = Qt.ItemDataRole.UserRole + 12


class Column(IntEnum):
    TITLE = 0
    PARTY = 1
    STAGE = 2
    AMOUNT = 3
    PROBABILITY = 4
    WEIGHTED = 5
    CLOSE = 6
    DAYS = 7
    OWNER = 8
    STATUS = 9


HEADERS = {
    Column.TITLE: "Deal",
    Column.PARTY: "Contact / company",
    Column.STAGE: "Stage",
    Column.AMOUNT: "Amount",
    Column.PROBABILITY: "Probability",
    Column.WEIGHTED: "Weighted",
    Column.CLOSE: "Expected close",
    Column.DAYS: "Days in stage",
    Column.OWNER: "Owner",
    Column.STATUS: "Status",
}

_FAR_FUTURE = date.max
SORT_KEYS: dict[Column, Callable[[DealRow], Any]] = {
    Column.TITLE: lambda d: (d.title.casefold(), d.id),
    Column.PARTY: lambda d: ((d.contact_name or d.company_name).casefold(), d.id),
    Column.STAGE: lambda d: (d.stage_id, d.id),
    Column.AMOUNT: lambda d: (d.amount_cents, d.id),
    Column.PROBABILITY: lambda d: (d.probability, d.id),
    Column.WEIGHTED: lambda d: (d.amount_cents * d.probability, d.id),
    # undated deals last: they are the least urgent
    Column.CLOSE: lambda d: (d.expected_close or _FAR_FUTURE, d.id),
    Column.DAYS: lambda d: (-(d.stage_entered_at.timestamp() if d.stage_entered_at else 0), d.id),
    Column.OWNER: lambda d: (d.owner.casefold(), d.id),
    Column.STATUS: lambda d: (d.status, d.id),
}


#: what a deal row answers for each role (days in stage needs the model's clock: not here)
DEAL_ROLES: dict[int, Callable[[DealRow], Any]] = {
    Role.ID: lambda d: d.id,
    Role.IS_COLUMN: lambda d: False,
    Role.AMOUNT_CENTS: lambda d: d.amount_cents,
    Role.CURRENCY: lambda d: d.currency,
    Role.WEIGHTED_CENTS: lambda d: d.weighted_cents,
    Role.EXPECTED_CLOSE: lambda d: d.expected_close,
    Role.PARTY: lambda d: d.contact_name or d.company_name,
    Role.STATUS: lambda d: d.status,
    Role.STAGE_ID: lambda d: d.stage_id,
    Qt.ItemDataRole.ToolTipRole: lambda d: (
        f"{d.title}\n{d.contact_name or d.company_name}\n{d.probability} %"
    ),
}
