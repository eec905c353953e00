"""The brief's charts as PNG bytes, drawn with matplotlib's Agg canvas.

Each chart is its own Figure on its own canvas (never pyplot's global figure manager), so charts drawn in
parallel or in a long-running process share no state. A chart with nothing to draw is None: the template
says so in words instead of showing empty axes.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from irwatch.brief.build import (
    STAGE_COLUMNS,
    TURNOVER,
    TYPE_COLOURS,
    TYPE_LABELS,
    TYPES,
    DealRow,
    TradeFigure,
)
from irwatch.brief.period import Period

WIDTH_IN = 6.4          # shown at 640 px in a 600–700 px mail column
DPI = 150               # drawn at 1.5× so it stays sharp on high-density screens
STAGE_COLOURS = ("#a6c8e8", "#6fa8d8", "#3b82c4", "#1f5f9e", "#0b3468")   # light → dark along the ladder
STAGE_MARKERS = ("o", "s", "D", "^", "*")
PERIOD_SHADE = "#fff3c4"


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    width: int      # pixels
    height: int
    alt: str


def _figure(height_in: float) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure, name: str, alt: str) -> Chart:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    width, height = (round(v) for v in figure.get_size_inches() * DPI)
    return Chart(name, buffer.getvalue(), width, height, alt)


def _style(axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=8)


def bin_size(period: Period) -> str:
    """'day' up to two months, 'week' up to a year, else 'month': bars stay wider than a few pixels."""
    if period.days <= 62:
        return "day"
    if period.days <= 366:
        return "week"
    return "month"


def bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _bins(period: Period, unit: str) -> list[date]:
    bins, day = [], bin_start(period.since, unit)
    while day < period.until:
        bins.append(day)
        if unit == "month":
            day = (day + timedelta(days=32)).replace(day=1)
        else:
            day += timedelta(days=7 if unit == "week" else 1)
    return bins


def mentions_chart(daily: list[dict], period: Period) -> Chart | None:
    """Stacked bars: mentions per day (week, month for a long period) by event type."""
    figure = draw_mentions(daily, period)
    if figure is None:
        return None
    unit = bin_size(period)
    total = sum(row["mentions"] for row in daily)
    return _png(figure, "mentions", f"Mentions per {unit} by type: {total} in the period")


def draw_mentions(daily: list[dict], period: Period) -> Figure | None:
    if not daily:
        return None
    unit = bin_size(period)
    counts = Counter()
    for row in daily:
        counts[(bin_start(row["day"], unit), row["type"])] += row["mentions"]
    bins = _bins(period, unit)
    figure = _figure(2.6)
    axes = figure.add_subplot()
    width = {"day": 0.8, "week": 5.6, "month": 24}[unit]
    bottom = [0] * len(bins)
    for type_ in TYPES:
        heights = [counts.get((b, type_), 0) for b in bins]
        if any(heights):
            axes.bar(bins, heights, width=width, bottom=bottom, color=TYPE_COLOURS[type_],
                     label=f"{TYPE_LABELS[type_]}s", align="edge" if unit != "day" else "center")
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    _style(axes)
    axes.set_ylabel("mentions", fontsize=9)
    axes.set_title(f"Mentions per {unit} by type", fontsize=10, loc="left")
    axes.yaxis.get_major_locator().set_params(integer=True)
    if unit == "day":
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%a %d"))
        axes.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, len(bins) // 10)))
    else:
        axes.xaxis.set_major_locator(mdates.AutoDateLocator())
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
    axes.legend(fontsize=8, frameon=False, ncols=3, loc="upper left")
    axes.set_ylim(0, max(bottom) * 1.25 + 0.5)
    return figure


def _year_of(figure: TradeFigure) -> float:
    return figure.year + 0.5 if figure.year else figure.day.year + (figure.day.timetuple().tm_yday - 1) / 365


def trade_chart(figures: list[TradeFigure]) -> Chart | None:
    """Turnover in USD bn: reported actuals as points labelled with their outlet, stated targets as dashed
    lines from the year they were stated to the end of their target year."""
    figure = draw_trade(figures)
    if figure is None:
        return None
    turnover = [f for f in figures if f.metric == TURNOVER and f.amount_usd is not None]
    actuals = sum(f.kind == "actual" for f in turnover)
    targets = len({(round(f.amount_usd), f.year) for f in turnover if f.kind == "target" and f.year})
    return _png(figure, "trade", f"Trade turnover: {actuals} actual figures, {targets} targets")


def draw_trade(figures: list[TradeFigure]) -> Figure | None:
    turnover = [f for f in figures if f.metric == TURNOVER and f.amount_usd is not None]
    if not turnover:
        return None
    figure = _figure(2.8)
    axes = figure.add_subplot()
    colour = TYPE_COLOURS["trade_figure"]
    actuals = [f for f in turnover if f.kind == "actual"]
    if actuals:
        axes.scatter([_year_of(f) for f in actuals], [f.amount_usd / 1e9 for f in actuals], color=colour, s=28,
                     zorder=3)
        for f in actuals:
            axes.annotate(f"{f.usd} · {f.outlet}"[:40], (_year_of(f), f.amount_usd / 1e9), fontsize=7,
                          xytext=(5, -10), textcoords="offset points", color="#333333")
    drawn = set()
    for f in (f for f in turnover if f.kind == "target" and f.year):
        key = (round(f.amount_usd), f.year)
        start = min(f.day.year + (f.day.timetuple().tm_yday - 1) / 365, f.year)
        axes.plot([start, f.year + 1], [f.amount_usd / 1e9] * 2, color=colour, linestyle="--", linewidth=1.4)
        if key not in drawn:
            drawn.add(key)
            axes.plot([f.year + 1], [f.amount_usd / 1e9], marker="|", markersize=10, color=colour)
            # labelled at the line's start, so a short line near the axis edge keeps its label inside
            axes.annotate(f.label, (start, f.amount_usd / 1e9), fontsize=8, xytext=(0, 4),
                          textcoords="offset points", ha="left", color=colour, fontweight="bold")
    _style(axes)
    axes.set_ylabel("USD bn", fontsize=9)
    axes.set_xlabel("year", fontsize=9)
    axes.set_title("India–Russia trade: actuals (points) and targets (dashed, to the target year)", fontsize=10,
                   loc="left")
    axes.xaxis.get_major_locator().set_params(integer=True)
    top = max(f.amount_usd / 1e9 for f in turnover)
    axes.set_ylim(0, top * 1.2)
    axes.legend(handles=[Line2D([], [], color=colour, marker="o", linestyle="", label="reported actual"),
                         Line2D([], [], color=colour, linestyle="--", label="stated target")],
                fontsize=8, frameon=False, loc="upper left")
    return figure


MAX_DEALS = 12


def deals_chart(deals: list[DealRow], period: Period) -> Chart | None:
    """One row per deal, its stages at the day each was first reported; a filled marker means an official
    source reported that stage, a hollow one that only the media did. The brief's period is shaded."""
    figure = draw_deals(deals, period)
    if figure is None:
        return None
    shown = min(MAX_DEALS, sum(1 for d in deals if d.stages))
    return _png(figure, "deals", f"Deals board: {shown} deals with their stages")


