"""When are two contacts the same person: the one rule for the card's warning and the import.

Three signs, strongest first:
- the same e-mail address, ignoring case;
- the same phone, by the digits of its international form (at least MIN_PHONE_DIGITS, so an
  extension or a short internal number never matches), but only when the names agree: a
  switchboard or placeholder number ('+1 555 0100' on every account of a CRM export) is
  shared by people and firms that are not one another;
- the same name at the same company (only when a company is given: two 'Anna Schmidt's
  without one are not assumed to be one person).

Names agree when either side has none, or their name keys are equal: the family name of a
person ('Bob Meyer' and 'Robert Meyer' written on the same number are one man), the company
of a card without a person's name. Plain Python, so the card (services) and the import
(exchange, a worker process) ask exactly the same question.
"""

from __future__ import annotations

MIN_PHONE_DIGITS = 7


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def email_key(address: str) -> str:
    """The e-mail as it is compared ('' when it is not an address)."""
    key = address.strip().casefold()
    return key if "@" in key else ""


def phone_key(digits: str) -> str:
    """The phone's digits when there are enough to compare, else ''."""
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def name_key(first: str, last: str, company: str) -> str:
    """What a phone match must agree on: a person's family name (or the one name given),
    or for a card without a person's name its company; '' when there is no name at all."""
    return _folded(last) or _folded(first) or _folded(company)


def names_agree(one: str, other: str) -> bool:
    """True unless both name keys are given and differ."""
    return not one or not other or one == other


def person_at_company_key(sort_name: str, first: str, last: str, company: str) -> str:
    """'sort name|company' for a person at a company, '' otherwise (no match by name)."""
    folded = _folded(company)
    if not folded or not (first.strip() or last.strip()):
        return ""
    return f"{sort_name}|{folded}"
