"""Shared by the exchange tests: where the real files are, and what a database holds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from desktop.exchange.importer import ImportResult, run_import
from desktop.exchange.plan import ImportOptions, plan_import
from desktop.services.contacts import ContactDetail, load_contact
from desktop.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
# real exports from other programs, with their sources and licences in its README
REALDATA = ROOT / "tests" / "data" / "realdata"


def import_file(db: Database, path: Path, **options: object) -> ImportResult:
    return run_import(db, plan_import(path), ImportOptions(**options))  # type: ignore[arg-type]


def table_counts(db: Database) -> dict[str, int]:
    """Rows in every table an import writes, and the CRM counter: 'nothing changed' is
    these being equal."""
    tables = (
        "contacts",
        "contact_phones",
        "contact_emails",
        "contact_addresses",
        "companies",
        "tags",
        "contact_tags",
        "groups",
        "group_members",
        "custom_fields",
        "custom_values",
        "import_batches",
        "import_changes",
        "history_items",
    )
    with db.transaction() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
        counts["counter"] = conn.execute(
            text("SELECT value FROM counters WHERE name = 'contact'")
        ).scalar_one()
    return counts


def contact_named(db: Database, display_name: str) -> ContactDetail:
    with db.transaction() as conn:
        ids = (
            conn.execute(
                text("SELECT id FROM contacts WHERE display_name = :n"), {"n": display_name}
            )
            .scalars()
            .all()
        )
    assert len(ids) == 1, f"{len(ids)} contacts named {display_name!r}"
    return load_contact(db, ids[0])


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
