"""Which contacts a batch or a phone list prints: a group's, a tag's, or all of them.

Names are matched as typed first, then ignoring case, so `--group "key accounts"` finds "Key
accounts"; an unknown name is refused naming it and listing a few that exist.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from desktop.errors import RapportError
from desktop.store.entities import Contact, ContactTag, Group, GroupMember, Tag


def _find(conn: Connection, table: type[Group] | type[Tag], kind: str, name: str) -> int:
    found = conn.scalar(select(table.id).where(table.name == name))
    if found is None:
        matches = list(
            conn.scalars(select(table.id).where(func.lower(table.name) == name.strip().lower()))
        )
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        known = list(conn.scalars(select(table.name).order_by(table.name).limit(6)))
        hint = f" (there are: {', '.join(known[:5])}{', ...' if len(known) > 5 else ''})"
        raise RapportError(f"no {kind} is called {name!r}{hint if known else ''}")
    return found


def group_contact_ids(conn: Connection, name: str) -> list[int]:
    """Members of the group called `name`, in name order; RapportError if there is none."""
    group_id = _find(conn, Group, "group", name)
    return list(
        conn.scalars(
            select(Contact.id)
            .join(GroupMember, GroupMember.contact_id == Contact.id)
            .where(GroupMember.group_id == group_id)
            .order_by(Contact.sort_name, Contact.id)
        )
    )


def tag_contact_ids(conn: Connection, name: str) -> list[int]:
    """Contacts tagged `name`, in name order; RapportError if there is no such tag."""
    tag_id = _find(conn, Tag, "tag", name)
    return list(
        conn.scalars(
            select(Contact.id)
            .join(ContactTag, ContactTag.contact_id == Contact.id)
            .where(ContactTag.tag_id == tag_id)
            .order_by(Contact.sort_name, Contact.id)
        )
    )
