"""How a person's name is shown and sorted, for Western and Chinese names alike."""

from __future__ import annotations

import re

# CJK ideographs, Hiragana/Katakana and Hangul: scripts that write the family name first
# with no space between the parts.
_EAST_ASIAN = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f]"
)


def is_east_asian(text: str) -> bool:
    return bool(_EAST_ASIAN.search(text))


def display_name(first: str, last: str) -> str:
    """'Anna Schmidt', but '王伟' (family name first, no space) for East Asian names."""
    first, last = first.strip(), last.strip()
    if is_east_asian(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def sort_name(first: str, last: str, company: str = "") -> str:
    """Lower-cased key sorting by family name, then given name; a card with no name at all
    sorts by its company so it is not lost at the top of the list."""
    first, last = first.strip(), last.strip()
    if not (first or last):
        return company.strip().casefold()
    if is_east_asian(first + last):
        return f"{last}{first}".casefold()
    return f"{last} {first}".strip().casefold()
