"""Shortcuts for the plainest e-mails and phones, so a 100,000-row import does not pay
email-validator's and phonenumbers' full price (about 40 µs each) for 'anna@example.com' and
'+49 171 2345678'.

Each shortcut accepts only text the full check would accept with the same result (the
patterns and lengths are phonenumbers' own metadata; only the general parsing is skipped), and
says None for anything else, which then goes through the full check. Tests compare both.
"""

from __future__ import annotations

import re
from functools import cache

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

# Letters, digits and . _ % + - before the @; dot-separated labels of letters, digits and
# inner hyphens after it, ending in an alphabetic top-level domain.
_EMAIL = re.compile(
    r"^(?=.{1,254}$)(?=[^@]{1,64}@)[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$"
)
# Top-level domains email-validator refuses as not globally deliverable.
_SPECIAL = frozenset(
    {
        "arpa",
        "invalid",
        "local",
        "localhost",
        "onion",
        "test",
        "internal",
        "home",
        "lan",
        "corp",
        "intranet",
        "private",
        "example",
    }
)
_PLUS_DIGITS = re.compile(r"^\+[1-9][0-9 ]{6,22}$")
_TRUNK_DIGITS = re.compile(r"^0[1-9][0-9 ]{4,20}$")
_CODES = frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
# Countries whose numbers are 'possible' over a length range the shortcut does not model.
_FULL_CHECK = frozenset({"39", "1"})


def quick_email(text: str) -> str | None:
    """The address normalised as email-validator would (domain lower-cased), or None."""
    if not _EMAIL.match(text):
        return None
    local, domain = text.rsplit("@", 1)
    domain = domain.lower()
    labels = domain.split(".")
    # IDNA reserves hyphens in the third and fourth place ('xn--'); email-validator refuses them.
    if labels[-1] in _SPECIAL or any(label[2:4] == "--" for label in labels):
        return None
    return f"{local}@{domain}"


def quick_phone(text: str, region: str) -> tuple[str, str] | None:
    """(E.164, digits) of a number written as '+' and digits, or as digits after the
    region's trunk prefix 0 ('030 1234567' in Germany); None for anything else."""
    if _PLUS_DIGITS.match(text):
        digits = text[1:].replace(" ", "")
        code = next((digits[:n] for n in (1, 2, 3) if digits[:n] in _CODES), "")
        national = digits[len(code) :]
        if national.startswith("0"):
            return None
    elif _TRUNK_DIGITS.match(text):
        code = _trunk_zero_code(region.upper())
        national = text[1:].replace(" ", "")
    else:
        return None
    rules = _rules(code)
    if rules is None or len(national) not in rules[1] or not rules[0].fullmatch(national):
        return None
    return f"+{code}{national}", f"{code}{national}"


@cache
def _trunk_zero_code(region: str) -> str:
    """The country code of a region whose national prefix is a plain 0, else ''."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix != "0":
        return ""
    return str(metadata.country_code)


@cache
def _rules(code: str) -> tuple[re.Pattern[str], frozenset[int]] | None:
    """The pattern every national number of this country code matches and the lengths
    phonenumbers calls possible, for a country whose parsing strips nothing but a plain 0
    (others, like Brazil's carrier codes, take the full check)."""
    if not code or code in _FULL_CHECK:
        return None
    regions = COUNTRY_CODE_TO_REGION_CODE.get(int(code), ())
    metadata = PhoneMetadata.metadata_for_region(regions[0]) if regions else None
    if metadata is None or metadata.national_prefix_transform_rule:
        return None
    if metadata.national_prefix_for_parsing not in (None, "0"):
        return None
    general = metadata.general_desc
    if general is None or not general.national_number_pattern or not general.possible_length:
        return None
    lengths = {*general.possible_length, *(general.possible_length_local_only or ())} - {-1}
    return re.compile(general.national_number_pattern), frozenset(lengths)
