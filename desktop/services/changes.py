"""What a change touched, as one value every screen can read for itself.

A service that changes data returns (or the caller builds) a `Changes`; the window's change bus
broadcasts it and each model decides whether it cares. Plain Python, so services can return it
without knowing about Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

_NONE: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Changes:
    """Ids of the records that changed, by kind; `all` means "reload everything" (an import,
    a restore, a switch of database)."""

    contacts: frozenset[int] = field(default=_NONE)
    activities: frozenset[int] = field(default=_NONE)
    deals: frozenset[int] = field(default=_NONE)
    all: bool = False

    @classmethod
    def of(
        cls,
        *,
        contacts: Iterable[int] = (),
        activities: Iterable[int] = (),
        deals: Iterable[int] = (),
    ) -> Changes:
        """Build from any iterables of ids (lists, generators, single-element tuples)."""
        return cls(frozenset(contacts), frozenset(activities), frozenset(deals))

    @classmethod
    def everything(cls) -> Changes:
        return cls(all=True)

    def __bool__(self) -> bool:
        return self.all or bool(self.contacts or self.activities or self.deals)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.contacts | other.contacts,
            self.activities | other.activities,
            self.deals | other.deals,
            self.all or other.all,
        )

    def touches_contacts(self) -> bool:
        return self.all or bool(self.contacts)

    def touches_activities(self) -> bool:
        return self.all or bool(self.activities)

    def touches_deals(self) -> bool:
        return self.all or bool(self.deals)
