"""Contacts keep what address books carry beside first and last name (issue 13.5).

Middle name, name prefix and suffix, nickname, a name in another script, web addresses and an
anniversary: before, a vCard import folded the middle name into the first name and dropped
the rest. Existing contacts get empty texts and no anniversary.

Revision ID: 0003_vcard_roundtrip
Revises: 0002
Create Date: 2026-12-04 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_vcard_roundtrip"
down_revision = "0002"
branch_labels = None
depends_on = None

_TEXTS = (
    ("middle_name", 200),
    ("name_prefix", 100),
    ("name_suffix", 100),
    ("nickname", 200),
    ("alternate_name", 401),
    ("website", 2000),
)


def upgrade() -> None:
    # Only what is missing: a database whose version was set back by hand (as a test of an
    # earlier migration does) already has the columns.
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("contacts")}
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        for name, length in _TEXTS:
            if name not in have:
                batch_op.add_column(
                    sa.Column(name, sa.String(length), server_default="", nullable=False)
                )
        if "anniversary" not in have:
            batch_op.add_column(sa.Column("anniversary", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("anniversary")
        for name, _length in reversed(_TEXTS):
            batch_op.drop_column(name)
