"""Stands in for the message boxes safety_actions shows (and the dialogs that borrow them),
so GUI tests can answer questions and read what the user was told."""

from __future__ import annotations

import pytest

from desktop.views import safety_actions


class Told:
    """Stands in for the message boxes and file dialogs; remembers what the user was told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.messages: list[tuple[str, str]] = []
        self.confirmations: list[str] = []
        self.answer = True
        monkeypatch.setattr(safety_actions, "inform", lambda _p, t, x: self.messages.append((t, x)))
        monkeypatch.setattr(safety_actions, "warn", lambda _p, t, x: self.messages.append((t, x)))
        monkeypatch.setattr(safety_actions, "confirm", self._confirm)

    def _confirm(self, _parent: object, _title: str, text: str) -> bool:
        self.confirmations.append(text)
        return self.answer
