"""Which country a phone written without its country code belongs to.

In this order: the row's own country (its country column, or a vCard address's country),
then the region the user set (the wizard passes the card's phone-region setting, the command
line its --region), then the region of the computer's locale. Country names are read in every
language phonenumbers knows them in ('USA', 'Deutschland', '中国'), and as ISO codes.
"""

from __future__ import annotations

import importlib.util
import locale
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers import SUPPORTED_REGIONS

from desktop.services.contact_fields import DEFAULT_REGION

# Names a list uses that are in no language's table of country names.
_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "america": "US",
    "vereinigte staaten": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "prc": "CN",
    "中华人民共和国": "CN",
    "中國": "CN",
    "korea": "KR",
    "south korea": "KR",
    "russia": "RU",
}
_LOCALE = re.compile(r"^[a-z]{2,3}[_-]([A-Za-z]{2})\b")


def _locale_data() -> dict[str, dict[str, str]]:
    """phonenumbers' country names by language, read from their one module: importing it
    the usual way runs phonenumbers.geodata's __init__, which loads every geocoding table
    (a second and a half, in the importing process and its worker alike)."""
    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    # named inside its package, for its relative 'from ..util import u'; not registered in
    # sys.modules, so the package itself is never imported
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    if spec is None or spec.loader is None:
        return {}
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.LOCALE_DATA)


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for region, by_language in _locale_data().items():
        if region not in SUPPORTED_REGIONS:
            continue
        for name in by_language.values():
            if not name.startswith("*"):
                names.setdefault(name.casefold(), region)
    names.update(_ALIASES)
    return names


def region_of_country(text: str) -> str:
    """'US' for 'USA', 'United States', 'Vereinigte Staaten' or 'us'; '' when unknown."""
    key = " ".join(text.split()).casefold()
    if not key:
        return ""
    if len(key) == 2 and key.upper() in SUPPORTED_REGIONS:
        return key.upper()
    return _names().get(key, "")


def _locale_name() -> str:
    """The locale the program runs in ('de_DE.UTF-8', 'English_United States.1252')."""
    for variable in ("LC_ALL", "LC_CTYPE", "LANG"):
        if os.environ.get(variable):
            return os.environ[variable]
    return locale.getlocale()[0] or ""


def system_region() -> str:
    """The region of the computer's locale, else the program's default."""
    name = _locale_name()
    found = _LOCALE.match(name)
    if found and found.group(1).upper() in SUPPORTED_REGIONS:
        return found.group(1).upper()
    # Windows names the country ('English_United States')
    country = name.split("_", 1)[1].split(".", 1)[0] if "_" in name else ""
    return region_of_country(country) or DEFAULT_REGION
