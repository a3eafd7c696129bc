"""Nothing of a file is ignored without a word (issue 13.3): joined header words map like
their spaced forms, account columns find a place, a firm's name is not split as a person's,
and every column left unmapped is named in the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file, write_csv

from desktop.exchange.mapping import describe, guess_mapping
from desktop.exchange.plan import plan_import
from desktop.exchange.validation import split_full_name
from desktop.store.database import Database

KEEP = "Notes, as “column: value”"


def _described(headers: list[str]) -> list[str]:
    return [describe(c) for c in guess_mapping(headers)]


def test_header_words_joined_without_spaces_map_like_their_spaced_forms() -> None:
    assert _described(
        [
            "BILLINGSTREET",
            "BILLINGCITY",
            "BILLINGSTATE",
            "BILLINGPOSTALCODE",
            "BILLINGCOUNTRY",
            "ShippingPostalCode",
            "MAILINGCITY",
        ]
    ) == [
        "Street (billing)",
        "City (billing)",
        "Region (billing)",
        "Postal code (billing)",
        "Country (billing)",
        "Postal code (shipping)",
        "City (mailing)",
    ]
    assert _described(["Billing Street", "MOBILEPHONE", "LEADSOURCE", "BIRTHDATE"]) == [
        "Street (billing)",
        "Phone (mobile)",
        "Source",
        "Birthday",
    ]
    # an id is not a name, an owner's id not an owner
    assert _described(["ACCOUNTID", "OWNERID"]) == ["(ignore)", "(ignore)"]


def test_account_columns_find_a_place() -> None:
    assert _described(["ACCOUNT NAME", "WEBSITE", "INDUSTRY", "DESCRIPTION"]) == [
        "Company",
        "Website",  # a field of its own since the vCard work (issue 13.5)
        KEEP,
        "Notes",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Acme Systems, Inc.",
        "Acme Systems Inc",
        "Globex Ltd",
        "Initech LLC",
        "Müller Maschinenbau GmbH",
        "Siemens AG",
        "Dupont SARL",
        "Banco Rojo S.A.",
        "北京星光科技有限公司",
        "株式会社トヨタ",
        "トヨタ自動車株式会社",
    ],
)
def test_a_name_ending_in_a_legal_form_is_a_company(
    db: Database, tmp_path: Path, name: str
) -> None:
    path = write_csv(tmp_path / "accounts.csv", [["Name", "Phone"], [name, "+49 30 1234567"]])
    import_file(db, path)
    card = contact_named(db, name)
    assert (card.first_name, card.last_name, card.company) == ("", "", name)


def test_people_keep_their_names() -> None:
    assert split_full_name("Anna Schmidt") == ("Anna", "Schmidt")
    assert split_full_name("Schmidt, Anna") == ("Anna", "Schmidt")
    assert split_full_name("Sa Ag") == ("Sa", "Ag")  # two-letter forms count only in capitals


SALESFORCE = [
    "ID",
    "NAME",
    "TYPE",
    "BILLINGSTREET",
    "BILLINGCITY",
    "BILLINGSTATE",
    "BILLINGPOSTALCODE",
    "BILLINGCOUNTRY",
    "PHONE",
    "WEBSITE",
    "INDUSTRY",
    "DESCRIPTION",
    "OWNERID",
]


def test_a_salesforce_account_export_arrives_whole(db: Database, tmp_path: Path) -> None:
    row = [
        "0015g00000AbCdE",
        "Acme Systems, Inc.",
        "Customer",
        "1 Main Street",
        "Springfield",
        "IL",
        "62701",
        "USA",
        "+1 217 555 0134",
        "www.acme.example",
        "Manufacturing",
        "Key account since 2019",
        "0055g00000XyZ",
    ]
    result = import_file(db, write_csv(tmp_path / "Account.csv", [SALESFORCE, row]))
    card = contact_named(db, "Acme Systems, Inc.")
    assert (card.first_name, card.company) == ("", "Acme Systems, Inc.")
    address = card.addresses[0]
    assert (address.street, address.city, address.region, address.postal_code) == (
        "1 Main Street",
        "Springfield",
        "IL",
        "62701",
    )
    assert address.country == "USA"
    assert "Key account since 2019" in card.notes
    assert card.website == "www.acme.example"  # its own field since the vCard work (13.5)
    assert "INDUSTRY: Manufacturing" in card.notes
    assert "columns not imported (mapped to nothing): ID, TYPE, OWNERID" in result.summary()


def test_unmapped_columns_are_named_before_the_import(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "Account.csv", [SALESFORCE, ["1", "Acme"] + [""] * 11])
    assert plan_import(path).ignored_columns() == ["ID", "TYPE", "OWNERID"]
