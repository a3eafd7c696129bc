"""Deals as the services see them: created with lines, moved, won, lost, undone, filtered."""

from __future__ import annotations

from datetime import date

import pytest
from deal_helpers import add_contact, add_deal, stage_ids
from sqlalchemy import select

from desktop.errors import ConflictError, RapportError, ValidationError
from desktop.services.deal_list import DealFilter, column_totals, deals_of_contact, list_deals
from desktop.services.deals import (
    DealInput,
    DealLineInput,
    create_deal,
    get_deal,
    lose_deal,
    move_deal,
    reopen_deal,
    undo_move,
    update_deal,
    win_deal,
)
from desktop.store.database import Database
from desktop.store.entities import Deal, HistoryItem


def _history(db: Database, contact_id: int) -> list[tuple[str, str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(HistoryItem.kind, HistoryItem.subject, HistoryItem.text)
            .where(HistoryItem.contact_id == contact_id)
            .order_by(HistoryItem.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_product_lines_make_the_amount_and_the_stage_gives_the_probability(db: Database) -> None:
    anna = add_contact(db, "Anna", "Berg", company="Nordlicht GmbH")
    detail = create_deal(
        db,
        DealInput(
            title="  Printers  for  HQ ",
            stage_id=stage_ids(db)["Proposal"],
            contact_id=anna,
            amount_cents=1,  # ignored: the lines decide
            lines=(DealLineInput("Printer", 3, 45_000), DealLineInput("Toner", 10, 2_550)),
        ),
    )
    assert detail.data.title == "Printers for HQ"
    assert detail.data.amount_cents == 3 * 45_000 + 10 * 2_550
    assert detail.probability == 50  # Proposal's default
    assert detail.data.probability is None
    assert detail.contact_name == "Anna Berg"
    assert detail.company_name == "Nordlicht GmbH"  # taken from the contact
    assert [line.description for line in get_deal(db, detail.id).data.lines] == [
        "Printer",
        "Toner",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"amount_cents": -5}, "amount"),
        ({"amount_cents": 12.5}, "amount"),
        ({"amount_cents": 10**14}, "amount"),
        ({"probability": 101}, "probability"),
        ({"probability": -1}, "probability"),
        ({"currency": "euro"}, "currency"),
        ({"lines": (DealLineInput("Desk", 0, 100),)}, "line 1 quantity"),
        ({"lines": (DealLineInput("Desk", 1, -100),)}, "line 1 price"),
        ({"contact_id": 999}, "contact"),
    ],
)
def test_bad_input_is_refused_naming_the_field(db: Database, changes: dict, field: str) -> None:
    values = {"title": "Desks", "stage_id": stage_ids(db)["Lead"], **changes}
    with pytest.raises(ValidationError) as refused:
        create_deal(db, DealInput(**values))
    assert refused.value.field == field
    with db.session() as session:
        assert session.scalar(select(Deal.id)) is None  # nothing written


@pytest.mark.postgres
def test_moving_a_deal_sets_the_stage_probability_history_and_undo_restores(
    any_db: Database,
) -> None:
    db = any_db
    anna = add_contact(db, "Anna", "Berg")
    deal_id = add_deal(db, "Printers", "Lead", 100_000, anna)
    before = get_deal(db, deal_id)

    move = move_deal(db, deal_id, stage_ids(db)["Negotiation"])

    after = get_deal(db, deal_id)
    assert after.data.stage_id == stage_ids(db)["Negotiation"]
    assert after.probability == 75
    assert after.stage_entered_at is not None and after.stage_entered_at >= before.stage_entered_at
    assert _history(db, anna) == [("stage_change", "Printers: Lead → Negotiation", "")]
    assert move.changes.deals == {deal_id} and move.changes.contacts == {anna}

    undo_move(db, move)
    restored = get_deal(db, deal_id)
    assert restored.data.stage_id == stage_ids(db)["Lead"]
    assert restored.probability == 10
    assert restored.stage_entered_at == before.stage_entered_at
    assert _history(db, anna) == []


def test_a_probability_the_user_set_survives_a_move(db: Database) -> None:
    deal_id = add_deal(db, "Chairs", "Lead", 5_000, probability=33)
    move_deal(db, deal_id, stage_ids(db)["Commit"])
    assert get_deal(db, deal_id).probability == 33


def test_moving_to_the_same_stage_or_a_won_deal_is_refused(db: Database) -> None:
    deal_id = add_deal(db, "Chairs", "Lead", 5_000)
    with pytest.raises(RapportError, match="already in that stage"):
        move_deal(db, deal_id, stage_ids(db)["Lead"])
    win_deal(db, deal_id, "best price")
    with pytest.raises(RapportError, match="reopen it"):
        move_deal(db, deal_id, stage_ids(db)["Commit"])


