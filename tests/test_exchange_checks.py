"""The import's shortcuts for plain e-mails and phones agree with the full checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.exchange.fast_checks import quick_email, quick_phone
from desktop.services.contact_fields import check_email, check_phone

EMAILS = [
    "anna@example.com",
    "Anna.Schmidt@Example.COM",
    "a+b_c%d-e@sub.mail.de",
    "x@localhost.localhost",
    "a..b@example.com",
    ".a@example.com",
    "a@-x.com",
    "a@x-.com",
    "a@x.c",
    "a@x.123",
    "ü@example.de",
    "a@bücher.de",
    "a b@example.com",
    "lead7@fair-leads.de",
    "a@example.test",
    "@example.com",
    "a@",
    "a" * 65 + "@x.de",
]
PHONES = [
    "030 1234567",
    "0171 2345678",
    "01 23 45 67 89",
    "0800 123",
    "089 12",
    "+49 171 2345678",
    "+49 30 1234567",
    "+4930123456",
    "+1 212 555 0100",
    "+39 06 1234 5678",
    "+86 138 0013 8000",
    "+44 20 7946 0958",
    "+49 0171 2345678",
    "+999 1234567",
    "+49 1",
    "+7 495 123 45 67",
    "+353 1 234 5678",
    "+49 (0) 30 123",
]


def _full_email(text: str) -> str | None:
    try:
        return check_email("e", text)
    except ValidationError:
        return None


@pytest.mark.parametrize("text", EMAILS)
def test_email_shortcut_agrees(text: str) -> None:
    quick = quick_email(text)
    if quick is not None:
        assert quick == _full_email(text)


@pytest.mark.parametrize("region", ["DE", "FR", "GB", "CN", "US", "IT", "JP", "BR"])
@pytest.mark.parametrize("text", PHONES)
def test_phone_shortcut_agrees(text: str, region: str) -> None:
    quick = quick_phone(text, region)
    if quick is not None:
        full = check_phone("p", text, region)
        assert quick == (full.e164, full.digits)


def test_shortcuts_take_the_plain_cases() -> None:
    assert quick_email("Anna@Example.COM") == "Anna@example.com"
    assert quick_phone("+49 171 2345678", "DE") == ("+491712345678", "491712345678")
    assert quick_phone("030 1234567", "DE") == ("+49301234567", "49301234567")
    assert quick_phone("030 1234567", "CN") is None  # China's trunk prefix rules are richer


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A(\+[1-9]|0[1-9])[0-9 ]{5,16}\Z"),
    st.sampled_from(["DE", "FR", "AT", "NL", "IN", "CN"]),
)
def test_phone_shortcut_agrees_on_random_numbers(text: str, region: str) -> None:
    quick = quick_phone(text, region)
    if quick is not None:
        full = check_phone("p", text, region)
        assert quick == (full.e164, full.digits)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[a-zA-Z0-9._+-]{1,12}@[a-zA-Z0-9.-]{1,12}\.[a-zA-Z]{2,5}\Z"))
def test_email_shortcut_agrees_on_random_addresses(text: str) -> None:
    quick = quick_email(text)
    if quick is not None:
        assert quick == _full_email(text)
