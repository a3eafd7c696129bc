"""Contact edits as undo commands on the window's QUndoStack (STYLE habit 5).

Each command is pushed after its first run already happened (the save or delete the user asked
for), so its first redo() does nothing; later undo()/redo() call the services again and
announce the change on the bus. A refusal while undoing (someone changed the contact since)
is reported, never raised out of Qt's undo machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from desktop.errors import RapportError
from desktop.services.changes import Changes
from desktop.services.contact_deletion import DeletedContacts, delete_contacts, restore_contacts
from desktop.services.contact_organizing import (
    add_to_group,
    remove_from_group,
    tag_contacts,
    untag_contacts,
)
from desktop.services.contacts import ContactDetail, load_contact, save_contact
from desktop.store.database import Database
from desktop.views.background_task import write_in_background
from desktop.views.change_bus import ChangeBus

Report = Callable[[str], None]


class _ContactCommand(QUndoCommand):
    def __init__(self, text: str, db: Database, bus: ChangeBus, report: Report) -> None:
        super().__init__(text)
        self._db = db
        self._bus = bus
        self._report = report
        self._done_once = False

    def _run(self, action: Callable[[], Sequence[int]]) -> bool:
        try:  # off the GUI thread: Ctrl+Z may wait for another program's lock
            ids = write_in_background(self._bus, action)
        except RapportError as error:
            self._report(str(error))
            return False
        self._bus.announce(Changes.of(contacts=ids))
        return True

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True  # the edit itself already ran before the push
            return
        self._run(self._forward)

    def undo(self) -> None:
        self._run(self._backward)

    def _forward(self) -> Sequence[int]:
        raise NotImplementedError

    def _backward(self) -> Sequence[int]:
        raise NotImplementedError


class SaveContactCommand(_ContactCommand):
    """An edit of one card: undo writes the card as it was before the save."""

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        before: ContactDetail,
        after: ContactDetail,
        report: Report,
    ) -> None:
        super().__init__(f"Edit {after.display_name or after.crm_number}", db, bus, report)
        self._before = before
        self._after = after

    def _write(self, detail: ContactDetail) -> Sequence[int]:
        current = load_contact(self._db, detail.id)
        save_contact(self._db, replace(detail.to_draft(), version=current.version))
        return (detail.id,)

    def _forward(self) -> Sequence[int]:
        return self._write(self._after)

    def _backward(self) -> Sequence[int]:
        return self._write(self._before)


class DeleteContactsCommand(_ContactCommand):
    """A delete; undo brings the contacts back with their CRM numbers and everything else,
    and `restored(ids)` (on the GUI thread) lets the list show them again."""

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        deleted: DeletedContacts,
        text: str,
        report: Report,
        restored: Callable[[Sequence[int]], None] | None = None,
    ) -> None:
        super().__init__(text, db, bus, report)
        self._deleted = deleted
        self._restored = restored

    def undo(self) -> None:
        if self._run(self._backward) and self._restored is not None:
            self._restored(self._deleted.contact_ids)

    def _forward(self) -> Sequence[int]:
        self._deleted = delete_contacts(self._db, self._deleted.contact_ids)
        return self._deleted.contact_ids

    def _backward(self) -> Sequence[int]:
        restore_contacts(self._db, self._deleted)
        return self._deleted.contact_ids


class NewContactCommand(DeleteContactsCommand):
    """A new contact: undo deletes it (keeping a snapshot), redo brings it back."""

    def __init__(
        self, db: Database, bus: ChangeBus, created: ContactDetail, report: Report
    ) -> None:
        placeholder = DeletedContacts((created.id,), (), ())
        super().__init__(db, bus, placeholder, f"New contact {created.crm_number}", report)

    def _forward(self) -> Sequence[int]:
        return DeleteContactsCommand._backward(self)

    def _backward(self) -> Sequence[int]:
        return DeleteContactsCommand._forward(self)


class MembershipCommand(_ContactCommand):
    """Tagging or grouping several contacts; undo takes off only what this command added."""

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        kind: str,
        name: str,
        added: Sequence[int],
        report: Report,
    ) -> None:
        what = "Tag" if kind == "tag" else "Add to group"
        super().__init__(f"{what} '{name}' ({len(added)})", db, bus, report)
        self._kind = kind
        self._name = name
        self._added = list(added)

    def _forward(self) -> Sequence[int]:
        add = tag_contacts if self._kind == "tag" else add_to_group
        return add(self._db, self._added, self._name)

    def _backward(self) -> Sequence[int]:
        remove = untag_contacts if self._kind == "tag" else remove_from_group
        return remove(self._db, self._added, self._name)
