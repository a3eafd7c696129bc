"""Undoable calendar edits (STYLE habit 5): each command calls a service to do and to undo,
then announces what changed on the bus so every view reloads for itself.

The first "do" happens before the command is pushed (see `moved`/`scheduled`), so a refusal
reaches the user as an exception with its message; a Python exception inside redo() called by
QUndoStack.push() would be swallowed by Qt. Later redos repeat it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QUndoCommand

from desktop.services.activities import delete_activity, schedule_activity
from desktop.services.activity_completion import complete_activity, undo_completion
from desktop.services.activity_moves import move_activity
from desktop.services.activity_values import ActivityDraft, Completion, CompletionInput, Placement
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.views.change_bus import ChangeBus


class MoveActivityCommand(QUndoCommand):
    """Move or resize an activity, or one occurrence of a series."""

    def __init__(
        self, db: Database, bus: ChangeBus, before: Placement, after: Placement, text: str
    ) -> None:
        super().__init__(text)
        self._db, self._bus = db, bus
        self._before, self._after = before, after
        self._done = True

    @classmethod
    def moved(
        cls,
        db: Database,
        bus: ChangeBus,
        activity_id: int,
        original_start: datetime | None,
        start: datetime,
        end: datetime,
        text: str,
    ) -> MoveActivityCommand:
        """Move now (raising a RapportError if refused) and return the command for the stack."""
        before = move_activity(db, activity_id, start, end, original_start)
        after = Placement(activity_id, original_start, start, end)
        return cls(db, bus, before, after, text)

    def _go(self, to: Placement) -> None:
        move_activity(self._db, to.activity_id, to.start, to.end, self._after.original_start)
        self._bus.announce(Changes.of(activities=[to.activity_id]))

    def redo(self) -> None:
        if self._done:
            self._done = False
            self._bus.announce(Changes.of(activities=[self._after.activity_id]))
            return
        self._go(self._after)

    def undo(self) -> None:
        self._go(self._before)


class ScheduleActivityCommand(QUndoCommand):
    """Schedule; undo deletes it again, redo schedules it anew (with a new id)."""

    def __init__(
        self, db: Database, bus: ChangeBus, draft: ActivityDraft, activity_id: int
    ) -> None:
        super().__init__(f"Schedule '{draft.subject.strip()}'")
        self._db, self._bus, self._draft = db, bus, draft
        self.activity_id = activity_id
        self._done = True

    @classmethod
    def scheduled(
        cls, db: Database, bus: ChangeBus, draft: ActivityDraft
    ) -> ScheduleActivityCommand:
        """Schedule now (raising a RapportError if refused) and return the command."""
        return cls(db, bus, draft, schedule_activity(db, draft).id)

    def redo(self) -> None:
        if self._done:
            self._done = False
        else:
            self.activity_id = schedule_activity(self._db, self._draft).id
        self._bus.announce(
            Changes.of(activities=[self.activity_id], contacts=self._draft.contact_ids)
        )

    def undo(self) -> None:
        contacts = delete_activity(self._db, self.activity_id)
        self._bus.announce(Changes.of(activities=[self.activity_id], contacts=contacts))


class CompleteActivityCommand(QUndoCommand):
    """Complete (with result, notes and follow-up) or take it back."""

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        activity_id: int,
        original_start: datetime | None,
        inputs: CompletionInput,
        done: Completion,
    ) -> None:
        super().__init__(f"Complete '{done.subject}'")
        self._db, self._bus = db, bus
        self._activity_id, self._original_start = activity_id, original_start
        self._inputs, self.done = inputs, done
        self._first = True

    @classmethod
    def completed(
        cls,
        db: Database,
        bus: ChangeBus,
        activity_id: int,
        original_start: datetime | None,
        inputs: CompletionInput,
    ) -> CompleteActivityCommand:
        """Complete now (raising a RapportError if refused) and return the command."""
        done = complete_activity(
            db, activity_id, inputs.result, inputs.text, original_start, inputs.follow_up
        )
        return cls(db, bus, activity_id, original_start, inputs, done)

    def _announce(self) -> None:
        d = self.done
        touched = [self._activity_id, d.activity_id, *([d.follow_up_id] if d.follow_up_id else [])]
        self._bus.announce(Changes.of(activities=touched, contacts=d.contact_ids))

    def redo(self) -> None:
        if not self._first:
            i = self._inputs
            self.done = complete_activity(
                self._db, self._activity_id, i.result, i.text, self._original_start, i.follow_up
            )
        self._first = False
        self._announce()

    def undo(self) -> None:
        undo_completion(self._db, self._activity_id, self.done, self._original_start)
        self._announce()
