"""Trade-figure events: amount, currency, amount_usd, metric, year, is_target.

Only India-Russia figures: a figure in a sentence whose named parties are another
pair ("India-US trade of $190 billion", "Russia-China trade of $240 billion") is not ours.
"""

from __future__ import annotations

import re
from datetime import date

from nlp.amounts import Amount
from nlp.events.context import INDIA, RUSSIA, SentenceView
from nlp.fx import to_usd

OTHER_PARTNERS = {"United States", "China", "Turkey", "Pakistan", "Japan", "Ukraine", "European Union", "Iran"}
_FISCAL = re.compile(r"\b(?:fy|financial year|fiscal(?: year)?)\s*'?(\d{2,4})(?:\s*[-–/]\s*(\d{2,4}))?", re.I)
_SPAN = re.compile(r"\b(20\d\d)\s*[-–/]\s*(\d\d)\b")
_YEAR = re.compile(r"\b(19[9]\d|20\d\d)\b")
METRIC_PRIORITY = ["oil_imports", "credit_line", "investment", "exports", "imports", "bilateral_trade", "other"]


def _metric(view: SentenceView, amount: Amount) -> str | None:
    """The trade cue nearest to the figure decides; oil beats generic imports when both are present."""
    cues = [(h, h.id) for h in view.of("TRADE_CUE")]
    if not cues:
        return None
    metrics = {m for _, m in cues}
    if "oil_imports" in metrics and ("imports" in metrics or "bilateral_trade" not in metrics):
        return "oil_imports"
    nearest = min(cues, key=lambda c: abs(c[0].start - amount.start))[1]
    if nearest == "oil_imports" and "bilateral_trade" in metrics:
        return "bilateral_trade"
    return nearest


_BY_YEAR = re.compile(r"^[^.;]{0,40}?\b(?:by|for|till|until|in|before)\s+(?:the\s+end\s+of\s+)?(20\d\d)\b")


def _year(view: SentenceView, amount: Amount) -> int | None:
    """The year the figure refers to: FY2023-24 -> 2024, 'by 2030' -> 2030, else the nearest year."""
    text = view.text
    rel = amount.start - view.start
    after = _BY_YEAR.match(text[amount.end - view.start :])
    if after:
        return int(after.group(1))
    best, best_gap = None, None
    for m in _FISCAL.finditer(text):
        first, second = m.group(1), m.group(2)
        year = _expand(second or first, first)
        gap = abs(m.start() - rel)
        if year and (best_gap is None or gap < best_gap):
            best, best_gap = year, gap
    for m in _SPAN.finditer(text):
        year = _expand(m.group(2), m.group(1))
        gap = abs(m.start() - rel)
        if year and (best_gap is None or gap < best_gap):
            best, best_gap = year, gap
    for m in _YEAR.finditer(text):
        if any(m.start() >= f.start() and m.end() <= f.end() for f in [*_FISCAL.finditer(text), *_SPAN.finditer(text)]):
            continue
        gap = abs(m.start() - rel)
        if best_gap is None or gap < best_gap:
            best, best_gap = int(m.group(1)), gap
    return best


def _expand(year: str, context: str) -> int | None:
    if len(year) == 4:
        return int(year)
    if len(year) == 2:
        century = context[:2] if len(context) == 4 else "20"
        return int(century + year)
    return None


def _is_target(view: SentenceView, amount: Amount) -> bool:
    for cue in view.of("TARGET_CUE"):
        # a cue after the figure only counts when close ("$30 billion by 2025", "$100 bn target")
        if cue.start < amount.start or cue.start - amount.end <= 25:
            if cue.id in ("triple", "double") and cue.start > amount.start:
                continue
            return True
    return False


def extract(view: SentenceView, published: date | None, previous_parties: set[str],
            previous_metric: str | None = None) -> list[dict]:
    """Figures in one sentence. `previous_*` carry the last sentence's parties and trade metric, for
    follow-ups such as "The two sides now aim for $100 billion by 2030." """
    money = [a for a in view.amounts if a.is_money and a.unit not in ("per barrel",)]
    if not money:
        return []
    countries = view.countries() or previous_parties
    if countries & OTHER_PARTNERS and not {INDIA, RUSSIA} <= countries:
        return []
    if not countries & {INDIA, RUSSIA}:
        return []
    if view.of("SYSTEM") and not view.of("TRADE_CUE"):
        return []  # a contract value, reported with the deal
    events = []
    for amount in money:
        metric = _metric(view, amount)
        if metric is None and previous_metric and not view.of("SYSTEM"):
            metric = previous_metric
        if metric is None:
            continue
        when = _year(view, amount)
        on = date(when, 6, 30) if when and when <= (published.year if published else 2100) else published
        conversion = to_usd(amount.value, amount.currency, on)
        high = to_usd(amount.value_high, amount.currency, on) if amount.value_high else None
        events.append({
            "type": "trade_figure",
            "amount": amount.value,
            "amount_high": amount.value_high,
            "currency": amount.currency,
            "amount_usd": round(conversion.usd, 2) if conversion else None,
            "amount_usd_high": round(high.usd, 2) if high else None,
            "fx_rate": conversion.rate if conversion else None,
            "metric": metric,
            "year": when,
            "is_target": _is_target(view, amount),
            "approx": amount.approx,
            "figure_text": amount.text,
            "mention_start": amount.start,
            "mention_end": amount.end,
        })
    return events
