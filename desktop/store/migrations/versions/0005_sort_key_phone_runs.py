"""The list's folded sort key, and every run of a phone's digits in the search documents.

contacts.sort_key (names.sort_key) orders the list: accents folded, so 'Élodie' sorts with
the E's and not after 'Zoë'; Chinese names by their pinyin. It is filled for every contact
and indexed, so sorting by name stays an index walk at a million contacts. Only names with
letters beyond ASCII differ from sort_name, so only those are computed here.

Search documents gain the runs of four or more digits that end each phone's digit forms
(search_terms.phone_digit_forms), so that the last digits of a number, or any run inside it,
find it by the same index lookup as a name. Existing documents are extended from the phones
(search_index.with_phone_runs), which gives what re-indexing would, at a fraction of its cost.

Revision ID: 0005_sort_key_phone_runs
Revises: 0004_activity_uids
Create Date: 2026-12-04 17:05:00
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection, text

from desktop.store.names import SORT_KEY_MAX, sort_key
from desktop.store.search_index import bulk_load, with_phone_runs

revision = "0005_sort_key_phone_runs"
down_revision = "0004_activity_uids"
branch_labels = None
depends_on = None

_BATCH = 20_000


def upgrade() -> None:
    conn = op.get_bind()
    # A database whose version row was set back (as the upgrade tests do) has the column
    # already: everything below gives the same result when run again.
    if "sort_key" not in {column["name"] for column in sa.inspect(conn).get_columns("contacts")}:
        op.add_column(
            "contacts",
            sa.Column(
                "sort_key", sa.String(length=SORT_KEY_MAX), server_default="", nullable=False
            ),
        )
    _fill_sort_keys(conn)
    op.create_index(
        "ix_contacts_sort_key", "contacts", ["sort_key"], unique=False, if_not_exists=True
    )
    _add_phone_runs(conn)


def _fill_sort_keys(conn: Connection) -> None:
    conn.execute(text("UPDATE contacts SET sort_key = sort_name"))
    after = 0
    select = text("SELECT id, sort_name FROM contacts WHERE id > :after ORDER BY id LIMIT :n")
    while rows := conn.execute(select, {"after": after, "n": _BATCH}).all():
        changed = [
            {"id": cid, "key": key}
            for cid, name in rows
            if not name.isascii() and (key := sort_key(name)) != name
        ]
        if changed:
            conn.execute(text("UPDATE contacts SET sort_key = :key WHERE id = :id"), changed)
        after = rows[-1][0]


def _add_phone_runs(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        select = "SELECT id, c0 FROM contact_fts_content WHERE id > :after ORDER BY id LIMIT :n"
        update = "UPDATE contact_fts SET doc = :doc WHERE rowid = :id"
    else:
        select = (
            "SELECT contact_id, doc FROM contact_search WHERE contact_id > :after "
            "ORDER BY contact_id LIMIT :n"
        )
        update = "UPDATE contact_search SET doc = :doc WHERE contact_id = :id"
    phones_of = text(
        "SELECT contact_id, number, e164 FROM contact_phones "
        "WHERE contact_id BETWEEN :lo AND :hi ORDER BY contact_id, position"
    )
    after = 0
    with bulk_load(conn):
        while rows := conn.execute(text(select), {"after": after, "n": _BATCH}).all():
            phones: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
            for cid, number, e164 in conn.execute(phones_of, {"lo": rows[0][0], "hi": rows[-1][0]}):
                phones[cid].append((number, e164))
            changed = [
                {"id": cid, "doc": new}
                for cid, doc in rows
                if cid in phones and (new := with_phone_runs(doc, phones[cid])) != doc
            ]
            if changed:
                conn.execute(text(update), changed)
            after = rows[-1][0]


def downgrade() -> None:
    """The longer documents do no harm to an older Rapport's search."""
    op.drop_index("ix_contacts_sort_key", table_name="contacts")
    op.drop_column("contacts", "sort_key")
