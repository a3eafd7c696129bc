"""Tabs on the contact card that other features contribute (Activities, Deals, ...).

A feature appends one line to CARD_TABS:

    CardTab("deals", "Deals", lambda context: ContactDealsTab(context)),

The factory gets the same AreaContext as an area; the widget it returns must have a
`set_contact(contact_id: int | None) -> None` method, called whenever the card shows another
contact (None: no contact, or a new one not saved yet). Tabs are built when the card is built
and ordered as listed. Until a feature registers "activities" or "deals", the card shows a
placeholder saying what will be there, so the card's layout does not move when they land.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from desktop.views.contact_activities_tab import ContactActivitiesTab
from desktop.views.contact_deals_tab import ContactDealsTab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.views.areas import AreaContext


class ContactTab(Protocol):
    def set_contact(self, contact_id: int | None) -> None: ...


@dataclass(frozen=True)
class CardTab:
    #: "activities" and "deals" replace the card's placeholders of those names
    key: str
    title: str
    factory: Callable[[AreaContext], QWidget]


#: keys the card keeps a placeholder for until a feature registers them
PLACEHOLDERS = {
    "activities": (
        "Activities",
        "Calls, meetings and to-dos with this contact will be listed here.",
    ),
    "deals": ("Deals", "This contact's deals will be listed here."),
}

CARD_TABS: list[CardTab] = [
    CardTab("activities", "Activities", lambda context: ContactActivitiesTab(context)),
    CardTab("deals", "Deals", lambda context: ContactDealsTab(context)),
]
