"""Search documents hold accent-folded words on SQLite too.

The contact list now reads a document's words as text when nearly every row matches (see
search_index.word_scan), so on SQLite the documents must hold 'muller' beside 'müller' as they
already did on PostgreSQL, and case folded as SQLite's tokenizer folds it. Only documents that
change are rewritten: those with accented or Greek letters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:50:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from desktop.store.search_index import refolded

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BATCH = 20_000


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        select = "SELECT id, c0 FROM contact_fts_content WHERE id > :after ORDER BY id LIMIT :n"
        update = "UPDATE contact_fts SET doc = :doc WHERE rowid = :id"
    else:
        select = (
            "SELECT contact_id, doc FROM contact_search WHERE contact_id > :after "
            "ORDER BY contact_id LIMIT :n"
        )
        update = "UPDATE contact_search SET doc = :doc WHERE contact_id = :id"
    after = 0
    while rows := conn.execute(text(select), {"after": after, "n": _BATCH}).all():
        changed = [
            {"id": cid, "doc": new}
            for cid, doc in rows
            if not doc.isascii() and (new := refolded(doc)) != doc
        ]
        if changed:
            conn.execute(text(update), changed)
        after = rows[-1][0]


def downgrade() -> None:
    """The folded words do no harm to an older Rapport's search."""
