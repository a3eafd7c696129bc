"""The lazy contact list: first page at once, the rest on demand, sorted and filtered in SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from desktop.models import contact_list_model
from desktop.models.contact_list_model import COLUMN_KEYS, ContactListModel, Role
from desktop.services import contact_list
from desktop.services.contact_list import ListQuery
from desktop.services.contact_organizing import add_to_group, list_groups, list_tags, tag_contacts
from desktop.services.contacts import ContactDraft, EmailEntry, save_contact
from desktop.store.database import Database

PEOPLE = [
    ("Anna", "Schmidt", "Müller GmbH", "Berlin"),
    ("Bernd", "Albers", "ACME", "Hamburg"),
    ("伟", "王", "北京科技", "北京"),
    ("Clara", "Zeller", "ACME", "München"),
    ("Anton", "Meier", "Zeta AG", "Köln"),
]


@pytest.fixture
def people(db: Database) -> list[int]:
    from desktop.services.contacts import AddressEntry

    ids = []
    for first, last, company, city in PEOPLE:
        draft = ContactDraft(
            first_name=first,
            last_name=last,
            company=company,
            emails=(EmailEntry("", f"{first.lower()}@example.com"),) if first.isascii() else (),
            addresses=(AddressEntry("", city=city),),
            owner="Sandra" if company == "ACME" else "Tom",
        )
        ids.append(save_contact(db, draft).id)
    return ids


def names(model: ContactListModel) -> list[str]:
    column = COLUMN_KEYS.index("name")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_list_is_sorted_by_name_and_passes_the_model_tester(
    db: Database, people: list[int], model_tester: Callable[[QAbstractItemModel], None]
) -> None:
    model = ContactListModel(db)
    model_tester(model)
    model.set_query(ListQuery())
    assert names(model) == ["Bernd Albers", "Anton Meier", "Anna Schmidt", "王伟", "Clara Zeller"]
    first = model.index(0, COLUMN_KEYS.index("crm"))
    assert first.data() == "C-000002"
    assert first.data(Role.ID) == people[1]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Company"
    model.close()


def test_search_keeps_the_chosen_sort(db: Database, people: list[int]) -> None:
    model = ContactListModel(db)
    model.sort(COLUMN_KEYS.index("company"), Qt.SortOrder.DescendingOrder)
    model.set_query(ListQuery(**{**model.query.__dict__, "search": "an"}))
    assert names(model) == ["Anton Meier", "Anna Schmidt"]  # Zeta AG before Müller GmbH
    model.set_query(ListQuery(search="王"))
    assert names(model) == ["王伟"]
    model.set_query(ListQuery(search="nobody"))
    assert names(model) == []
    model.set_query(ListQuery(search="!!"))
    assert names(model) == []
    model.close()


def test_filters_by_group_tag_and_owner(db: Database, people: list[int]) -> None:
    add_to_group(db, people[:2], "Messe")
    tag_contacts(db, people[1:3], "VIP")
    model = ContactListModel(db)
    model.set_query(ListQuery(group_id=list_groups(db)[0].id))
    assert names(model) == ["Bernd Albers", "Anna Schmidt"]
    model.set_query(ListQuery(tag_id=list_tags(db)[0].id))
    assert names(model) == ["Bernd Albers", "王伟"]
    assert model.index(0, COLUMN_KEYS.index("tags")).data() == "VIP"
    model.set_query(ListQuery(owner="Sandra", sort="city"))
    assert names(model) == ["Bernd Albers", "Clara Zeller"]
    model.close()


def test_sorting_an_unindexed_column_keeps_the_order(db: Database, people: list[int]) -> None:
    model = ContactListModel(db)
    model.set_query(ListQuery())
    before = names(model)
    model.sort(COLUMN_KEYS.index("email"), Qt.SortOrder.DescendingOrder)
    assert names(model) == before
    model.sort(COLUMN_KEYS.index("crm"), Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "C-000005"
    model.close()


def test_rows_beyond_the_first_page_arrive_from_the_loader(
    db: Database,
    people: list[int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: object,
    model_tester: Callable[[QAbstractItemModel], None],
) -> None:
    monkeypatch.setattr(contact_list_model, "PAGE_SIZE", 2)
    monkeypatch.setattr(contact_list_model, "CACHED_PAGES", 1)
    model = ContactListModel(db)
    model_tester(model)
    counts: list[int] = []
    model.count_changed.connect(counts.append)
    model.set_query(ListQuery())
    assert model.rowCount() == 2 and not model.complete
    model.wait_for_ids()
    assert model.complete and counts == [5]
    # every page is fetched by ids and evicted again: the cache holds one page
    assert names(model) == ["Bernd Albers", "Anton Meier", "Anna Schmidt", "王伟", "Clara Zeller"]
    assert len(model._pages) == 1
    assert model.row_of(people[3]) == 4
    model.close()


def test_every_search_strategy_gives_the_same_rows(
    db: Database, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = ContactListModel(db)
    model.set_query(ListQuery(search="a"))
    expected = names(model)
    assert len(expected) >= 4
    with db.engine.connect() as conn:
        planned = contact_list.plan(conn, ListQuery(search="a"))
        for strategy in contact_list.Strategy:
            rows = contact_list.first_page(conn, planned.using(strategy), 100)
            assert [r.display_name for r in rows] == expected, strategy
    # very many matches: scanned first; out of time, the matches are walked
    monkeypatch.setattr(contact_list, "SPARSE_LIMIT", 1)
    monkeypatch.setattr(contact_list, "MANY_MATCHES", 1)
    monkeypatch.setattr(contact_list, "SCAN_BUDGET_S", 0.0)
    with db.engine.connect() as conn:
        assert contact_list.plan(conn, ListQuery(search="a")).strategy.value == "scan"
    model.set_query(ListQuery(search="a"))
    assert names(model) == expected
    # fewer matches: walked first; out of time, sorted
    monkeypatch.setattr(contact_list, "MANY_MATCHES", 1000)
    monkeypatch.setattr(contact_list, "WALK_BUDGET_S", 0.0)
    with db.engine.connect() as conn:
        assert contact_list.plan(conn, ListQuery(search="a")).strategy.value == "walk"
    model.set_query(ListQuery(search="a"))
    assert names(model) == expected
    model.close()


def test_a_scan_out_of_time_gives_way_to_counting_or_walking(
    db: Database, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every budgeted query runs out of time here; the rows must still be right."""
    ran: list[str] = []
    page = contact_list._page

    def recorded(conn: Connection, planned: contact_list.SearchPlan, limit: int) -> object:
        ran.append(planned.strategy.value)
        return page(conn, planned, limit)

    @contextmanager
    def always_late(conn: Connection, seconds: float) -> Iterator[None]:
        yield
        raise OperationalError("SELECT", {}, Exception("interrupted"))

    monkeypatch.setattr(contact_list, "_page", recorded)
    monkeypatch.setattr(contact_list, "_budget", always_late)
    monkeypatch.setattr(contact_list, "SPARSE_LIMIT", 0)
    monkeypatch.setattr(contact_list, "MANY_MATCHES", 0)
    with db.engine.connect() as conn:
        # 'sch' has many matches (one is "many" here), so 'schmi' may have: scanned; out of
        # time, counted (one again) and walked
        planned = contact_list.plan(conn, ListQuery(search="schmi"))
        assert planned.estimated and planned.strategy is contact_list.Strategy.SCAN
        assert [r.display_name for r in contact_list.first_page(conn, planned, 10)] == [
            "Anna Schmidt"
        ]
        assert ran == ["scan", "walk"]
        # 'schmx' matches nothing: counted after the scan, and sorted
        ran.clear()
        planned = contact_list.plan(conn, ListQuery(search="schmx"))
        assert contact_list.first_page(conn, planned, 10) == []
        assert ran == ["scan", "sort"]


