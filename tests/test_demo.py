"""The demo database: believable, complete and the same every time for the same seed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from desktop.errors import ValidationError
from desktop.services import demo
from desktop.services.demo import DemoSummary, generate_demo
from desktop.services.search import search_contacts
from desktop.store.database import Database, open_database
from desktop.store.entities import Company
from desktop.store.search_index import rebuild

# Tables the demo fills, and the columns that say what is in them (not when it was written).
CONTENT = {
    "contacts": "id, crm_number, display_name, sort_name, company_name, primary_phone, "
    "primary_email, city, birthday, owner",
    "contact_phones": "contact_id, number, e164, digits, is_primary",
    "contact_emails": "contact_id, address, address_key",
    "contact_addresses": "contact_id, street, city, postal_code, country",
    "companies": "id, name, city",
    "contact_tags": "contact_id, tag_id",
    "group_members": "group_id, contact_id",
    "custom_values": "field_id, contact_id, company_id, value",
    "activities": "id, type_id, subject, all_day, starts_at, start_date, rrule, tzid, status",
    "activity_contacts": "activity_id, contact_id",
    "history_items": "contact_id, kind, occurred_at, subject, activity_id, deal_id",
    "deals": "id, title, contact_id, stage_id, amount_cents, status, reason, expected_close",
    "transactions": "contact_id, occurred_on, product_id, quantity, amount_cents",
}


def count(conn: Connection, sql: str) -> int:
    return int(conn.execute(text(sql)).scalar_one())


def content(db: Database) -> dict[str, list[tuple]]:
    with db.transaction() as conn:
        return {
            table: [
                tuple(row)
                for row in conn.execute(text(f"SELECT {cols} FROM {table} ORDER BY 1, 2"))
            ]
            for table, cols in CONTENT.items()
        }


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, DemoSummary]:
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = generate_demo(db, 300, seed=7)
    yield db, summary
    db.close()


def test_the_summary_counts_what_is_in_the_database(demo_db: tuple[Database, DemoSummary]) -> None:
    db, summary = demo_db
    with db.transaction() as conn:
        assert summary.contacts == count(conn, "SELECT COUNT(*) FROM contacts") == 300
        assert summary.companies == count(conn, "SELECT COUNT(*) FROM companies") == 300 // 8
        assert summary.phones == count(conn, "SELECT COUNT(*) FROM contact_phones")
        assert summary.emails == count(conn, "SELECT COUNT(*) FROM contact_emails")
        assert summary.addresses == count(conn, "SELECT COUNT(*) FROM contact_addresses") == 300
        assert summary.tag_links == count(conn, "SELECT COUNT(*) FROM contact_tags")
        assert summary.group_members == count(conn, "SELECT COUNT(*) FROM group_members")
        assert summary.activities == count(conn, "SELECT COUNT(*) FROM activities")
        assert summary.history_items == count(conn, "SELECT COUNT(*) FROM history_items")
        assert summary.deals == count(conn, "SELECT COUNT(*) FROM deals")
        assert summary.transactions == count(conn, "SELECT COUNT(*) FROM transactions")
        assert summary.custom_values == count(conn, "SELECT COUNT(*) FROM custom_values")
        assert (summary.tags, summary.groups, summary.products) == (10, 8, 30)
    # Roughly the proportions a real book of customers has.
    assert 1.2 < summary.phones / 300 < 1.7
    assert 1.2 < summary.tag_links / 300 < 1.8
    assert 0.2 < summary.activities / 300 < 0.4
    assert 0.7 < summary.history_items / 300 < 1.4
    assert 0.04 < summary.deals / 300 < 0.18
    assert 0.3 < summary.transactions / 300 < 0.8


def test_every_contact_has_a_crm_number_a_name_and_an_index_entry(
    demo_db: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo_db
    with db.transaction() as conn:
        assert count(conn, "SELECT COUNT(DISTINCT crm_number) FROM contacts") == 300
        assert count(conn, "SELECT COUNT(*) FROM contacts WHERE crm_number NOT LIKE 'C-0%'") == 0
        assert count(conn, "SELECT COUNT(*) FROM contacts WHERE display_name = ''") == 0
        assert count(conn, "SELECT value FROM counters WHERE name = 'contact'") == 300
        assert count(conn, "SELECT COUNT(*) FROM contact_fts") == 300
        unindexed = "SELECT COUNT(*) FROM contacts WHERE id NOT IN (SELECT rowid FROM contact_fts)"
        assert count(conn, unindexed) == 0


def test_the_index_holds_what_the_store_itself_would_index(
    demo_db: tuple[Database, DemoSummary],
) -> None:
    """The demo builds its documents itself for speed; they must equal the store's own."""
    db, _ = demo_db
    with db.engine.connect() as conn:
        before = dict(conn.execute(text("SELECT rowid, doc FROM contact_fts")).all())
        rebuild(conn)
        after = dict(conn.execute(text("SELECT rowid, doc FROM contact_fts")).all())
        conn.rollback()
    assert before == after


