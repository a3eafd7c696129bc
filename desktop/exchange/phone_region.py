"""Which country a phone written without its country code belongs to.

In this order: the row's own country (its country column, or a vCard address's country),
then the region the user set (the wizard passes the card's phone-region setting, the command
line its --region), then the region of the computer's locale. Country names are read in every
language phonenumbers knows them in ('USA', 'Deutschland', '中国'), and as ISO codes.
"""

from __future__ import annotations

import locale
import os
import re
from functools import cache

from phonenumbers import SUPPORTED_REGIONS
from phonenumbers.geodata.locale import LOCALE_DATA

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


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for region, by_language in LOCALE_DATA.items():
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
