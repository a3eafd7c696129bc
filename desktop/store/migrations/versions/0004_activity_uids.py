"""Every activity has an iCalendar UID.

Activities made before kept an empty UID and export invented one each time, so re-importing
Rapport's own .ics doubled everything. Each activity now stores its UID (made when it is
scheduled); this fills one in for every activity stored before.

Revision ID: 0004_activity_uids
Revises: 0003_vcard_roundtrip
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import uuid

from alembic import op
from sqlalchemy import text

revision = "0004_activity_uids"
down_revision = "0003_vcard_roundtrip"
branch_labels = None
depends_on = None

_BATCH = 20_000


def upgrade() -> None:
    conn = op.get_bind()
    after = 0
    while (
        ids := conn.execute(
            text("SELECT id FROM activities WHERE uid = '' AND id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": _BATCH},
        )
        .scalars()
        .all()
    ):
        conn.execute(
            text("UPDATE activities SET uid = :uid WHERE id = :id"),
            [{"id": i, "uid": f"{uuid.uuid4()}@rapport"} for i in ids],
        )
        after = ids[-1]


def downgrade() -> None:
    """An older Rapport ignores the stored UIDs."""
