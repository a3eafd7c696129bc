"""The schema is made only by the migrations, and opening a database never harms it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop.errors import RapportError
from desktop.store import schema
from desktop.store.database import APPLICATION_ID, Database, open_database
from desktop.store.entities import Base

# Tables the migrations make that no entity maps: the search index and its FTS5 shadow tables.
_INDEX_TABLES = ("contact_fts", "contact_search")

_NO_OP_MIGRATION = '''"""A later schema version, for testing upgrades.

Revision ID: 0099
Revises: {head}
"""

from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE upgrade_marker (id INTEGER PRIMARY KEY)")


def downgrade() -> None:
    op.execute("DROP TABLE upgrade_marker")
'''


def _not_the_index(obj: object, name: str | None, type_: str, *_: object) -> bool:
    return not (type_ == "table" and name and name.startswith(_INDEX_TABLES))


@pytest.mark.postgres
def test_a_database_made_by_the_migrations_matches_the_entities(any_db: Database) -> None:
    with any_db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "include_object": _not_the_index},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


@pytest.mark.postgres
def test_a_new_database_is_at_the_head_revision_with_its_seed_rows(any_db: Database) -> None:
    with any_db.transaction() as conn:
        assert schema.current_revision(conn) == schema.HEAD_REVISION
        stages = conn.execute(text("SELECT name FROM pipeline_stages ORDER BY position")).all()
        types = conn.execute(text("SELECT name FROM activity_types ORDER BY id")).all()
        counter = conn.execute(text("SELECT value FROM counters WHERE name = 'contact'")).scalar()
    assert [s.name for s in stages] == ["Lead", "Qualified", "Proposal", "Negotiation", "Commit"]
    assert [t.name for t in types] == ["Call", "Meeting", "To-do"]
    assert counter == 0


def test_head_revision_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_current_head() == schema.HEAD_REVISION
    assert schema.HEAD_REVISION in schema.known_revisions()


def test_a_new_sqlite_file_carries_rapports_application_id(db: Database) -> None:
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_every_connection_has_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    with db.transaction() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def install_later_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Rapport as it will be once a migration after today's head ships: the same migrations
    plus one more. Returns the new head."""
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0099_later.py").write_text(
        _NO_OP_MIGRATION.format(head=schema.HEAD_REVISION), encoding="utf-8"
    )
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "HEAD_REVISION", "0099")
    return "0099"


def _database_at_today_s_head(path: Path) -> None:
    db = open_database(path)
    with db.transaction() as conn:
        conn.execute(text("INSERT INTO tags (name) VALUES ('kept across the upgrade')"))
    db.close()


def test_an_older_database_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    old_revision = schema.HEAD_REVISION
    _database_at_today_s_head(path)
    new_head = install_later_release(tmp_path, monkeypatch)

    db = open_database(path)
    try:
        with db.transaction() as conn:
            assert schema.current_revision(conn) == new_head
            assert conn.execute(text("SELECT COUNT(*) FROM upgrade_marker")).scalar() == 0
            assert conn.execute(text("SELECT name FROM tags")).scalar() == "kept across the upgrade"
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob(f"old-before-upgrade-{old_revision}-*.db"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_revision
        assert copy.execute("SELECT name FROM tags").fetchone()[0] == "kept across the upgrade"
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        assert "upgrade_marker" not in tables
    finally:
        copy.close()


def test_a_current_database_is_opened_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    _database_at_today_s_head(path)
    open_database(path).close()
    assert not (tmp_path / "backups").exists()


def test_a_database_from_a_newer_rapport_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    _database_at_today_s_head(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RapportError, match=r"newer version of Rapport.*0999") as refused:
        open_database(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_an_sqlite_file_of_another_program_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "firefox-places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RapportError, match="another program") as refused:
        open_database(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"Name,E-mail\nAnna,anna@example.org\n", b"PK\x03\x04" + bytes(200), b"SQLite format 3"],
)
def test_a_file_that_is_not_a_database_is_refused_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(RapportError, match="not a Rapport database") as refused:
        open_database(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("contacts")] == ["contacts.csv"]


def test_0002_adds_folded_words_to_search_documents_written_before_it(tmp_path: Path) -> None:
    from desktop.services.contact_list import ListQuery, Strategy, first_page, plan
    from desktop.services.contacts import AddressEntry, ContactDraft, save_contact

    path = tmp_path / "before-0002.db"
    db = open_database(path)
    cid = save_contact(
        db,
        ContactDraft(
            first_name="Jürgen", last_name="Müller", addresses=(AddressEntry("", city="Köln"),)
        ),
    ).id
    with db.transaction() as conn:
        # what 0001's indexer wrote on SQLite: accented words only, the tokenizer folded them
        conn.execute(
            text("UPDATE contact_fts SET doc = :doc WHERE rowid = :i"),
            {"doc": "c 000001 c000001 jürgen müller köln", "i": cid},
        )
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.close()

    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            doc = conn.execute(
                text("SELECT doc FROM contact_fts WHERE rowid = :i"), {"i": cid}
            ).scalar()
            assert set(doc.split()) >= {"jürgen", "jurgen", "müller", "muller", "köln", "koln"}
            planned = plan(conn, ListQuery(search="mull kol"))
            assert [r.id for r in first_page(conn, planned.using(Strategy.SCAN), 10)] == [cid]
            assert schema.current_revision(conn) == schema.HEAD_REVISION
    finally:
        db.close()
    assert list((tmp_path / "backups").glob("before-0002-before-upgrade-0001-*.db"))
