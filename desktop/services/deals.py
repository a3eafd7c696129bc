"""What a salesperson does with a deal: create and edit it, move it along the pipeline, win
or lose it, and take any of that back.

Every function opens one short session, commits, and returns values (frozen dataclasses),
never ORM objects. The results of a move or a close carry what is needed to undo it exactly
(the old stage, probability and time entered, the history item written), which is what the
board's QUndoCommands keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services.changes import Changes
from desktop.services.pipeline import check_probability
from desktop.store.database import Database
from desktop.store.entities import (
    Company,
    Contact,
    Deal,
    DealLine,
    DealStatus,
    HistoryItem,
    HistoryKind,
    PipelineStage,
    Product,
    utcnow,
)

TITLE_MAX = 300
# 10^13 cents is a hundred billion in any currency: beyond it a typo is far likelier than a deal.
AMOUNT_MAX_CENTS = 10**13
QUANTITY_MAX = 1_000_000
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class DealLineInput:
    description: str
    quantity: int
    unit_price_cents: int
    product_id: int | None = None

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class DealInput:
    """What the deal dialog submits. `probability=None` means "the stage's default"; with
    product lines the amount is their sum and `amount_cents` is ignored."""

    title: str
    stage_id: int
    contact_id: int | None = None
    company_id: int | None = None
    amount_cents: int = 0
    currency: str = "EUR"
    probability: int | None = None
    expected_close: date | None = None
    owner: str = ""
    notes: str = ""
    lines: tuple[DealLineInput, ...] = field(default=())


@dataclass(frozen=True)
class DealDetail:
    id: int
    data: DealInput
    probability: int
    status: str
    reason: str
    contact_name: str
    company_name: str
    stage_entered_at: datetime | None
    version: int


@dataclass(frozen=True)
class MoveResult:
    """A stage move as done; enough to put everything back."""

    deal_id: int
    contact_id: int | None
    old_stage_id: int
    new_stage_id: int
    old_probability: int
    new_probability: int
    old_stage_entered_at: datetime | None
    history_id: int | None

    @property
    def changes(self) -> Changes:
        return Changes.of(deals=[self.deal_id], contacts=_ids(self.contact_id))


@dataclass(frozen=True)
class CloseResult:
    """A deal won or lost; reopen_deal() takes it back."""

    deal_id: int
    contact_id: int | None
    status: str
    reason: str
    old_probability: int
    history_id: int | None

    @property
    def changes(self) -> Changes:
        return Changes.of(deals=[self.deal_id], contacts=_ids(self.contact_id))


def _ids(contact_id: int | None) -> tuple[int, ...]:
    return () if contact_id is None else (contact_id,)


# -- validation ---------------------------------------------------------------------------------


def check_cents(value: object, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, f"must be an amount in cents, not {value!r}")
    if value < 0:
        raise ValidationError(field_name, "cannot be negative")
    if value >= AMOUNT_MAX_CENTS:
        raise ValidationError(field_name, "is too large to be a real amount")
    return value


def _check(data: DealInput) -> DealInput:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("title", "a deal needs a title")
    if len(title) > TITLE_MAX:
        raise ValidationError("title", f"is longer than {TITLE_MAX} characters")
    if not _CURRENCY.match(data.currency or ""):
        raise ValidationError(
            "currency", f"must be a three-letter code like EUR, not {data.currency!r}"
        )
    if data.probability is not None:
        check_probability(data.probability)
    for number, line in enumerate(data.lines, start=1):
        if not line.description.strip() and line.product_id is None:
            raise ValidationError(f"line {number}", "needs a product or a description")
        quantity = line.quantity
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 0 < quantity <= QUANTITY_MAX
        ):
            raise ValidationError(f"line {number} quantity", f"must be from 1 to {QUANTITY_MAX:,}")
        check_cents(line.unit_price_cents, f"line {number} price")
    amount = sum(line.total_cents for line in data.lines) if data.lines else data.amount_cents
    amount = check_cents(amount, "amount")
    return DealInput(
        title=title,
        stage_id=data.stage_id,
        contact_id=data.contact_id,
        company_id=data.company_id,
        amount_cents=amount,
        currency=data.currency,
        probability=data.probability,
        expected_close=data.expected_close,
        owner=data.owner.strip(),
        notes=data.notes,
        lines=data.lines,
    )


def _stage(session: Session, stage_id: int) -> PipelineStage:
    stage = session.get(PipelineStage, stage_id)
    if stage is None:
        raise ValidationError("stage", "that stage no longer exists")
    return stage


def _deal(session: Session, deal_id: int) -> Deal:
    deal = session.get(Deal, deal_id)
    if deal is None:
        raise RapportError(f"deal {deal_id} no longer exists")
    return deal


def _check_links(session: Session, data: DealInput) -> None:
    if data.contact_id is not None and session.get(Contact, data.contact_id) is None:
        raise ValidationError("contact", "that contact no longer exists")
    if data.company_id is not None and session.get(Company, data.company_id) is None:
        raise ValidationError("company", "that company no longer exists")
    for number, line in enumerate(data.lines, start=1):
        if line.product_id is not None and session.get(Product, line.product_id) is None:
            raise ValidationError(f"line {number}", "that product no longer exists")


# -- create, read, edit -------------------------------------------------------------------------


def create_deal(db: Database, data: DealInput) -> DealDetail:
    """A new open deal in `data.stage_id`, entered now."""
    data = _check(data)
    with db.session() as session:
        _check_links(session, data)
        stage = _stage(session, data.stage_id)
        deal = Deal(status=DealStatus.OPEN, stage_entered_at=utcnow())
        _apply(session, deal, data, stage)
        session.add(deal)
        session.flush()
        _write_lines(session, deal.id, data)
        return _detail(session, deal)


def update_deal(db: Database, deal_id: int, data: DealInput, version: int) -> DealDetail:
    """Save the dialog's edits. `version` is the one the dialog loaded: if someone saved the
    deal since, nothing is written and ConflictError says so."""
    data = _check(data)
    with db.session() as session:
        _check_links(session, data)
        deal = _deal(session, deal_id)
        if deal.version != version:
            raise ConflictError(f"'{deal.title}' was changed elsewhere; reload it and try again")
        stage = _stage(session, data.stage_id)
        if deal.stage_id != stage.id:
            _record_stage_change(session, deal, stage)
        _apply(session, deal, data, stage)
        session.execute(delete(DealLine).where(DealLine.deal_id == deal_id))
        _write_lines(session, deal_id, data)
        session.flush()
        return _detail(session, deal)


def get_deal(db: Database, deal_id: int) -> DealDetail:
    with db.session() as session:
        return _detail(session, _deal(session, deal_id))


def _apply(session: Session, deal: Deal, data: DealInput, stage: PipelineStage) -> None:
    deal.title = data.title
    deal.stage_id = stage.id
    deal.contact_id = data.contact_id
    deal.company_id = data.company_id
    if data.company_id is None and data.contact_id is not None:
        # A deal with a person at a company is that company's deal too.
        deal.company_id = session.scalar(
            select(Contact.company_id).where(Contact.id == data.contact_id)
        )
    deal.amount_cents = data.amount_cents
    deal.currency = data.currency
    deal.probability_set = data.probability is not None
    if deal.status == DealStatus.OPEN:
        deal.probability = (
            data.probability if data.probability is not None else stage.default_probability
        )
    deal.expected_close = data.expected_close
    deal.owner = data.owner
    deal.notes = data.notes


def _write_lines(session: Session, deal_id: int, data: DealInput) -> None:
    session.add_all(
        DealLine(
            deal_id=deal_id,
            product_id=line.product_id,
            description=line.description.strip(),
            quantity=line.quantity,
            unit_price_cents=line.unit_price_cents,
        )
        for line in data.lines
    )


def _detail(session: Session, deal: Deal) -> DealDetail:
    lines = tuple(
        DealLineInput(line.description, line.quantity, line.unit_price_cents, line.product_id)
        for line in session.scalars(
            select(DealLine).where(DealLine.deal_id == deal.id).order_by(DealLine.id)
        )
    )
    contact_name = (
        session.scalar(select(Contact.display_name).where(Contact.id == deal.contact_id))
        if deal.contact_id is not None
        else None
    )
    company_name = (
        session.scalar(select(Company.name).where(Company.id == deal.company_id))
        if deal.company_id is not None
        else None
    )
    data = DealInput(
        title=deal.title,
        stage_id=deal.stage_id,
        contact_id=deal.contact_id,
        company_id=deal.company_id,
        amount_cents=deal.amount_cents,
        currency=deal.currency,
        probability=deal.probability if deal.probability_set else None,
        expected_close=deal.expected_close,
        owner=deal.owner,
        notes=deal.notes,
        lines=lines,
    )
    return DealDetail(
        deal.id,
        data,
        deal.probability,
        deal.status,
        deal.reason,
        contact_name or "",
        company_name or "",
        deal.stage_entered_at,
        deal.version,
    )


# -- the pipeline -------------------------------------------------------------------------------


def _history(session: Session, deal: Deal, kind: str, subject: str, text: str = "") -> int | None:
    """A history item on the deal's contact; a deal with only a company has no card to note
    it on, so nothing is written."""
    if deal.contact_id is None:
        return None
    item = HistoryItem(
        contact_id=deal.contact_id,
        kind=kind,
        occurred_at=utcnow(),
        subject=subject,
        text=text,
        deal_id=deal.id,
        owner=deal.owner,
    )
    session.add(item)
    session.flush()
    return item.id


def _record_stage_change(session: Session, deal: Deal, stage: PipelineStage) -> int | None:
    old_name = session.scalar(select(PipelineStage.name).where(PipelineStage.id == deal.stage_id))
    deal.stage_entered_at = utcnow()
    return _history(
        session, deal, HistoryKind.STAGE_CHANGE, f"{deal.title}: {old_name} → {stage.name}"
    )


def move_deal(db: Database, deal_id: int, stage_id: int) -> MoveResult:
    """Move an open deal to another stage: it takes the stage's default probability unless
    the user set one, its days-in-stage start again, and the contact's history says so."""
    with db.session() as session:
        deal = _deal(session, deal_id)
        if deal.status != DealStatus.OPEN:
            raise RapportError(f"'{deal.title}' is {deal.status}; reopen it before moving it")
        if deal.stage_id == stage_id:
            raise RapportError(f"'{deal.title}' is already in that stage")
        stage = _stage(session, stage_id)
        old_stage_id, old_probability, old_entered = (
            deal.stage_id,
            deal.probability,
            deal.stage_entered_at,
        )
        history_id = _record_stage_change(session, deal, stage)
        deal.stage_id = stage.id
        if not deal.probability_set:
            deal.probability = stage.default_probability
        session.flush()
        return MoveResult(
            deal.id,
            deal.contact_id,
            old_stage_id,
            stage.id,
            old_probability,
            deal.probability,
            old_entered,
            history_id,
        )