@pytest.mark.postgres
def test_win_and_lose_need_a_reason_and_reopen_takes_them_back(any_db: Database) -> None:
    db = any_db
    bo = add_contact(db, "Bo", "Li")
    won_id = add_deal(db, "Laptops", "Commit", 200_000, bo)
    lost_id = add_deal(db, "Phones", "Lead", 50_000, bo)
    with pytest.raises(ValidationError) as refused:
        win_deal(db, won_id, "  ")
    assert refused.value.field == "reason"

    win_deal(db, won_id, "Fast delivery")
    lost = lose_deal(db, lost_id, "Went with a cheaper offer")

    won = get_deal(db, won_id)
    assert (won.status, won.reason, won.probability) == ("won", "Fast delivery", 100)
    assert _history(db, bo) == [
        ("deal_won", "Laptops: won", "Fast delivery"),
        ("deal_lost", "Phones: lost", "Went with a cheaper offer"),
    ]
    reopen_deal(db, lost)
    again = get_deal(db, lost_id)
    assert (again.status, again.reason, again.probability) == ("open", "", 10)
    assert [kind for kind, _, _ in _history(db, bo)] == ["deal_won"]


def test_an_edit_over_someone_elses_save_is_refused(db: Database) -> None:
    deal_id = add_deal(db, "Chairs", "Lead", 5_000)
    loaded = get_deal(db, deal_id)
    elsewhere = DealInput(**{**loaded.data.__dict__, "title": "Chairs (12)"})
    update_deal(db, deal_id, elsewhere, loaded.version)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        update_deal(db, deal_id, loaded.data, loaded.version)
    assert get_deal(db, deal_id).data.title == "Chairs (12)"


def test_editing_the_stage_in_the_dialog_is_a_stage_change(db: Database) -> None:
    anna = add_contact(db, "Anna", "Berg")
    deal_id = add_deal(db, "Printers", "Lead", 100_000, anna)
    loaded = get_deal(db, deal_id)
    data = DealInput(**{**loaded.data.__dict__, "stage_id": stage_ids(db)["Qualified"]})
    saved = update_deal(db, deal_id, data, loaded.version)
    assert saved.probability == 25
    assert _history(db, anna)[0][1] == "Printers: Lead → Qualified"


@pytest.mark.postgres
def test_filters_and_column_totals(any_db: Database) -> None:
    db = any_db
    anna = add_contact(db, "Anna", "Berg", company="Nordlicht GmbH")
    stages = stage_ids(db)
    add_deal(db, "Printers", "Lead", 100_000, anna, close=date(2026, 3, 10), owner="Sandra")
    add_deal(db, "Toner", "Lead", 2_550, close=date(2026, 4, 1), owner="Marc")
    add_deal(db, "Desks", "Proposal", 30_001, close=date(2026, 3, 31), owner="Sandra")
    closed = add_deal(db, "Chairs", "Proposal", 9_999)
    win_deal(db, closed, "ok")

    totals = column_totals(db)
    # Lead: 100000*10% + 2550*10% = 10000 + 255; Proposal: 30001*50% = 15000.5 -> 15001
    assert totals[stages["Lead"]].count == 2
    assert totals[stages["Lead"]].total_cents == 102_550
    assert totals[stages["Lead"]].weighted_cents == 10_255
    assert totals[stages["Proposal"]].weighted_cents == 15_001
    assert "won" not in totals  # the default filter shows open deals

    def titles(deal_filter: DealFilter) -> set[str]:
        return {row.title for row in list_deals(db, deal_filter)}

    assert titles(DealFilter(owner="Sandra")) == {"Printers", "Desks"}
    assert titles(DealFilter(close_from=date(2026, 3, 31), close_to=date(2026, 4, 30))) == {
        "Toner",
        "Desks",
    }
    assert titles(DealFilter(amount_min=2_550, amount_max=30_001)) == {"Toner", "Desks"}
    assert titles(DealFilter(text="nordlicht")) == {"Printers"}
    assert titles(DealFilter(text="100%")) == set()  # LIKE wildcards are literal
    assert titles(DealFilter(statuses=("won", "lost"))) == {"Chairs"}
    assert column_totals(db, DealFilter(statuses=("won",)))["won"].total_cents == 9_999
    assert [row.title for row in deals_of_contact(db, anna)] == ["Printers"]


def test_a_filter_that_makes_no_sense_names_its_field(db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        list_deals(db, DealFilter(amount_min=500, amount_max=100))
    assert refused.value.field == "amount max"
    with pytest.raises(ValidationError) as refused:
        list_deals(db, DealFilter(amount_min=-1))
    assert refused.value.field == "amount min"
