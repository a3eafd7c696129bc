"""The one mark a recurring activity carries in every view and list (issue 15.3): '↻' before
its subject, the sign calendars use for 'repeats'. A symbol, not a word: nothing to translate."""

from __future__ import annotations

MARK = "↻"


def marked(subject: str, recurring: bool) -> str:
    """The subject as a list shows it: '↻ Jour fixe' for an occurrence of a series."""
    return f"{MARK} {subject}" if recurring else subject
