"""The text the search index holds for a contact, and the query a user's typing becomes.

Both sides are built here so they cannot drift apart. The index tokenizer (FTS5 unicode61 on
SQLite, 'simple' tsvector on PostgreSQL) splits on punctuation and keeps a run of Chinese
characters as one token; so this module adds what a tokenizer cannot: every suffix of such a
run (so '伟' and '科技' find '王伟' and '北京科技'), and phone numbers as bare digits in
international and national form (so '030 1234' and '+4930' both find '+49 30 1234567'), with
the runs from each space to the end and the last four digits (so '301234' and '4567' do too).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from desktop.store.crm_numbers import format_crm, normalise_crm

_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]{2,}")
_NON_DIGIT = re.compile(r"\D+")
_DIGITS = re.compile(r"\d+")
# Unicode letters and digits, as the unicode61 tokenizer sees a token.
_TOKEN = re.compile(r"[^\W_]+")
_MAX_SUFFIXES = 16
#: the last digits of a phone that find it, and the shortest run indexed (phone_digit_forms)
PHONE_RUN = 4
# Where SQLite's unicode61 tokenizer folds a letter that lower() leaves alone: Greek letter
# variants (final sigma, the beta, theta, phi, pi, kappa, rho and epsilon symbols), the long
# s, and the dot that lower() leaves on a Turkish capital I. Escaped: they look like Latin.
_AS_UNICODE61 = str.maketrans(
    {
        "\u03c2": "\u03c3",
        "\u03d0": "\u03b2",
        "\u03d1": "\u03b8",
        "\u03d5": "\u03c6",
        "\u03d6": "\u03c0",
        "\u03f0": "\u03ba",
        "\u03f1": "\u03c1",
        "\u03f5": "\u03b5",
        "\u017f": "s",
        "\u1e9b": "s",
        "\u0307": None,
    }
)
# Latin letters with two marks that unicode61 keeps whole, where NFD would take both off.
_KEPT_WHOLE = frozenset("ǡǣǯǽǿ")


@cache
def _country_codes() -> frozenset[str]:
    # Loaded on first use: `rapport search` only builds queries and never needs phonenumbers.
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


def cjk_suffixes(text: str) -> list[str]:
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(run[i:] for i in range(1, min(len(run), _MAX_SUFFIXES)))
    return out


def phone_digit_forms(number: str, e164: str = "") -> list[str]:
    """Bare digits of a phone as typed, and for an international number its national forms;
    then the runs a salesperson types from memory: the digits from each space or dash of the
    number as typed to its end ('48572895', '572895' and '2895' of +33 6 48 57 28 95, so that
    '4857' finds it across the space), and its last PHONE_RUN digits. Every search is a
    prefix search, so these find the number by the same index lookup as a name.

    Not every run inside a group ('8572'): indexing every suffix of the digits doubled the
    index's share of an import (measured: 4.4 -> 8.9 CPU-s per 100,000 documents, long
    near-unique words), where these cost about a tenth more."""
    forms = []
    groups = _DIGITS.findall(number)
    raw = "".join(groups)
    if raw:
        forms.append(raw)
    full = _NON_DIGIT.sub("", e164) or (raw if number.lstrip().startswith("+") else "")
    if full:
        forms.append(full)
        codes = _country_codes()
        for size in (1, 2, 3):
            if full[:size] in codes:
                national = full[size:]
                forms.extend((national, "0" + national))
                break
    runs = ["".join(groups[start:]) for start in range(1, len(groups))]
    longest = full or raw
    if len(longest) > PHONE_RUN:
        runs.append(longest[-PHONE_RUN:])
    return list(dict.fromkeys([*forms, *(run for run in runs if len(run) >= PHONE_RUN)]))


def contact_words(
    crm_number: str,
    names: Iterable[str],
    company: str,
    emails: Iterable[str],
    phones: Iterable[tuple[str, str]],
    cities: Iterable[str],
) -> list[str]:
    """A contact's words for the index, repeats and all: each part's tokens as query_tokens
    makes them, the suffixes of its Chinese runs, its accented words folded, and phones'
    digit forms (phones as (as typed, international) pairs). Built part by part, and the
    parts contacts share (names, cities) only once: an import builds 100,000 of these."""
    words = crm_words(crm_number)
    for part in (company, *emails):
        words += _words(part)
    for part in (*names, *cities):
        words += _shared_words(part) if len(part) <= _SHARED_MAX else _words(part)
    for number, e164 in phones:
        words += _words(number)
        words += phone_digit_forms(number, e164)
    return words


def crm_words(crm_number: str) -> list[str]:
    """The words of a CRM number ('C-000123' and 'C000123'), as contact_words holds them:
    on their own for a document built before the number was handed out, 100,000 times in an
    import (search_index.with_crm_number)."""
    return _words(crm_number) + _words(crm_number.replace("-", ""))


def _words(part: str) -> list[str]:
    if part.isascii():  # nothing to fold, no Chinese, and lower() is all of unicode61's case
        return _TOKEN.findall(part.lower())
    words = query_tokens(part)
    words += query_tokens(" ".join(cjk_suffixes(part)))
    words += [fold_accents(word) for word in words if not word.isascii()]
    return words


#: the longest part remembered: names and cities, not a 400-character Chinese display name
#: (its 15 suffixes), so that the 8,192 parts remembered stay within a few megabytes
_SHARED_MAX = 40


@lru_cache(maxsize=8192)
def _shared_words(part: str) -> tuple[str, ...]:
    return tuple(_words(part))


def fold_accents(token: str) -> str:
    """'müller' -> 'muller': Latin letters lose their accents, as SQLite's tokenizer folds them
    (remove_diacritics). The index holds both forms and queries are folded: PostgreSQL's
    'simple' configuration does not fold, and the contact list's scan compares folded words
    as text (services.contact_list). Other scripts are left alone (Hangul would otherwise
    fall apart into jamo)."""
    return token if token.isascii() else token.translate(_LATIN_FOLDS)


def _latin_folds() -> dict[int, str]:
    # Worked out once for every Latin letter: an import folds a million words.
    folds = {}
    for code in (*range(0x80, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        if letter in _KEPT_WHOLE:
            continue
        bare = "".join(
            c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c)
        )
        if bare != letter:
            folds[code] = bare
    return folds


_LATIN_FOLDS = _latin_folds()


def query_tokens(text: str) -> list[str]:
    """The prefixes a user typed, as index tokens: 'Smi, J' -> ['smi', 'j']. Lower case as
    unicode61 folds it, so a word compared as text agrees with the index."""
    return [token.lower().translate(_AS_UNICODE61) for token in _TOKEN.findall(text)]


#: the words of a query that are searched; a pasted page of text searches its first ones.
#: PostgreSQL refuses a tsquery of some thousands of words (StatementTooComplex) and SQLite
#: slows down with each, while no one types more than a handful to find a contact.
MAX_QUERY_WORDS = 32


def query_words(text: str) -> list[str]:
    """The distinct tokens of a query (query_tokens), the first MAX_QUERY_WORDS of them: what
    every search statement is built from, on either backend."""
    return list(dict.fromkeys(query_tokens(text)))[:MAX_QUERY_WORDS]


def typed_crm(text: str) -> str | None:
    """The CRM number a query names: typed as such ('C-002496', 'c2496') or as its digits
    alone ('2496', '002496'), which a salesperson reads off a letter or an invoice. The
    contact with that number comes first, before contacts whose phones hold those digits."""
    digits = text.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= _CRM_DIGITS:
        return format_crm(int(digits))
    return normalise_crm(text)


#: the most digits a CRM number has (crm_numbers' pattern)
_CRM_DIGITS = 12


def fts5_match(text: str) -> str | None:
    """An FTS5 MATCH expression requiring every typed token as a prefix, or None for no tokens.

    Tokens are quoted so that words like AND/NOT/NEAR and stray quotes are never syntax."""
    tokens = query_words(text)
    if not tokens:
        return None
    return " ".join('"' + token.replace('"', '""') + '"*' for token in tokens)
