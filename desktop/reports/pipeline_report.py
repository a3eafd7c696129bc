"""The pipeline on paper: open deals by stage with totals and weighted totals, for Monday's
meeting.

Weighted means amount x probability, the deal's own probability (a stage's default until the
user sets one). Amounts in different currencies are never added together: each total lists one
sum per currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Table
from sqlalchemy import Connection, select

from desktop.reports.output import atomic_output
from desktop.reports.page import PageSetup, ReportDocument
from desktop.reports.styles import table_style
from desktop.reports.text import day, money, money_totals, para, plain_or_para, titled
from desktop.store.database import Database
from desktop.store.entities import Contact, Deal, DealStatus, PipelineStage


@dataclass(frozen=True)
class PipelineDeal:
    title: str
    customer: str
    owner: str
    amount_cents: int
    currency: str
    probability: int
    expected_close: date | None

    @property
    def weighted_cents(self) -> int:
        return self.amount_cents * self.probability // 100


@dataclass
class StageTotals:
    name: str
    default_probability: int
    deals: list[PipelineDeal] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return _sum(self.deals, weighted=False)

    def weighted(self) -> dict[str, int]:
        return _sum(self.deals, weighted=True)


def _sum(deals: Sequence[PipelineDeal], weighted: bool) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for deal in deals:
        sums[deal.currency] += deal.weighted_cents if weighted else deal.amount_cents
    return dict(sums)


def pipeline_stages(conn: Connection) -> list[StageTotals]:
    """Every stage in pipeline order with its open deals, soonest close first."""
    stages = {
        stage_id: StageTotals(name, probability)
        for stage_id, name, probability in conn.execute(
            select(
                PipelineStage.id, PipelineStage.name, PipelineStage.default_probability
            ).order_by(PipelineStage.position, PipelineStage.id)
        )
    }
    rows = conn.execute(
        select(
            Deal.stage_id,
            Deal.title,
            Contact.display_name,
            Deal.owner,
            Deal.amount_cents,
            Deal.currency,
            Deal.probability,
            Deal.expected_close,
        )
        .outerjoin(Contact, Contact.id == Deal.contact_id)
        .where(Deal.status == DealStatus.OPEN)
        .order_by(Deal.expected_close.is_(None), Deal.expected_close, Deal.id)
    )
    for stage_id, title, contact, owner, cents, currency, probability, close in rows:
        stages[stage_id].deals.append(
            PipelineDeal(title, contact or "", owner, cents, currency, probability, close)
        )
    return list(stages.values())


def pipeline_story(stages: Sequence[StageTotals], width: float) -> list[Flowable]:
    everything = [deal for stage in stages for deal in stage.deals]
    summary: list[list[Any]] = [["Stage", "Default", "Deals", "Total", "Weighted"]]
    for stage in stages:
        summary.append(
            [
                plain_or_para(stage.name),
                f"{stage.default_probability}%",
                str(len(stage.deals)),
                money_totals(stage.totals()),
                money_totals(stage.weighted()),
            ]
        )
    summary.append(
        [
            "All stages",
            "",
            str(len(everything)),
            money_totals(_sum(everything, False)),
            money_totals(_sum(everything, True)),
        ]
    )
    story: list[Flowable] = [
        para("Pipeline", "title"),
        para(f"{len(everything)} open deals in {len(stages)} stages", "subtitle"),
        para("Totals by stage", "heading"),
        Table(
            summary,
            colWidths=[width * f for f in (0.28, 0.1, 0.1, 0.26, 0.26)],
            style=table_style(total_rows=1, right=(1, 2, 3, 4)),
            hAlign="LEFT",
        ),
    ]
    for stage in stages:
        if stage.deals:
            story += _stage_section(stage, width)
    return story


def _stage_section(stage: StageTotals, width: float) -> list[Flowable]:
    rows: list[list[Any]] = [["Deal", "Customer", "Owner", "Close", "Amount", "Prob.", "Weighted"]]
    for d in stage.deals:
        rows.append(
            [
                para(d.title, "cell"),
                para(d.customer, "cell"),
                para(d.owner, "cell"),
                day(d.expected_close),
                money(d.amount_cents, d.currency),
                f"{d.probability}%",
                money(d.weighted_cents, d.currency),
            ]
        )
    rows.append(
        ["Total", "", "", "", money_totals(stage.totals()), "", money_totals(stage.weighted())]
    )
    table = Table(
        rows,
        colWidths=[width * f for f in (0.24, 0.17, 0.12, 0.11, 0.15, 0.06, 0.15)],
        repeatRows=1,
        style=table_style(total_rows=1, right=(4, 5, 6)),
        hAlign="LEFT",
    )
    heading = f"{stage.name}: {len(stage.deals)} deals"
    return titled(heading, table)


def build_pipeline_report(db: Database, out: Path, setup: PageSetup) -> list[StageTotals]:
    """Write the pipeline report to `out`; returns the stages it printed."""
    with db.transaction() as conn:
        stages = pipeline_stages(conn)
    with atomic_output(out) as partial:
        doc = ReportDocument(partial, setup, "Pipeline")
        doc.render(pipeline_story(stages, doc.width))
    return stages
