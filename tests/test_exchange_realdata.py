"""Every real contacts export in tests/data/realdata imports, and the chosen rows come out as a
user would read them on the card."""

from __future__ import annotations

from datetime import date

import pytest
from exchange_support import REALDATA, contact_named, import_file

from desktop.exchange.plan import plan_import
from desktop.exchange.validation import WARNING_TAG
from desktop.services.search import search_contacts
from desktop.store.database import Database

CONTACT_FILES = sorted((REALDATA / "contacts").iterdir()) + sorted((REALDATA / "vcard").iterdir())


@pytest.mark.parametrize("path", CONTACT_FILES, ids=lambda p: p.name)
def test_every_real_file_imports(db: Database, path) -> None:
    result = import_file(db, path)
    assert result.created == result.read > 0
    assert result.rejected == 0


def test_google_csv_with_two_line_address_and_group_syntax(db: Database) -> None:
    result = import_file(db, REALDATA / "contacts" / "google_contacts_export__tine20.csv")
    assert result.created == 5  # the quoted two-line address did not split a row
    axel = contact_named(db, "axel gert")
    assert [e.address for e in axel.emails] == ["abc@here.de"]
    assert [(p.label, p.number, p.e164) for p in axel.phones] == [
        ("mobile", "+4921234435", "+4921234435")
    ]
    # 'kunden ::: * My Contacts': the user's group kept, Google's system group left out
    assert axel.groups == ("kunden",)
    assert axel.notes == "rutan"
    bus = contact_named(db, "Bus Winsen family")
    (address,) = bus.addresses
    assert (address.label, address.street, address.city) == (
        "home",
        "Niedersachsen Ring 22",
        "Winsen",
    )
    assert [p.number for p in bus.phones] == ["021224351809"]


def test_outlook_german_cp1252(db: Database) -> None:
    path = REALDATA / "contacts" / "outlook2013_german_cp1252__tine20.csv"
    assert plan_import(path).table.encoding == "cp1252"
    result = import_file(db, path)
    assert (result.created, result.with_warnings) == (2, 0)  # '0.0.00' is an empty date
    weiss = contact_named(db, "Cornelius Weiß")
    assert weiss.company == "unittest"
    assert weiss.title == "Softwareengineering"
    assert weiss.birthday is None
    assert [e.address for e in weiss.emails] == ["c.weiss@unittest.de"]
    # the same number under 'Telefon geschäftlich' and 'Telefon Firma' is kept once
    assert [(p.label, p.number, p.e164) for p in weiss.phones] == [
        ("work", "040 6432131545", "+49406432131545"),
        ("mobile", "0176 164321545", "+49176164321545"),
    ]
    baumann = contact_named(db, "Christian Baumann")
    (address,) = baumann.addresses
    assert (address.label, address.street, address.city, address.postal_code, address.country) == (
        "work",
        "Pickhuben 2",
        "Hamburg",
        "20457",
        "Deutschland",
    )
    assert search_contacts(db, "weiß")[0].display_name == "Cornelius Weiß"


def test_chinese_workbook_with_header_on_row_two(db: Database) -> None:
    path = REALDATA / "contacts" / "zh_contacts_header_row2_merged__magicodes.xlsx"
    plan = plan_import(path)
    assert plan.table.header_row == 1  # the merged instruction row above is skipped
    assert plan.table.headers[2] == "姓名"
    result = import_file(db, path)
    assert result.created == 16
    assert result.with_warnings == 16  # every parent phone is masked ('151U7086XXXX')
    first = contact_named(db, "杨圣超")
    assert (first.last_name, first.first_name) == ("杨", "圣超")
    assert [(p.label, p.number, p.e164) for p in first.phones] == [("家长", "151U7086XXXX", "")]
    assert first.addresses[0].street == "江西省吉安市安福县横龙乡盆形村桥头4号"
    assert WARNING_TAG in first.tags
    assert "row 3, 家长联系电话: '151U7086XXXX' has letters in it" in result.reasons
    assert [c.display_name for c in search_contacts(db, "圣超")] == ["杨圣超"]


def test_bad_rows_skip_rejects_rows_with_problems(db: Database) -> None:
    from desktop.errors import RapportError

    path = REALDATA / "contacts" / "zh_contacts_header_row2_merged__magicodes.xlsx"
    with pytest.raises(RapportError, match=r"nothing imported .* 16 rejected"):
        import_file(db, path, bad_rows="skip")


def test_vcard_21_outlook_quoted_printable_and_photo(db: Database) -> None:
    result = import_file(db, REALDATA / "vcard" / "v21_outlook_qp_photo__ezvcard.vcf")
    # the middle names are kept as such, no longer folded into the first name (issue 13.5)
    john = contact_named(db, "John Doe")
    assert (john.middle_name, john.name_prefix, john.name_suffix) == ("Richter James", "Mr.", "Sr.")
    assert john.nickname == "Johny"
    assert "1 photo not imported (Rapport keeps no photos yet): card 1" in result.summary()
    assert (john.company, john.department, john.title) == ("IBM", "Accounting", "Money Counter")
    assert [(p.label, p.number) for p in john.phones] == [
        ("work", "(905) 555-1234"),
        ("home", "(905) 666-1234"),
    ]
    assert [e.address for e in john.emails] == ["john.doe@ibm.cm"]
    assert john.birthday == date(1980, 3, 22)
    assert [(a.label, a.street, a.city) for a in john.addresses] == [
        ("work", "Cresent moon drive", "Albaney"),
        ("home", "Silicon Alley 5", "New York"),
    ]
    # 2.1 has no escapes: the commas in the note are text, not separators
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO" in john.notes
    assert john.notes.endswith("POSSIBILITY OF SUCH DAMAGE.")


def test_vcard_30_gmail_many_emails_and_phones(db: Database) -> None:
    import_file(db, REALDATA / "vcard" / "v30_gmail_many_emails_phones__ezvcard.vcf")
    card = contact_named(db, "VCard Test")
    assert len(card.emails) == 5
    assert len(card.phones) == 11
    assert len(card.addresses) == 5
    labels = {p.number: p.label for p in card.phones}
    assert labels["5555551115"] == "mobile"
    assert labels["5555551118"] == "work fax"
    assert labels["5555551119"] == "GRAND_CENTRAL"
    assert {e.label for e in card.emails} >= {"home", "work", "CustomEmailCategory"}
    assert card.birthday == date(1912, 6, 23)
    assert card.notes == "note line 1\nnote line 2\nCustomField: field value"
