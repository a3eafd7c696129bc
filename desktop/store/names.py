"""How a person's name is shown and sorted, for Western and Chinese names alike."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


#: the longest sort key kept (contacts.sort_key): a pinyin reading is longer than its name
SORT_KEY_MAX = 800
#: surnames whose reading as a name differs from pypinyin's most common reading
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "区": "ou", "朴": "piao",
    "查": "zha", "盖": "ge", "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin",
    "尉": "yu", "召": "shao", "繁": "po", "种": "chong", "秘": "bi", "长": "chang",
}  # fmt: skip


#: distinct sort names whose key is remembered (a few megabytes at most): a list repeats its
#: common names, and a Chinese name's pinyin reading costs some 50 microseconds
_SORT_KEYS_REMEMBERED = 16_384


@lru_cache(maxsize=_SORT_KEYS_REMEMBERED)
def sort_key(sort_name: str) -> str:
    """The key the contact list orders by, kept in contacts.sort_key beside sort_name: its
    accents folded so that 'Élodie' sorts with the E's, not after 'Zoë' as the code points
    would have it; a Chinese name by its pinyin reading, then the name itself ('wang wei 王伟'
    files under W beside Walter, as a Chinese phone book does). Kana and Hangul, which have no
    such reading here, keep their own letters and so come after Z. One function for every
    writer (card, import, demo, undo, migration 0003), so the order never depends on which
    wrote the row; the locale work may add other readings here. Remembered per distinct
    name: an import of 100,000 rows asked for the same readings over and over."""
    if sort_name.isascii():
        return sort_name
    if is_east_asian(sort_name):
        reading = pinyin_reading(sort_name)
        if reading:
            return f"{reading} {sort_name}"[:SORT_KEY_MAX]
    return unaccented(sort_name)[:SORT_KEY_MAX]


def unaccented(text: str) -> str:
    """'Łukasz Müller' -> 'lukasz muller': case and accents folded for ordering and filing."""
    text = text.replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def pinyin_reading(text: str) -> str:
    """'wang wei' for 王伟; '' when the text has no Chinese reading (kana, Hangul)."""
    from pypinyin import Style, lazy_pinyin  # a large dictionary: only when a name is Chinese

    first = SURNAME_READINGS.get(text[:1])
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    if first and syllables:
        syllables[0] = first
    reading = " ".join(syllables)
    return reading if reading[:1].isascii() and reading[:1].isalpha() else ""
