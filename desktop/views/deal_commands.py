"""Undoable deal edits for the window's QUndoStack.

The service call happens *before* the command is pushed, so a refusal (a deal someone else
closed, a stage that is gone) reaches the user as a message and nothing lands on the stack;
the command's first redo() is therefore a no-op, later redos do the work again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.errors import RapportError
from desktop.services.changes import Changes
from desktop.services.deals import (
    CloseResult,
    MoveResult,
    lose_deal,
    move_deal,
    reopen_deal,
    undo_move,
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
