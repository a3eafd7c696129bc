"""A phone written without its country code is read in the row's own country, then in the
user's region, then in the region of the computer's locale; never always German (13.4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file, write_csv

from desktop.exchange import phone_region
from desktop.store.database import Database


def test_the_rows_country_comes_first(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            ["Name", "Phone", "Country"],
            ["Amy Adams", "(212) 555-0134", "USA"],
            ["Bea Bauer", "030 1234567", "Deutschland"],
            ["Cleo Caron", "01 23 45 67 89", "France"],
            ["Dora Diaz", "0612 345 678", ""],  # no country: the user's region (NL)
        ],
    )
    import_file(db, path, region="NL")
    assert contact_named(db, "Amy Adams").phones[0].e164 == "+12125550134"
    assert contact_named(db, "Bea Bauer").phones[0].e164 == "+49301234567"
    assert contact_named(db, "Cleo Caron").phones[0].e164 == "+33123456789"
    assert contact_named(db, "Dora Diaz").phones[0].e164 == "+31612345678"


def test_a_vcards_address_country_counts(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "amy.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Adams;Amy;;;\r\nFN:Amy Adams\r\n"
        "TEL;TYPE=WORK:(212) 555-0134\r\n"
        "ADR;TYPE=WORK:;;1 Main St;New York;NY;10001;United States of America\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    import_file(db, path, region="DE")
    assert contact_named(db, "Amy Adams").phones[0].e164 == "+12125550134"


def test_without_a_region_the_computers_locale_decides(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phone_region, "_locale_name", lambda: "en_US.UTF-8")
    assert phone_region.system_region() == "US"
    path = write_csv(tmp_path / "us.csv", [["Name", "Phone"], ["Amy Adams", "(212) 555-0134"]])
    import_file(db, path)
    assert contact_named(db, "Amy Adams").phones[0].e164 == "+12125550134"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("Vereinigte Staaten", "US"),
        ("UK", "GB"),
        ("Deutschland", "DE"),
        ("germany", "DE"),
        ("DE", "DE"),
        ("中国", "CN"),
        ("日本", "JP"),
        ("Schweiz", "CH"),
        ("Atlantis", ""),
    ],
)
def test_country_names(text: str, region: str) -> None:
    assert phone_region.region_of_country(text) == region
