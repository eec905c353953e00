"""The figures of one brief, read from the database into plain dataclasses the charts and templates use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import psycopg

from irwatch.brief.numbers import change, stated, usd
from irwatch.brief.period import Period
from irwatch.store import brief as queries

TYPES = ("deal", "sanction", "trade_figure")
TYPE_LABELS = {"deal": "deal", "sanction": "sanction", "trade_figure": "trade figure"}
# one colour per event type, the same in every chart and in the HTML's badges
TYPE_COLOURS = {"deal": "#1f6fb4", "sanction": "#c0392b", "trade_figure": "#2e8b57"}

# the board's columns along the ladder (v_deal_ladder); a column also shows the stage folded into it
STAGE_COLUMNS = (
    ("proposed", ("proposed", "negotiating")),
    ("approved", ("approved",)),
    ("signed", ("signed",)),
    ("in production", ("in_production",)),
    ("delivered", ("delivered", "commissioned")),
)
# the metric the trade chart draws; other metrics are listed in the table only
TURNOVER = "bilateral_trade"


@dataclass(frozen=True)
class Headline:
    label: str
    current: int
    previous: int

    @property
    def change(self) -> str:
        return change(self.current, self.previous)


@dataclass(frozen=True)
class SanctionCount:
    regime: str
    status: str
    current: int
    previous: int

    @property
    def change(self) -> str:
        return change(self.current, self.previous)


@dataclass(frozen=True)
class TradeFigure:
    kind: str               # 'actual' or 'target'
    year: int | None
    metric: str | None
    stated: str             # as the article wrote it
    amount_stated: str      # the amount in the stated currency
    currency: str | None
    amount_usd: float | None
    day: date
    outlet: str
    title: str | None
    url: str
    official: bool

    @property
    def usd(self) -> str:
        return usd(self.amount_usd)

    @property
    def label(self) -> str:
        """'$100 bn by 2030' for a target, '$65.7 bn in 2023' for an actual."""
        if self.kind == "target":
            return f"{self.usd} by {self.year}" if self.year else f"{self.usd} (target)"
        return f"{self.usd} in {self.year}" if self.year else self.usd


@dataclass(frozen=True)
class StageCell:
    status: str             # the ladder status (e.g. 'commissioned' in the delivered column)
    first_reported: date
    official: bool          # an official source (sources.tier = 'official') reported this stage
    in_period: bool         # reported (again) in the brief's period
    outlet: str
    url: str
    folded: bool = False    # a stage shown in another's column (negotiating under proposed)


@dataclass
class DealRow:
    deal_key: str
    system: str
    counterparty: str | None
    programme: str | None
    stages: dict[str, StageCell] = field(default_factory=dict)     # column → cell
    off_ladder: list[StageCell] = field(default_factory=list)      # cancelled, unknown

    @property
    def name(self) -> str:
        parts = [self.system, self.counterparty, None if self.programme == "unspecified" else self.programme]
        return " · ".join(p for p in parts if p)

    @property
    def furthest(self) -> str | None:
        reached = [column for column, _ in STAGE_COLUMNS if column in self.stages]
        return reached[-1] if reached else None


@dataclass(frozen=True)
class StoryRow:
    title: str
    url: str
    outlets: list[str]
    copies: int
    types: list[str] = field(default_factory=list)
    # sanction stories only
    caatsa: bool = False
    regimes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    imposers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class Brief:
    period: Period
    previous: Period
    generated_at: datetime
    headline: list[Headline]
    sanction_counts: list[SanctionCount]
    daily: list[dict]                 # (day, type, mentions)
    trade: list[TradeFigure]
    deals: list[DealRow]
    sanctions: list[StoryRow]
    top_stories: list[StoryRow]

    @property
    def relevant_articles(self) -> int:
        return self.headline[0].current

    @property
    def empty(self) -> bool:
        """Nothing relevant was published in the period: the brief says so in a few lines."""
        return self.relevant_articles == 0

    def number(self, label: str) -> Headline:
        return next(h for h in self.headline if h.label == label)

    @property
    def previous_relevant_articles(self) -> int:
        return self.headline[0].previous


HEADLINES = (
    ("relevant articles", "relevant_articles"),
    ("distinct stories", "stories"),
    ("new deals", "new_deals"),
    ("deal status changes", "deal_status_changes"),
    ("sanction stories", "sanction_stories"),
    ("CAATSA stories", "caatsa_stories"),
    ("trade figures reported", "trade_figures"),
    ("of which targets", "trade_targets"),
)


def build_brief(conn: psycopg.Connection, period: Period, generated_at: datetime) -> Brief:
    previous = period.previous()
    now = queries.headline_counts(conn, period.since, period.until)
    before = queries.headline_counts(conn, previous.since, previous.until)
    return Brief(
        period=period, previous=previous, generated_at=generated_at,
        headline=[Headline(label, now[key], before[key]) for label, key in HEADLINES],
        sanction_counts=_sanction_counts(
            queries.sanctions_by_regime_status(conn, period.since, period.until),
            queries.sanctions_by_regime_status(conn, previous.since, previous.until)),
        daily=queries.mentions_per_day(conn, period.since, period.until),
        trade=[_trade(row) for row in queries.trade_figures(conn, period.since, period.until)],
        deals=_deal_rows(queries.deal_stages(conn, period.since, period.until)),
        sanctions=[_story(row) for row in queries.sanction_stories(conn, period.since, period.until)],
        top_stories=[_story(row) for row in queries.top_stories(conn, period.since, period.until)],
    )


def _sanction_counts(current: list[dict], previous: list[dict]) -> list[SanctionCount]:
    before = {(r["regime"], r["status"]): r["stories"] for r in previous}
    now = {(r["regime"], r["status"]): r["stories"] for r in current}
    # a regime and status seen only last period still shows, going to zero
    keys = sorted(now.keys() | before.keys(), key=lambda k: (-now.get(k, 0), -before.get(k, 0), k))
    return [SanctionCount(regime, status, now.get((regime, status), 0), before.get((regime, status), 0))
            for regime, status in keys]


def _trade(row: dict) -> TradeFigure:
    return TradeFigure(
        kind=row["kind"], year=row["year"], metric=row["metric"], stated=row["stated"] or "",
        amount_stated=stated(row["amount"], row["currency"]), currency=row["currency"],
        amount_usd=float(row["amount_usd"]) if row["amount_usd"] is not None else None, day=row["day"],
        outlet=row["outlet"], title=row["title"], url=row["url"], official=bool(row["official"]))


def _deal_rows(rows: list[dict]) -> list[DealRow]:
    column_of = {status: column for column, statuses in STAGE_COLUMNS for status in statuses}
    deals: dict[int, DealRow] = {}
    for row in rows:
        deal = deals.setdefault(row["deal_id"], DealRow(row["deal_key"], row["system"], row["counterparty"],
                                                         row["programme"]))
        column = column_of.get(row["status"])
        cell = StageCell(row["status"], row["first_reported"], row["official"], row["in_period"], row["outlet"],
                         row["url"], folded=column is not None and row["status"] != _MAIN_STATUS[column])
        if column is None:
            deal.off_ladder.append(cell)
            continue
        held = deal.stages.get(column)
        # a column folding two stages shows the further one (commissioned over delivered)
        if held is None or STAGE_ORDER[cell.status] > STAGE_ORDER[held.status]:
            deal.stages[column] = cell
    return list(deals.values())


_MAIN_STATUS = {column: statuses[0] for column, statuses in STAGE_COLUMNS}
STAGE_ORDER = {status: rank for rank, status in enumerate(
    s for _, statuses in STAGE_COLUMNS for s in statuses)}


def _story(row: dict) -> StoryRow:
    return StoryRow(
        title=row["title"] or row["url"], url=row["url"], outlets=list(row["outlets"]), copies=row["copies"],
        types=list(row.get("types") or []), caatsa=bool(row.get("caatsa")), regimes=list(row.get("regimes") or []),
        statuses=list(row.get("statuses") or []), imposers=list(row.get("imposers") or []),
        targets=list(row.get("targets") or []))
