"""Folding one record into another: how 'update empty fields' and 'overwrite' differ.

Both keep every phone, e-mail, address, tag and group either side has (a second number is
never a reason to drop the first); they differ only in single fields, where update fills what
is empty and overwrite lets the incoming text win. The diff says what changed, which the
importer writes and keeps for undo.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.exchange.record import DATE_FIELDS, TEXT_FIELDS
from desktop.exchange.validation import AddressOut, CheckedRecord, EmailOut, PhoneOut

SCALAR_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *DATE_FIELDS)


@dataclass
class MergeDiff:
    #: field -> value before the merge
    before: dict[str, object] = field(default_factory=dict)
    phones: list[PhoneOut] = field(default_factory=list)
    emails: list[EmailOut] = field(default_factory=list)
    addresses: list[AddressOut] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    #: custom field -> value before ('' when it had none)
    custom_before: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.before
            or self.phones
            or self.emails
            or self.addresses
            or self.tags
            or self.groups
            or self.custom_before
        )


def _phone_key(phone: PhoneOut) -> str:
    return phone.digits or phone.number.casefold()


def _address_key(address: AddressOut) -> tuple[str, ...]:
    return tuple(
        getattr(address, p).casefold()
        for p in ("street", "city", "region", "postal_code", "country")
    )


def merge_into(target: CheckedRecord, extra: CheckedRecord, overwrite: bool) -> MergeDiff:
    """Change `target` to hold what `extra` adds, and say what changed."""
    diff = MergeDiff()
    for name in SCALAR_FIELDS:
        new = extra.values.get(name)
        if new in (None, ""):
            continue
        old = target.values.get(name)
        if old in (None, "") or (overwrite and new != old):
            diff.before[name] = old
            target.values[name] = new
    phones = {_phone_key(p) for p in target.phones}
    for phone in extra.phones:
        if _phone_key(phone) not in phones:
            phones.add(_phone_key(phone))
            target.phones.append(phone)
            diff.phones.append(phone)
    emails = {e.key for e in target.emails}
    for email in extra.emails:
        if email.key not in emails:
            emails.add(email.key)
            target.emails.append(email)
            diff.emails.append(email)
    addresses = {_address_key(a) for a in target.addresses}
    for address in extra.addresses:
        if _address_key(address) not in addresses:
            addresses.add(_address_key(address))
            target.addresses.append(address)
            diff.addresses.append(address)
    for kind in ("tags", "groups"):
        have = getattr(target, kind)
        for name in getattr(extra, kind):
            if name not in have:
                have.append(name)
                getattr(diff, kind).append(name)
    for name, value in extra.custom.items():
        old_value = target.custom.get(name, "")
        if value and (not old_value or (overwrite and value != old_value)):
            diff.custom_before[name] = old_value
            target.custom[name] = value
    target.problems.extend(extra.problems)
    return diff