def undo_move(db: Database, move: MoveResult) -> Changes:
    """Put the deal back where `move` found it and forget the history item it wrote."""
    with db.session() as session:
        deal = _deal(session, move.deal_id)
        deal.stage_id = move.old_stage_id
        deal.probability = move.old_probability
        deal.stage_entered_at = move.old_stage_entered_at
        if move.history_id is not None:
            session.execute(delete(HistoryItem).where(HistoryItem.id == move.history_id))
    return move.changes


def _close(db: Database, deal_id: int, status: DealStatus, reason: str) -> CloseResult:
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", f"say why the deal was {status}")
    with db.session() as session:
        deal = _deal(session, deal_id)
        if deal.status != DealStatus.OPEN:
            raise RapportError(f"'{deal.title}' is already {deal.status}")
        old_probability = deal.probability
        deal.status = status
        deal.reason = reason
        deal.closed_at = utcnow()
        deal.probability = 100 if status == DealStatus.WON else 0
        kind = HistoryKind.DEAL_WON if status == DealStatus.WON else HistoryKind.DEAL_LOST
        history_id = _history(session, deal, kind, f"{deal.title}: {status}", reason)
        return CloseResult(deal.id, deal.contact_id, status, reason, old_probability, history_id)


def win_deal(db: Database, deal_id: int, reason: str) -> CloseResult:
    return _close(db, deal_id, DealStatus.WON, reason)


def lose_deal(db: Database, deal_id: int, reason: str) -> CloseResult:
    return _close(db, deal_id, DealStatus.LOST, reason)


def reopen_deal(db: Database, closed: CloseResult) -> Changes:
    """Undo a win or a loss: the deal is open again with its old probability."""
    with db.session() as session:
        deal = _deal(session, closed.deal_id)
        deal.status = DealStatus.OPEN
        deal.reason = ""
        deal.closed_at = None
        deal.probability = closed.old_probability
        if closed.history_id is not None:
            session.execute(delete(HistoryItem).where(HistoryItem.id == closed.history_id))
    return closed.changes


def delete_deal(db: Database, deal_id: int) -> Changes:
    with db.session() as session:
        deal = _deal(session, deal_id)
        contact_id = deal.contact_id
        session.delete(deal)
    return Changes.of(deals=[deal_id], contacts=_ids(contact_id))


def deal_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(Deal.id))) or 0
