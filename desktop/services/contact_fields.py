"""Checking what a user typed into a contact's fields, one field at a time.

The card calls these as the user types (to put a message beside the field) and save_contact
calls them again before writing, so a field is judged the same way in both places. Phones are
the one lenient field: a number phonenumbers cannot parse is still a number someone wrote
down, so it is kept as typed with a warning instead of being refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers
from dateutil import parser as date_parser
from email_validator import EmailNotValidError, validate_email

from desktop.errors import ValidationError

DEFAULT_REGION = "DE"
_NON_DIGIT = re.compile(r"\D")
_GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
# Dates before this are typing errors (a year of 19 instead of 1990), not birthdays.
_EARLIEST = date(1850, 1, 1)
_LATEST = date(2200, 12, 31)


@dataclass(frozen=True)
class PhoneCheck:
    """A phone as it will be stored: international form and digits when it parsed."""

    number: str
    e164: str
    digits: str
    international: str
    warning: str


def check_email(field: str, text: str) -> str:
    """The address in its normalised form (domain lower-cased), or ValidationError."""
    value = text.strip()
    if not value:
        raise ValidationError(field, "an e-mail address is required here")
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValidationError(field, str(error)) from None


def check_phone(field: str, text: str, region: str = DEFAULT_REGION) -> PhoneCheck:
    """Parse a phone; only an empty one is an error, an unparseable one comes back with a
    warning and no international form."""
    number = text.strip()
    if not number:
        raise ValidationError(field, "a phone number is required here")
    if len(number) > 100:
        raise ValidationError(field, "a phone number can have at most 100 characters")
    raw_digits = _NON_DIGIT.sub("", number)
    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        parsed = None
    # "ext. 12" is a 'possible' German number to libphonenumber; a real one has more digits.
    if parsed is None or len(raw_digits) < 5 or not phonenumbers.is_possible_number(parsed):
        return PhoneCheck(
            number, "", raw_digits, number, "not a phone number we can read; kept as typed"
        )
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    international = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return PhoneCheck(number, e164, _NON_DIGIT.sub("", e164), international, "")


#: what phonenumbers knows of a number -> the card's label for it
_LABEL_OF_TYPE = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "work",
}


def phone_label(text: str, region: str = DEFAULT_REGION) -> str | None:
    """'mobile' or 'work' when the number says which it is; None when it cannot tell (a
    number valid as either, a partial one, a service number)."""
    try:
        parsed = phonenumbers.parse(text.strip(), region or None)
    except phonenumbers.NumberParseException:
        return None
    return _LABEL_OF_TYPE.get(phonenumbers.number_type(parsed))


def phone_digits(text: str, region: str = DEFAULT_REGION) -> str:
    """Digits that two spellings of the same number share ('030 1234' and '+49 30 1234')."""
    stripped = text.strip()
    if not stripped:
        return ""
    return check_phone("phone", stripped, region).digits


def check_date(field: str, text: str) -> date | None:
    """ISO (1980-12-24), German (24.12.1980) or any unambiguous spelling; empty is None."""
    value = text.strip()
    if not value:
        return None
    try:
        german = _GERMAN_DATE.match(value)
        if german:
            day, month, year = (int(part) for part in german.groups())
            parsed = date(year, month, day)
        else:
            parsed = date.fromisoformat(value) if value[:4].isdigit() else _parse_loose(value)
    except (ValueError, OverflowError):
        raise ValidationError(field, f"'{value}' is not a date (use e.g. 1980-12-24)") from None
    if not _EARLIEST <= parsed <= _LATEST:
        raise ValidationError(field, f"{parsed.isoformat()} is out of range (1850 to 2200)")
    return parsed


def _parse_loose(value: str) -> date:
    default = datetime(2000, 1, 1)
    parsed = date_parser.parse(value, dayfirst=True, default=default)
    if not any(char.isdigit() for char in value):
        raise ValueError(value)
    return parsed.date()


def check_text(field: str, text: str, limit: int) -> str:
    """Trimmed text; refused when longer than the column or holding a NUL character."""
    value = text.strip()
    if "\x00" in value:
        raise ValidationError(field, "contains a NUL character")
    if len(value) > limit:
        raise ValidationError(field, f"can have at most {limit} characters, not {len(value)}")
    return value


def check_custom(field: str, field_type: str, choices: str, text: str) -> str:
    """A custom value in its stored canonical form: numbers with '.', dates ISO."""
    value = text.strip()
    if not value:
        return ""
    if field_type == "number":
        if not _NUMBER.match(value):
            raise ValidationError(field, f"'{value}' is not a number")
        return value.replace(",", ".")
    if field_type == "date":
        parsed = check_date(field, value)
        return parsed.isoformat() if parsed else ""
    if field_type == "choice":
        allowed = [line.strip() for line in choices.splitlines() if line.strip()]
        if allowed and value not in allowed:
            raise ValidationError(field, f"'{value}' is not one of {', '.join(allowed)}")
    return check_text(field, value, 10_000)
