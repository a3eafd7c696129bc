"""Creating and upgrading the schema, only ever through the Alembic migrations shipped here.

Opening a database compares its alembic_version with HEAD_REVISION by plain SQL, so the
common case (already current) costs one query and never imports Alembic; a test keeps
HEAD_REVISION equal to the newest migration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, inspect, text

from desktop.errors import RapportError

HEAD_REVISION = "0005_sort_key_phone_runs"
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in script.walk_revisions()]


def upgrade(conn: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(conn), target)


def ensure_current(
    conn: Connection, *, label: str, before_upgrade: Callable[[str], None] | None = None
) -> str | None:
    """Bring the schema to HEAD_REVISION. Returns the revision found before (None: new).

    A database from a newer Rapport is refused rather than touched; an older one is backed
    up by `before_upgrade(old_revision)` first."""
    found = current_revision(conn)
    if found == HEAD_REVISION:
        return found
    if found is not None:
        if found not in known_revisions():
            raise RapportError(
                f"{label} was written by a newer version of Rapport (schema {found}); "
                "update Rapport to open it"
            )
        if before_upgrade is not None:
            before_upgrade(found)
    upgrade(conn)
    return found
