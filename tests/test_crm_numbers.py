"""CRM numbers: printed on letters and quoted on the phone, so one is never handed out twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from desktop.store.crm_numbers import allocate, format_crm, normalise_crm, parse_crm
from desktop.store.database import Database
from desktop.store.entities import Contact

pytestmark = pytest.mark.postgres


def new_contact(db: Database, last: str) -> tuple[int, str]:
    with db.session() as session:
        number = allocate(session.connection())[0]
        contact = Contact(crm_number=format_crm(number), last_name=last, display_name=last)
        session.add(contact)
        session.flush()
        return contact.id, contact.crm_number


def test_numbers_count_up_from_one(any_db: Database) -> None:
    assert [new_contact(any_db, name)[1] for name in ("A", "B", "C")] == [
        "C-000001",
        "C-000002",
        "C-000003",
    ]


def test_deleting_the_newest_contact_does_not_give_its_number_back(any_db: Database) -> None:
    new_contact(any_db, "Alt")
    newest_id, newest_crm = new_contact(any_db, "Neu")
    with any_db.session() as session:
        session.delete(session.get(Contact, newest_id))
    _, after = new_contact(any_db, "Danach")
    assert newest_crm == "C-000002"
    assert after == "C-000003"


def test_a_rolled_back_save_does_not_burn_or_reuse_a_number(any_db: Database) -> None:
    new_contact(any_db, "First")
    with pytest.raises(RuntimeError), any_db.session() as session:
        allocate(session.connection(), 5)
        raise RuntimeError("the user cancelled")
    assert new_contact(any_db, "Second")[1] == "C-000002"


def test_a_block_is_consecutive_and_follows_earlier_numbers(any_db: Database) -> None:
    with any_db.transaction() as conn:
        first = allocate(conn, 1)
        block = allocate(conn, 1000)
    assert list(first) == [1]
    assert block == range(2, 1002)


def test_two_connections_allocating_at_once_get_distinct_numbers(any_db: Database) -> None:
    """Two writers (two windows, or two salespeople on one server) serialise on the counter."""
    results: list[range] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer() -> None:
        try:
            start.wait()
            for _ in range(20):
                with any_db.transaction() as conn:
                    results.append(allocate(conn, 3))
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = [n for block in results for n in block]
    assert len(numbers) == 120
    assert sorted(numbers) == list(range(1, 121))
    with any_db.transaction() as conn:
        assert (
            conn.execute(text("SELECT value FROM counters WHERE name = 'contact'")).scalar() == 120
        )


def test_a_crm_number_is_unique_in_the_table(any_db: Database) -> None:
    new_contact(any_db, "Eins")
    with pytest.raises(IntegrityError), any_db.session() as session:
        session.add(Contact(crm_number="C-000001", last_name="Zwei"))
    with any_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 1


def test_allocating_nothing_is_refused(any_db: Database) -> None:
    with any_db.transaction() as conn, pytest.raises(ValueError, match="positive"):
        allocate(conn, 0)


@pytest.mark.parametrize(
    ("number", "shown"),
    [(1, "C-000001"), (123, "C-000123"), (999_999, "C-999999"), (1_234_567, "C-1234567")],
)
def test_format(number: int, shown: str) -> None:
    assert format_crm(number) == shown
    assert parse_crm(shown) == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [("C-000123", 123), ("c-123", 123), ("c123", 123), ("  C-7 ", 7), ("C000042", 42)],
)
def test_parse_accepts_what_people_type(typed: str, number: int) -> None:
    assert parse_crm(typed) == number
    assert normalise_crm(typed) == format_crm(number)


@pytest.mark.parametrize("typed", ["", "C-", "123", "D-000123", "C-12a", "C--1", "Smith", "C-1 2"])
def test_parse_refuses_what_is_not_a_crm_number(typed: str) -> None:
    assert parse_crm(typed) is None
    assert normalise_crm(typed) is None
