"""Typed settings over QSettings, each key declared once with its type and default.

Like Picard's `config.py`, but without a singleton: the application builds one `Settings` and
passes it down (the main window hands it to every area through `AreaContext`). Reading a key
that was never written, or was written with a value of the wrong type by an older version,
gives the declared default instead of raising.

Adding a key is one line in `Settings`:

    page_size = Setting("contacts/page_size", 200)

The file is INI on every platform (not the Windows registry) so that a user can back it up,
and tests redirect it with `QSettings.setPath(IniFormat, UserScope, tmp_path)`.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Rapport"
APPLICATION = "Rapport"

T = TypeVar("T")


class Setting(Generic[T]):
    """One key: its QSettings path, default and (from the default) its type."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default
        self.type: type[Any] = type(default)

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> Setting[T] | T:
        if obj is None:
            return self
        return obj.read(self)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.write(self, value)


class Settings:
    """The application's settings; one attribute per key."""

    window_geometry = Setting("window/geometry", QByteArray())
    window_state = Setting("window/state", QByteArray())
    #: key of the area shown when the window last closed
    last_area = Setting("window/last_area", "")
    #: automatic backups kept in the data folder (one a day, taken when the window closes)
    backups_to_keep = Setting("safety/backups_to_keep", 7)
    #: backups of each other kind kept (before an import, a repair, a restore, an upgrade)
    other_backups_to_keep = Setting("safety/other_backups_to_keep", 5)
    #: days after which a backup rolls off (the newest of each kind stays)
    backups_max_age_days = Setting("safety/backups_max_age_days", 90)

    # -- the user's own choices, gathered in Edit > Preferences (preferences_dialog.py) --------
    #: ISO 3166 code given to a new address ('' none); the phone region is contacts/phone_region
    default_country = Setting("user/default_country", "")
    #: language code ('' the computer's); stored now, applied once translations ship
    language = Setting("user/language", "")
    #: a formats.DATE_STYLES code
    date_style = Setting("user/date_style", "locale")
    #: 1 (Monday) to 7 (Sunday); 0 the region's
    first_day_of_week = Setting("user/first_day_of_week", 0)
    #: the working day, minutes after midnight
    work_day_start = Setting("user/work_day_start", 8 * 60)
    work_day_end = Setting("user/work_day_end", 18 * 60)
    #: reasons offered when a deal is won or lost, one a line; 'Other' (typed) is always there
    won_reasons = Setting(
        "deals/won_reasons",
        "Best price\nProduct fit\nRelationship\nDelivery time\nService\nRecommended",
    )
    lost_reasons = Setting(
        "deals/lost_reasons",
        "Price too high\nWent with a competitor\nNo budget\nNo decision\nBad timing",
    )

    def deal_reasons(self, status: str) -> list[str]:
        """The user's reasons for a deal won ('won') or lost, in their order, blanks dropped."""
        text = self.won_reasons if status == "won" else self.lost_reasons
        return [line.strip() for line in text.splitlines() if line.strip()]

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    @property
    def file_name(self) -> str:
        return self._store.fileName()

    def read(self, setting: Setting[T]) -> T:
        if not self._store.contains(setting.key):
            return setting.default
        raw = self._store.value(setting.key)
        value = _coerce(raw, setting.type)
        return setting.default if value is None else value

    def write(self, setting: Setting[T], value: T) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"{setting.key} takes {setting.type.__name__}, not {value!r}")
        self._store.setValue(setting.key, value)

    def reset(self, setting: Setting[Any]) -> None:
        self._store.remove(setting.key)

    def sync(self) -> None:
        self._store.sync()


def _coerce(raw: object, wanted: type[Any]) -> Any:
    """INI files give strings back for everything but byte arrays; turn them into `wanted`, or
    None when they cannot be (a hand-edited or out-of-date file)."""
    if isinstance(raw, wanted) and not (wanted is int and isinstance(raw, bool)):
        return raw
    if wanted is bool:
        text = str(raw).strip().lower()
        return {"true": True, "1": True, "false": False, "0": False}.get(text)
    if wanted in (int, float):
        try:
            return wanted(str(raw))
        except ValueError:
            return None
    if wanted is str:
        return None if isinstance(raw, QByteArray | list | dict) else str(raw)
    return None
