"""Undoable deal edits for the window's QUndoStack.

The service call happens *before* the command is pushed, so a refusal (a deal someone else
closed, a stage that is gone) reaches the user as a message and nothing lands on the stack;
the command's first redo() is therefore a no-op, later redos do the work again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.errors import ConflictError, RapportError
from desktop.services.changes import Changes
from desktop.services.deals import (
    CloseResult,
    DealDetail,
    MoveResult,
    create_deal,
    delete_deal,
    get_deal,
    lose_deal,
    move_deal,
    reopen_deal,
    undo_move,
    update_deal,
    win_deal,
)
from desktop.store.database import Database

Announce = Callable[[Changes], None]
Report = Callable[[str], None]


class _DealCommand(QUndoCommand):
    def __init__(self, text: str, db: Database, announce: Announce, report: Report) -> None:
        super().__init__(text)
        self._db = db
        self._announce = announce
        self._report = report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guarded(self._do)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, step: Callable[[], Changes]) -> None:
        # An exception cannot cross back into QUndoStack; the user is told, and the command
        # marked obsolete so the stack drops it instead of replaying a step that cannot work.
        try:
            self._announce(step())
        except RapportError as exc:
            self.setObsolete(True)
            self._report(str(exc))

    def _do(self) -> Changes:
        raise NotImplementedError

    def _undo(self) -> Changes:
        raise NotImplementedError


class MoveDealCommand(_DealCommand):
    def __init__(
        self, db: Database, move: MoveResult, title: str, announce: Announce, report: Report
    ) -> None:
        super().__init__(f"Move '{title}'", db, announce, report)
        self._move = move

    def _do(self) -> Changes:
        self._move = move_deal(self._db, self._move.deal_id, self._move.new_stage_id)
        return self._move.changes

    def _undo(self) -> Changes:
        return undo_move(self._db, self._move)


class CloseDealCommand(_DealCommand):
    """A win or a loss; undo reopens the deal."""

    def __init__(
        self, db: Database, closed: CloseResult, title: str, announce: Announce, report: Report
    ) -> None:
        verb = "Win" if closed.status == "won" else "Lose"
        super().__init__(f"{verb} '{title}'", db, announce, report)
        self._closed = closed

    def _do(self) -> Changes:
        close = win_deal if self._closed.status == "won" else lose_deal
        self._closed = close(self._db, self._closed.deal_id, self._closed.reason)
        return self._closed.changes

    def _undo(self) -> Changes:
        return reopen_deal(self._db, self._closed)


@dataclass(frozen=True)
class SavedDeal:
    """What the deal dialog saved: the deal before (None when it was new) and after."""

    before: DealDetail | None
    after: DealDetail

    @property
    def changes(self) -> Changes:
        contacts = {d.data.contact_id for d in (self.before, self.after) if d is not None}
        return Changes.of(deals=[self.after.id], contacts=[c for c in contacts if c is not None])


class SaveDealCommand(_DealCommand):
    """The dialog's save: undo removes a new deal, or puts an edited one's fields back.
    Someone else's save in between is not overwritten (ConflictError, reported)."""

    def __init__(self, db: Database, saved: SavedDeal, announce: Announce, report: Report) -> None:
        title = saved.after.data.title
        text = f"Edit '{title}'" if saved.before else f"New deal '{title}'"
        super().__init__(text, db, announce, report)
        self._saved = saved
        self._version = saved.after.version  # the version our last write left

    def _current_version(self) -> int:
        current = get_deal(self._db, self._saved.after.id)
        if current.version != self._version:
            raise ConflictError(f"'{current.data.title}' was changed elsewhere since; not undone")
        return current.version

    def _do(self) -> Changes:
        before, after = self._saved.before, self._saved.after
        if before is None:
            after = create_deal(self._db, after.data)
        else:
            after = update_deal(self._db, after.id, after.data, self._current_version())
        self._saved = SavedDeal(before, after)
        self._version = after.version
        return self._saved.changes

    def _undo(self) -> Changes:
        before, after = self._saved.before, self._saved.after
        if before is None:
            self._current_version()
            return delete_deal(self._db, after.id)
        restored = update_deal(self._db, after.id, before.data, self._current_version())
        self._version = restored.version
        return self._saved.changes


def push_saved_deal(
    undo_stack: QUndoStack, db: Database, saved: SavedDeal, announce: Announce, report: Report
) -> None:
    """Put the dialog's save on the undo stack and tell everyone."""
    undo_stack.push(SaveDealCommand(db, saved, announce, report))
    announce(saved.changes)
