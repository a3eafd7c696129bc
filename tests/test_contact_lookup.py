"""Lookup by any field (issue 15.2): the list shows the contacts whose chosen field begins
with, contains or lacks what was typed, sorted as the list is, on either backend."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QAbstractItemModel

from desktop.models.contact_list_model import COLUMN_KEYS, ContactListModel
from desktop.services.contact_list import ListQuery
from desktop.services.contact_lookup import FieldLookup, LookupOp, lookup_fields
from desktop.services.contacts import AddressEntry, ContactDraft, save_contact
from desktop.store.database import Database
from desktop.store.entities import CustomField

pytestmark = pytest.mark.postgres


@pytest.fixture
def people(any_db: Database) -> int:
    """Three contacts with every looked-up field; returns the id of the user's own field."""
    with any_db.session() as session:
        field = CustomField(name="Shoe size", field_type="text")
        session.add(field)
        session.flush()
        field_id = field.id
    for first, city, postal, title, dept, source, owner, tags, groups, size in (
        ("Anna", "Paris", "75001", "Buyer", "Purchasing", "Trade fair", "Sandra", ("vip",),
         ("Q1",), "38"),
        ("Bruno", "Parma", "43121", "", "Sales", "Website", "Tom", ("vip", "press"), (), ""),
        ("Chloé", "Lyon", "", "Chief buyer", "", "", "Tom", (), ("Q1 north",), "41"),
    ):  # fmt: skip
        save_contact(
            any_db,
            ContactDraft(
                first_name=first,
                title=title,
                department=dept,
                source=source,
                owner=owner,
                tags=tags,
                groups=groups,
                addresses=(AddressEntry("work", city=city, postal_code=postal),),
                custom={field_id: size} if size else {},
            ),
        )
    return field_id


def looked_up(db: Database, field: str, op: LookupOp, value: str = "", **sort: object) -> list[str]:
    model = ContactListModel(db)
    model.set_query(ListQuery(lookup=FieldLookup(field, op, value), **sort))  # type: ignore[arg-type]
    model.wait_for_ids()
    column = COLUMN_KEYS.index("name")
    shown = [model.index(row, column).data() for row in range(model.rowCount())]
    model.close()
    return shown


@pytest.mark.parametrize(
    ("field", "op", "value", "expected"),
    [
        ("city", LookupOp.BEGINS, "par", ["Anna", "Bruno"]),
        ("city", LookupOp.BEGINS, "PARI", ["Anna"]),
        ("city", LookupOp.CONTAINS, "yo", ["Chloé"]),
        ("city", LookupOp.EMPTY, "", []),
        ("postal_code", LookupOp.BEGINS, "75", ["Anna"]),
        ("postal_code", LookupOp.CONTAINS, "12", ["Bruno"]),
        ("postal_code", LookupOp.EMPTY, "", ["Chloé"]),
        ("tag", LookupOp.BEGINS, "pre", ["Bruno"]),
        ("tag", LookupOp.CONTAINS, "i", ["Anna", "Bruno"]),
        ("tag", LookupOp.EMPTY, "", ["Chloé"]),
        ("group", LookupOp.BEGINS, "q1", ["Anna", "Chloé"]),
        ("group", LookupOp.CONTAINS, "north", ["Chloé"]),
        ("group", LookupOp.EMPTY, "", ["Bruno"]),
        ("owner", LookupOp.BEGINS, "t", ["Bruno", "Chloé"]),
        ("title", LookupOp.CONTAINS, "buyer", ["Anna", "Chloé"]),
        ("title", LookupOp.EMPTY, "", ["Bruno"]),
        ("department", LookupOp.BEGINS, "Sal", ["Bruno"]),
        ("source", LookupOp.CONTAINS, "site", ["Bruno"]),
        ("source", LookupOp.EMPTY, "", ["Chloé"]),
        ("city", LookupOp.CONTAINS, "%", []),
        ("city", LookupOp.BEGINS, "  ", ["Anna", "Bruno", "Chloé"]),
    ],
)
def test_a_lookup_by_one_field_lists_what_matches(
    any_db: Database, people: int, qtbot: object, field: str, op: LookupOp, value: str,
    expected: list[str],
) -> None:  # fmt: skip
    assert looked_up(any_db, field, op, value) == expected


def test_a_users_own_field_can_be_looked_up(any_db: Database, people: int, qtbot: object) -> None:
    codes = [f.code for f in lookup_fields(any_db)]
    assert codes[:8] == [
        "city", "postal_code", "tag", "group", "owner", "title", "department", "source"
    ]  # fmt: skip
    assert codes[8:] == [f"custom:{people}"]
    assert looked_up(any_db, f"custom:{people}", LookupOp.BEGINS, "4") == ["Chloé"]
    assert looked_up(any_db, f"custom:{people}", LookupOp.EMPTY) == ["Bruno"]


def test_looked_up_rows_sort_and_pass_the_model_tester(
    any_db: Database,
    people: int,
    qtbot: object,
    model_tester: Callable[[QAbstractItemModel], None],
) -> None:
    assert looked_up(any_db, "city", LookupOp.BEGINS, "p", descending=True) == ["Bruno", "Anna"]
    assert looked_up(any_db, "owner", LookupOp.BEGINS, "t", sort="city") == ["Chloé", "Bruno"]
    model = ContactListModel(any_db)
    model_tester(model)
    model.set_query(ListQuery(lookup=FieldLookup("tag", LookupOp.CONTAINS, "v")))
    assert model.rowCount() == 0 and not model.complete  # the rows come from the loader
    model.wait_for_ids()
    assert model.rowCount() == 2 and model.complete
    model.close()