def draw_deals(deals: list[DealRow], period: Period) -> Figure | None:
    rows = [d for d in deals if d.stages][:MAX_DEALS]
    if not rows:
        return None
    figure = _figure(1.2 + 0.42 * len(rows))
    axes = figure.add_subplot()
    axes.axvspan(period.since, period.until, color=PERIOD_SHADE, zorder=0)
    for y, deal in enumerate(reversed(rows)):
        cells = [(i, deal.stages[column]) for i, (column, _) in enumerate(STAGE_COLUMNS) if column in deal.stages]
        axes.plot([c.first_reported for _, c in cells], [y] * len(cells), color="#9aa7b4", linewidth=1, zorder=1)
        for i, cell in cells:
            axes.scatter([cell.first_reported], [y], marker=STAGE_MARKERS[i], s=60, zorder=3, linewidths=1.4,
                         edgecolors=STAGE_COLOURS[i], facecolors=STAGE_COLOURS[i] if cell.official else "white")
        for cell in deal.off_ladder:
            if cell.status == "cancelled":
                axes.scatter([cell.first_reported], [y], marker="x", s=50, color="#555555", zorder=3)
    axes.set_yticks(range(len(rows)), [_short(d.name) for d in reversed(rows)], fontsize=8)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    _style(axes)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.8)
    axes.grid(axis="y", visible=False)
    locator = mdates.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_xlabel("date first reported (shaded: this brief's period)", fontsize=8)
    axes.set_title("Deals board: stages along the ladder", fontsize=10, loc="left")
    handles = [Line2D([], [], marker=m, color=c, linestyle="", markersize=7, label=name)
               for (name, _), m, c in zip(STAGE_COLUMNS, STAGE_MARKERS, STAGE_COLOURS, strict=True)]
    handles.append(Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="",
                          markersize=7, label="hollow: media only"))
    figure.legend(handles=handles, fontsize=7, frameon=False, ncols=3, loc="outside lower center")
    return figure


def _short(name: str, limit: int = 28) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def all_charts(brief) -> list[Chart]:
    """The brief's charts that have something to draw, in the order the brief shows them."""
    made = [mentions_chart(brief.daily, brief.period), trade_chart(brief.trade), deals_chart(brief.deals, brief.period)]
    return [c for c in made if c is not None]
