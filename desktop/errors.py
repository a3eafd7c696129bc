"""The one exception a user ever sees as a message.

Everything that can go wrong because of what a user typed, chose or opened is raised as a
RapportError whose text is one line naming the file, row or field. The command line prints it
and exits non-zero; the GUI shows it in a message box. Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations


class RapportError(Exception):
    """A refusal a user can act on; str() is a single line."""


class ValidationError(RapportError):
    """A field holds something that cannot be stored; `field` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConflictError(RapportError):
    """Someone else saved the same record since it was read (optimistic locking)."""