def test_mirrors_on_the_contact_match_its_primary_rows(
    demo_db: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo_db
    with db.transaction() as conn:
        mismatched_phone = count(
            conn,
            "SELECT COUNT(*) FROM contacts c JOIN contact_phones p ON p.contact_id = c.id "
            "AND p.is_primary WHERE p.number <> c.primary_phone",
        )
        mismatched_email = count(
            conn,
            "SELECT COUNT(*) FROM contacts c JOIN contact_emails e ON e.contact_id = c.id "
            "AND e.is_primary WHERE e.address <> c.primary_email OR e.address_key <> "
            "lower(e.address)",
        )
        mismatched_company = count(
            conn,
            "SELECT COUNT(*) FROM contacts c JOIN companies k ON k.id = c.company_id "
            "WHERE k.name <> c.company_name",
        )
        bad_digits = count(conn, "SELECT COUNT(*) FROM contact_phones WHERE '+' || digits <> e164")
    assert (mismatched_phone, mismatched_email, mismatched_company, bad_digits) == (0, 0, 0, 0)


def test_names_are_mixed_western_and_chinese_and_searchable(
    demo_db: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo_db
    with db.transaction() as conn:
        chinese = count(conn, "SELECT COUNT(*) FROM contact_addresses WHERE country = 'China'")
        accented = count(
            conn,
            "SELECT COUNT(*) FROM contacts WHERE display_name GLOB '*[äöüßéèêëçÄÖÜÉ]*'",
        )
        a_name = conn.execute(
            text("SELECT display_name, last_name FROM contacts WHERE last_name = '王' LIMIT 1")
        ).one()
    assert 40 < chinese < 150
    assert accented > 10
    hits = search_contacts(db, a_name.last_name, limit=300)
    assert a_name.display_name in [hit.display_name for hit in hits]


def test_activities_deals_and_history_cover_what_the_screens_show(
    demo_db: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo_db
    with db.transaction() as conn:
        statuses = dict(
            conn.execute(text("SELECT status, COUNT(*) FROM activities GROUP BY 1")).all()
        )
        all_day = count(
            conn,
            "SELECT COUNT(*) FROM activities WHERE all_day AND start_date IS NOT NULL "
            "AND starts_at IS NULL AND end_date > start_date",
        )
        series = conn.execute(
            text("SELECT rrule, tzid, series_until FROM activities WHERE rrule <> ''")
        ).all()
        unlinked = count(
            conn,
            "SELECT COUNT(*) FROM activities WHERE id NOT IN "
            "(SELECT activity_id FROM activity_contacts)",
        )
        done_without_history = count(
            conn,
            "SELECT COUNT(*) FROM activities WHERE status = 'done' AND id NOT IN "
            "(SELECT activity_id FROM history_items WHERE activity_id IS NOT NULL)",
        )
        stages = count(conn, "SELECT COUNT(DISTINCT stage_id) FROM deals WHERE status = 'open'")
        deal_statuses = dict(
            conn.execute(text("SELECT status, COUNT(*) FROM deals GROUP BY 1")).all()
        )
        closed_without_reason = count(
            conn, "SELECT COUNT(*) FROM deals WHERE status <> 'open' AND reason = ''"
        )
        bad_amounts = count(
            conn,
            "SELECT COUNT(*) FROM transactions t JOIN products p ON p.id = t.product_id "
            "WHERE t.amount_cents <> p.price_cents * t.quantity",
        )
    assert statuses.get("done", 0) > 0 and statuses.get("open", 0) > 0
    assert all_day > 0
    assert len(series) >= 3
    assert all(
        rrule.startswith("FREQ=WEEKLY") and tz == "Europe/Berlin" and until
        for rrule, tz, until in series
    )
    assert unlinked == 0 and done_without_history == 0
    assert stages >= 4
    assert set(deal_statuses) == {"open", "won", "lost"}
    assert closed_without_reason == 0 and bad_amounts == 0


def test_the_same_seed_gives_the_same_database(tmp_path: Path) -> None:
    first, second, other = (open_database(tmp_path / f"{name}.db") for name in "abc")
    try:
        generate_demo(first, 120, seed=3)
        generate_demo(second, 120, seed=3)
        generate_demo(other, 120, seed=4)
        assert content(first) == content(second)
        assert content(first)["contacts"] != content(other)["contacts"]
    finally:
        for db in (first, second, other):
            db.close()


def test_rows_drawn_in_the_worker_process_equal_those_drawn_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big demos draw their rows in a second process; the seed must mean the same there."""
    here, there = open_database(tmp_path / "here.db"), open_database(tmp_path / "there.db")
    try:
        generate_demo(here, 150, seed=5)
        monkeypatch.setattr(demo, "WORKER_FROM", 100)
        monkeypatch.setattr(demo, "BLOCK", 40)
        progress: list[int] = []
        generate_demo(there, 150, seed=5, progress=progress.append)
        assert content(here) == content(there)
        assert progress == [40, 80, 120, 150]
        with there.transaction() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert (
                count(conn, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_contacts_city'")
                == 1
            )
    finally:
        here.close()
        there.close()


def test_a_second_demo_adds_to_the_first(tmp_path: Path) -> None:
    db = open_database(tmp_path / "twice.db")
    try:
        generate_demo(db, 50, seed=1)
        summary = generate_demo(db, 30, seed=2)
        with db.transaction() as conn:
            assert count(conn, "SELECT COUNT(*) FROM contacts") == 80
            assert count(conn, "SELECT COUNT(*) FROM contact_fts") == 80
            assert count(conn, "SELECT COUNT(*) FROM tags") == 10  # reused, not doubled
            assert conn.execute(text("SELECT MAX(crm_number) FROM contacts")).scalar() == "C-000080"
        assert summary.contacts == 30
    finally:
        db.close()


@pytest.mark.parametrize("contacts", [0, -1, demo.MAX_CONTACTS + 1])
def test_an_impossible_size_is_refused_and_nothing_is_written(db: Database, contacts: int) -> None:
    with pytest.raises(ValidationError, match="contacts"):
        generate_demo(db, contacts)
    with db.transaction() as conn:
        assert count(conn, "SELECT COUNT(*) FROM tags") == 0
        assert count(conn, "SELECT value FROM counters WHERE name = 'contact'") == 0


@pytest.mark.postgres
def test_the_demo_runs_on_every_backend(any_db: Database) -> None:
    summary = generate_demo(any_db, 40, seed=1)
    assert summary.contacts == 40
    hits = search_contacts(any_db, "C-000040")
    assert hits[0].crm_number == "C-000040"
    # Later saves through the ORM get fresh ids after the demo's explicit ones (PostgreSQL
    # sequences do not see explicit ids unless moved on).
    with any_db.session() as session:
        company = Company(name="Nach der Demo GmbH")
        session.add(company)
        session.flush()
        assert company.id == summary.companies + 1


def _start_big_demo(path: Path) -> subprocess.Popen[bytes]:
    """A demo big enough to use the data process and the bulk settings, started as the user
    would, and returned once it is writing (its data process is running) so that it can be
    stopped half-way."""
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("rapport")), "demo", "--db", str(path),
         "--contacts", str(demo.WORKER_FROM + 50_000)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while not children.read_text().strip():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the demo never started its data process"
        time.sleep(0.02)
    time.sleep(0.5)  # a few blocks written, far from the commit
    assert process.poll() is None
    return process


needs_proc = pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="watches the demo's data process through Linux's /proc",
)


@needs_proc
def test_a_demo_killed_half_way_leaves_no_contacts_behind(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    open_database(path).close()  # an existing, empty database: the file stays after the kill
    process = _start_big_demo(path)
    process.kill()
    process.communicate()
    db = open_database(path)
    try:
        with db.transaction() as conn:
            assert count(conn, "SELECT COUNT(*) FROM contacts") == 0
            assert count(conn, "SELECT COUNT(*) FROM contact_fts") == 0
            assert count(conn, "SELECT value FROM counters WHERE name = 'contact'") == 0
            assert (
                count(
                    conn, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_contacts_sort_name'"
                )
                == 1
            )
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()


@needs_proc
def test_ctrl_c_stops_the_demo_and_removes_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "interrupted.db"
    process = _start_big_demo(path)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip() == "rapport: interrupted; nothing was changed"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("interrupted")) == []
