"""Tags, groups and owners: how a salesperson sorts many contacts at once.

Changing the membership of a contact moves its version like an edit on the card would, so a
card opened before the change is reloaded (or refused on save) instead of writing its stale
tag list back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.services.contact_fields import check_text
from desktop.store.database import Database
from desktop.store.entities import Contact, ContactTag, Group, GroupMember, Tag, utcnow

_CHUNK = 500


@dataclass(frozen=True)
class NamedItem:
    id: int
    name: str


def _clean_names(kind: str, names: Iterable[str], limit: int) -> list[str]:
    cleaned: list[str] = []
    for name in names:
        value = check_text(kind, name, limit)
        if not value:
            raise ValidationError(kind, f"a {kind} needs a name")
        if value.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(value)
    return cleaned


def tag_ids(session: Session, names: Iterable[str]) -> list[int]:
    """Ids of these tags, creating the ones that do not exist (matched ignoring case)."""
    return _find_or_create(session, Tag, _clean_names("tag", names, 100))


def group_ids(session: Session, names: Iterable[str]) -> list[int]:
    """Ids of these groups, creating the ones that do not exist (matched ignoring case)."""
    return _find_or_create(session, Group, _clean_names("group", names, 200))


def _find_or_create(
    session: Session, entity: type[Tag] | type[Group], names: list[str]
) -> list[int]:
    if not names:
        return []
    existing = {n.casefold(): i for i, n in session.execute(select(entity.id, entity.name))}
    ids = []
    for name in names:
        found = existing.get(name.casefold())
        if found is None:
            item = entity(name=name)
            session.add(item)
            session.flush()
            found = item.id
        ids.append(found)
    return ids


def _touch(session: Session, contact_ids: Sequence[int]) -> None:
    # Core UPDATE: the ORM's version counter is bumped by hand so open cards see the change.
    stmt = (
        update(Contact)
        .where(Contact.id.in_(bindparam("ids", expanding=True)))
        .values(version=Contact.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    for start in range(0, len(contact_ids), _CHUNK):
        session.execute(stmt, {"ids": list(contact_ids[start : start + _CHUNK])})


@dataclass(frozen=True)
class _Membership:
    """A way contacts belong to a named thing: tags and groups work alike."""

    link: type[ContactTag] | type[GroupMember]
    #: the link table's column naming the tag or group
    key: Any
    named: type[Tag] | type[Group]
    #: ids of names, creating the missing ones
    ids_of: Callable[[Session, Iterable[str]], list[int]]


_TAGS = _Membership(ContactTag, ContactTag.tag_id, Tag, tag_ids)
_GROUPS = _Membership(GroupMember, GroupMember.group_id, Group, group_ids)


def _join(db: Database, kind: _Membership, contact_ids: Iterable[int], name: str) -> list[int]:
    ids = sorted(set(contact_ids))
    with db.session() as session:
        (key_id,) = kind.ids_of(session, [name])
        added = _link(session, kind.link, kind.key, key_id, ids)
        _touch(session, added)
        return added


def _leave(db: Database, kind: _Membership, contact_ids: Iterable[int], name: str) -> list[int]:
    ids = sorted(set(contact_ids))
    with db.session() as session:
        key_id = session.scalar(select(kind.named.id).where(kind.named.name == name))
        if key_id is None:
            return []
        removed = _unlink(session, kind.link, kind.key, key_id, ids)
        _touch(session, removed)
        return removed


def tag_contacts(db: Database, contact_ids: Iterable[int], tag: str) -> list[int]:
    """Tag the contacts (the tag is created when new); returns the ids that got the tag."""
    return _join(db, _TAGS, contact_ids, tag)


def untag_contacts(db: Database, contact_ids: Iterable[int], tag: str) -> list[int]:
    """Take the tag off these contacts; returns the ids that had it."""
    return _leave(db, _TAGS, contact_ids, tag)


def add_to_group(db: Database, contact_ids: Iterable[int], group: str) -> list[int]:
    """Put the contacts in the group (created when new); returns the ids that joined it."""
    return _join(db, _GROUPS, contact_ids, group)


def remove_from_group(db: Database, contact_ids: Iterable[int], group: str) -> list[int]:
    """Take the contacts out of the group; returns the ids that were in it."""
    return _leave(db, _GROUPS, contact_ids, group)


def _members(
    session: Session,
    entity: type[ContactTag] | type[GroupMember],
    column: Any,
    key_id: int,
    chunk: list[int],
) -> set[int]:
    return set(
        session.scalars(
            select(entity.contact_id).where(column == key_id, entity.contact_id.in_(chunk))
        )
    )


def _link(
    session: Session,
    entity: type[ContactTag] | type[GroupMember],
    column: Any,
    key_id: int,
    ids: list[int],
) -> list[int]:
    added: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        have = _members(session, entity, column, key_id, chunk)
        new = [cid for cid in chunk if cid not in have]
        if new:
            session.execute(insert(entity), [{"contact_id": c, column.key: key_id} for c in new])
            added.extend(new)
    return added


def _unlink(
    session: Session,
    entity: type[ContactTag] | type[GroupMember],
    column: Any,
    key_id: int,
    ids: list[int],
) -> list[int]:
    removed: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        have = sorted(_members(session, entity, column, key_id, chunk))
        if have:
            session.execute(delete(entity).where(column == key_id, entity.contact_id.in_(have)))
            removed.extend(have)
    return removed


def list_tags(db: Database) -> list[NamedItem]:
    with db.session() as session:
        return [
            NamedItem(i, n) for i, n in session.execute(select(Tag.id, Tag.name).order_by(Tag.name))
        ]


def list_groups(db: Database) -> list[NamedItem]:
    with db.session() as session:
        rows = session.execute(select(Group.id, Group.name).order_by(Group.name))
        return [NamedItem(i, n) for i, n in rows]


def list_owners(db: Database) -> list[str]:
    """Salespeople who own at least one contact (an index scan over contacts.owner)."""
    with db.session() as session:
        rows = session.scalars(
            select(Contact.owner).where(Contact.owner != "").distinct().order_by(Contact.owner)
        )
        return list(rows)
