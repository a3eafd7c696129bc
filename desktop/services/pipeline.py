"""The pipeline's stages: what a salesperson calls the steps a deal goes through.

Stages are ordered by `position`; each carries the probability a deal gets when it enters
the stage (unless the user typed one on the deal). A stage that still holds deals is only
removed together with moving those deals elsewhere, so no deal is ever left without a stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import RapportError, ValidationError
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.store.entities import Deal, PipelineStage

NAME_MAX = 100


@dataclass(frozen=True)
class StageRow:
    id: int
    name: str
    position: int
    default_probability: int
    deal_count: int


def check_probability(value: object, field: str = "probability") -> int:
    """The probability as an int 0..100, or a ValidationError naming `field`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"must be a whole number from 0 to 100, not {value!r}")
    if not 0 <= value <= 100:
        raise ValidationError(field, f"must be from 0 to 100, not {value}")
    return value


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("name", "a stage needs a name")
    if len(cleaned) > NAME_MAX:
        raise ValidationError("name", f"is longer than {NAME_MAX} characters")
    return cleaned


def _ensure_unique(session: Session, name: str, except_id: int | None = None) -> None:
    clash = session.scalar(
        select(PipelineStage.id).where(func.lower(PipelineStage.name) == name.lower())
    )
    if clash is not None and clash != except_id:
        raise ValidationError("name", f"a stage called '{name}' already exists")


def list_stages(db: Database) -> list[StageRow]:
    """Stages in board order, each with how many deals (open or closed) sit in it."""
    counts = (
        select(Deal.stage_id, func.count(Deal.id).label("n")).group_by(Deal.stage_id).subquery()
    )
    stmt = (
        select(
            PipelineStage.id,
            PipelineStage.name,
            PipelineStage.position,
            PipelineStage.default_probability,
            func.coalesce(counts.c.n, 0),
        )
        .outerjoin(counts, counts.c.stage_id == PipelineStage.id)
        .order_by(PipelineStage.position, PipelineStage.id)
    )
    with db.session() as session:
        return [StageRow(*row) for row in session.execute(stmt)]


def stage_names(db: Database) -> dict[int, str]:
    """Stage names by id, without list_stages' deal counts (which read every deal: 15 ms at
    100,000 deals, on every contact card opened)."""
    with db.transaction() as conn:
        rows = conn.execute(select(PipelineStage.id, PipelineStage.name))
        return {stage_id: name for stage_id, name in rows}


def add_stage(db: Database, name: str, default_probability: int) -> StageRow:
    """A new stage at the end of the pipeline."""
    name = _check_name(name)
    probability = check_probability(default_probability, "default probability")
    with db.session() as session:
        _ensure_unique(session, name)
        last = session.scalar(select(func.max(PipelineStage.position)))
        stage = PipelineStage(
            name=name,
            position=(last + 1) if last is not None else 0,
            default_probability=probability,
        )
        session.add(stage)
        session.flush()
        return StageRow(stage.id, stage.name, stage.position, probability, 0)


def _stage(session: Session, stage_id: int) -> PipelineStage:
    stage = session.get(PipelineStage, stage_id)
    if stage is None:
        raise RapportError(f"stage {stage_id} no longer exists")
    return stage


def rename_stage(db: Database, stage_id: int, name: str) -> None:
    name = _check_name(name)
    with db.session() as session:
        _ensure_unique(session, name, except_id=stage_id)
        _stage(session, stage_id).name = name


def set_default_probability(db: Database, stage_id: int, probability: int) -> None:
    """Applies to deals entering the stage from now on; deals already in it keep theirs."""
    value = check_probability(probability, "default probability")
    with db.session() as session:
        _stage(session, stage_id).default_probability = value


def reorder_stages(db: Database, stage_ids: Sequence[int]) -> None:
    """Put the stages in the order given; the list must name every stage once."""
    with db.session() as session:
        existing = set(session.scalars(select(PipelineStage.id)))
        if set(stage_ids) != existing or len(stage_ids) != len(existing):
            raise RapportError("the new order must list every stage exactly once")
        for position, stage_id in enumerate(stage_ids):
            session.execute(
                update(PipelineStage).where(PipelineStage.id == stage_id).values(position=position)
            )


def remove_stage(db: Database, stage_id: int, move_deals_to: int | None = None) -> Changes:
    """Remove a stage. Its deals must go somewhere: without `move_deals_to` a stage holding
    deals is refused with a message saying how many and what to do."""
    with db.session() as session:
        stage = _stage(session, stage_id)
        deal_ids = list(session.scalars(select(Deal.id).where(Deal.stage_id == stage_id)))
        if deal_ids and move_deals_to is None:
            count = len(deal_ids)
            noun = "deal" if count == 1 else "deals"
            raise RapportError(
                f"stage '{stage.name}' still holds {count} {noun}; "
                "move them to another stage before removing it"
            )
        if deal_ids and move_deals_to is not None:
            if move_deals_to == stage_id:
                raise RapportError("deals cannot be moved into the stage being removed")
            target = _stage(session, move_deals_to)
            session.execute(
                update(Deal)
                .where(Deal.stage_id == stage_id)
                .values(stage_id=target.id, version=Deal.version + 1),
                execution_options={"synchronize_session": False},
            )
        if session.scalar(select(func.count(PipelineStage.id))) == 1:
            raise RapportError("the pipeline needs at least one stage")
        session.delete(stage)
    return Changes.of(deals=deal_ids)
