"""Pipeline settings: stages added, renamed, reordered and removed, never losing a deal."""

from __future__ import annotations

import pytest
from deal_helpers import add_deal, stage_ids

from desktop.errors import RapportError, ValidationError
from desktop.services.deals import get_deal
from desktop.services.pipeline import (
    add_stage,
    list_stages,
    remove_stage,
    rename_stage,
    reorder_stages,
    set_default_probability,
)
from desktop.store.database import Database


def test_the_seeded_pipeline_in_order(db: Database) -> None:
    stages = list_stages(db)
    assert [(s.name, s.default_probability) for s in stages] == [
        ("Lead", 10),
        ("Qualified", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
        ("Commit", 90),
    ]


def test_add_rename_reorder(db: Database) -> None:
    demo = add_stage(db, "Demo", 40)
    assert list_stages(db)[-1].name == "Demo"
    rename_stage(db, demo.id, "Product demo")
    set_default_probability(db, demo.id, 45)
    ids = [s.id for s in list_stages(db)]
    reorder_stages(db, [ids[0], ids[1], demo.id, *ids[2:-1]])
    names = [s.name for s in list_stages(db)]
    assert names[:3] == ["Lead", "Qualified", "Product demo"]
    assert list_stages(db)[2].default_probability == 45


@pytest.mark.parametrize(
    ("name", "probability", "field"),
    [
        ("", 10, "name"),
        ("Lead", 10, "name"),  # already exists (any case)
        ("x" * 101, 10, "name"),
        ("Demo", 101, "default probability"),
        ("Demo", -1, "default probability"),
        ("Demo", 12.5, "default probability"),
    ],
)
def test_bad_stages_are_refused_naming_the_field(
    db: Database, name: str, probability: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        add_stage(db, name, probability)
    assert refused.value.field == field
    assert len(list_stages(db)) == 5


def test_a_reorder_must_name_every_stage(db: Database) -> None:
    ids = [s.id for s in list_stages(db)]
    with pytest.raises(RapportError, match="every stage"):
        reorder_stages(db, ids[:-1])


@pytest.mark.postgres
def test_a_stage_with_deals_cannot_be_removed_until_they_move(any_db: Database) -> None:
    db = any_db
    stages = stage_ids(db)
    deal_id = add_deal(db, "Printers", "Proposal", 1_000)
    add_deal(db, "Desks", "Proposal", 2_000)
    with pytest.raises(RapportError, match="'Proposal' still holds 2 deals; move them"):
        remove_stage(db, stages["Proposal"])
    assert "Proposal" in stage_ids(db)

    changes = remove_stage(db, stages["Proposal"], move_deals_to=stages["Negotiation"])
    assert "Proposal" not in stage_ids(db)
    assert get_deal(db, deal_id).data.stage_id == stages["Negotiation"]
    assert deal_id in changes.deals


def test_an_empty_stage_is_removed(db: Database) -> None:
    remove_stage(db, stage_ids(db)["Commit"])
    assert [s.name for s in list_stages(db)][-1] == "Negotiation"