@pytest.mark.parametrize(
    "search",
    ["a", "mül", "MULL", "muller gm", "koln", "王", "伟", "科技", "an sch", "acme.com", "zz",
     "@example", "c-000003", "c000003", "berlin anna", "ΣΟΦΊΑ", "παπαδόπουλος"],
)  # fmt: skip
def test_scanning_words_as_text_finds_what_the_index_finds(
    db: Database, people: list[int], search: str
) -> None:
    """The scan reads each row's words instead of asking FTS5: accents, case, Chinese runs,
    several words and punctuation must come out the same as the index's own answer."""
    save_contact(db, ContactDraft(first_name="Σοφία", last_name="Παπαδόπουλος"))
    with db.engine.connect() as conn:
        planned = contact_list.plan(conn, ListQuery(search=search))
        by_index = contact_list.first_page(conn, planned.using(contact_list.Strategy.SORT), 100)
        scanned = contact_list.first_page(conn, planned.using(contact_list.Strategy.SCAN), 100)
    assert [r.id for r in scanned] == [r.id for r in by_index]
    if search not in ("zz",):
        assert by_index, search


@pytest.mark.postgres
def test_search_sort_and_all_ids_on_either_backend(
    any_db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    # qtbot: the ids arrive by a queued signal, which needs the application's event loop
    for first, last, company in (("Anna", "Schmidt", "Zeta"), ("Anton", "Albers", "Alpha")):
        save_contact(any_db, ContactDraft(first_name=first, last_name=last, company=company))
    monkeypatch.setattr(contact_list_model, "PAGE_SIZE", 1)
    model = ContactListModel(any_db)
    model.set_query(ListQuery(search="an", sort="company", descending=True))
    model.wait_for_ids()
    assert names(model) == ["Anna Schmidt", "Anton Albers"]
    model.set_query(ListQuery(search="schm"))
    model.wait_for_ids()
    assert names(model) == ["Anna Schmidt"]
    model.close()


def test_contacts_whose_consent_is_withdrawn_are_marked(db: Database) -> None:
    save_contact(db, ContactDraft(last_name="Keen", consent_given_at="2024-01-02"))
    save_contact(db, ContactDraft(last_name="Gone", consent_withdrawn_at="2025-03-04"))
    model = ContactListModel(db)
    model.set_query(ListQuery())
    assert names(model) == ["Gone", "Keen"]
    gone, keen = model.index(0, 1), model.index(1, 1)
    assert "Consent withdrawn" in gone.data(Qt.ItemDataRole.ToolTipRole)
    assert gone.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert keen.data(Qt.ItemDataRole.ToolTipRole) is None
    model.close()
