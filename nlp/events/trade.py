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

_FISCAL = re.compile(r"\b(?:fy|financial year|fiscal(?: year)?)\s*'?(\d{2,4})(?:\s*[-–/]\s*(\d{2,4}))?", re.I)
_SPAN = re.compile(r"\b(20\d\d)\s*[-–/]\s*(\d\d)\b")
_YEAR = re.compile(r"\b(19[9]\d|20\d\d)\b")


def _metric(view: SentenceView, amount: Amount) -> str | None:
    """The trade cue that governs the figure: the nearest one before it in its clause ("India's imports
    from Russia rose to $61 billion"), else the nearest one after it. Oil next to imports is oil imports."""
    cues = view.of("TRADE_CUE")
    if not cues:
        return None
    before = [c for c in cues if c.start < amount.start]
    after = [c for c in cues if c.start >= amount.end]
    chosen = None
    if before:
        chosen = max(before, key=lambda c: c.start)
    if chosen is None or (after and view.tok_at(amount.start) - chosen.tok > 12
                          and min(after, key=lambda c: c.start).tok - view.tok_at(amount.end - 1) <= 3):
        chosen = min(after, key=lambda c: c.start) if after else chosen
    metric = chosen.id
    if metric == "imports" and any(c.id == "oil_imports" and abs(c.tok - chosen.tok) <= 3 for c in cues):
        return "oil_imports"
    return metric


# "by 2030" right after the figure, not across a comma or another number ("$66 billion, and $100 billion by 2030")
_BY_YEAR = re.compile(
    r"^[^.;,$₹€£\d]{0,40}?\b(?:by|for|till|until|in|before)\s+(?:the\s+end\s+of\s+)?(20\d\d)\b(?!\s*[-–/]\s*\d)"
)


def year_of(view: SentenceView, amount: Amount, target: bool = False) -> tuple[int | None, bool]:
    """(year the figure refers to, whether it is an Indian fiscal year):
    FY2023-24 -> (2024, True), 'by 2030' -> (2030, False), else the nearest year in the figure's
    clause, else in the sentence (a target year, "by 2030", only for a target figure)."""
    after = _BY_YEAR.match(view.text[amount.end - view.start :])
    if after:
        return int(after.group(1)), False
    found = _nearest_year(view, amount, *_clause_chars(view, amount), target=True)
    if found[0] is None:
        found = _nearest_year(view, amount, 0, len(view.text), target=target)
    return found


def _nearest_year(view: SentenceView, amount: Amount, lo: int, hi: int, target: bool) -> tuple[int | None, bool]:
    text = view.text
    rel = amount.start - view.start
    best, best_gap, fiscal = None, None, False
    for m in _FISCAL.finditer(text):
        if not lo <= m.start() < hi:
            continue
        first, second = m.group(1), m.group(2)
        year = _expand(second or first, first)
        gap = abs(m.start() - rel)
        if year and (best_gap is None or gap < best_gap):
            best, best_gap, fiscal = year, gap, bool(second)
    for m in _SPAN.finditer(text):
        if not lo <= m.start() < hi:
            continue
        year = _expand(m.group(2), m.group(1))
        gap = abs(m.start() - rel)
        if year and (best_gap is None or gap < best_gap):
            best, best_gap, fiscal = year, gap, True
    for m in _YEAR.finditer(text):
        if not lo <= m.start() < hi:
            continue
        if any(m.start() >= f.start() and m.end() <= f.end() for f in [*_FISCAL.finditer(text), *_SPAN.finditer(text)]):
            continue
        if not target and re.search(r"\bby\s+$", text[max(0, m.start() - 4) : m.start()]):
            continue
        gap = abs(m.start() - rel)
        if best_gap is None or gap < best_gap:
            best, best_gap, fiscal = int(m.group(1)), gap, False
    return best, fiscal


def _clause_chars(view: SentenceView, amount: Amount) -> tuple[int, int]:
    """Character range (relative to the sentence) of the clause holding the figure."""
    start, end = view.clause_chars(view.tok_at(amount.start), CLAUSE_BREAKS)
    return start - view.start, end - view.start


def _expand(year: str, context: str) -> int | None:
    if len(year) == 4:
        return int(year)
    if len(year) == 2:
        century = context[:2] if len(context) == 4 else "20"
        return int(century + year)
    return None


TARGET_BEFORE = 8      # "aim for bilateral trade of more than $100 billion"
TARGET_AFTER_CHARS = 25  # "$30 billion target", "$100 billion by 2030"
# words that put a measured figure between a target word and the amount ("the new target builds on trade of $65bn")
ACTUAL_WORDS = {"builds", "built", "compared", "against", "reached", "touched", "hit", "stood", "was", "were",
                "rose", "grew", "record", "hovered", "after", "surpassed", "crossed", "overshooting"}


_YEAR_EARLIER = re.compile(r"^[^.;$₹€£\d]{0,25}?\b(?:a year (?:earlier|before|ago)|the (?:previous|preceding|prior) "
                           r"(?:fiscal )?year|last year)\b")
_AFTER_BREAK = re.compile(r"[,;:.]|\b(?:and|but|while|whereas|against|compared)\b")


def _is_target(view: SentenceView, amount: Amount) -> bool:
    at = view.tok_at(amount.start)
    for cue in view.of("TARGET_CUE"):
        if cue.start >= amount.end:
            between = view.text[amount.end - view.start : cue.start - view.start]
            if (cue.start - amount.end <= TARGET_AFTER_CHARS and cue.id not in ("triple", "double")
                    and not _AFTER_BREAK.search(between)):
                return True
            continue
        if at - cue.tok > TARGET_BEFORE:
            continue
        if not ACTUAL_WORDS & set(view.lower[cue.tok + 1 : at]):
            return True
    return False


CLAUSE_BREAKS = {",", ";", ":", "while", "whereas", "but", "—", "–", "compared", "against", "versus", "vs"}


def clause_countries(view: SentenceView, amount: Amount) -> set[str]:
    """Countries named in the clause holding the figure ("..., while Russia-China trade topped $240 billion")."""
    start, end = view.clause_chars(view.tok_at(amount.start), CLAUSE_BREAKS)
    found = set()
    for hit in view.hits:
        if hit.label in ("GPE_DOMAIN", "ORG_DOMAIN") and start <= hit.start < end:
            found |= SentenceView(view.text, view.start, view.end, [], [], [hit]).countries()
    return found


def _ours(parties: set[str]) -> bool:
    """India-Russia, or one of them with no other partner named."""
    if {INDIA, RUSSIA} <= parties:
        return True
    # any other country or bloc named (nlp/patterns/countries.jsonl) makes it another pair's figure
    return bool(parties & {INDIA, RUSSIA}) and not parties - {INDIA, RUSSIA}


NOT_TRADE_METRICS = {"credit_line", "investment"}
MIN_TRADE_USD = 10_000_000
# the noun a figure measures, when it is not trade: "a 98 per cent stake ... for $12.9 billion",
# "the pharma market is worth $20 billion", "a combined GDP of $6.5 trillion", "central bank reserves"
OTHER_MEASURES = {"stake", "stakes", "acquired", "acquisition", "acquire", "reserves", "gdp", "market",
                  "valuation", "investment", "investments", "loan", "loans", "deal", "contract", "debt",
                  # money owed or earned, not goods traded (ANNOTATION.md 5: payment balances are not trade)
                  "dividend", "dividends", "profit", "profits", "payments", "dues", "subsidy", "subsidies",
                  "economy", "income", "purchase"}
MEASURE_BEFORE, MEASURE_AFTER = 6, 3


def measures_something_else(view: SentenceView, amount: Amount) -> bool:
    """A money amount next to a word for what else it measures (a stake, a market, a loan, a contract).

    The window is small and inside the figure's clause, so "trade worth $65 billion, and a deal ..." stays trade.
    """
    at = view.tok_at(amount.start)
    end = view.tok_at(amount.end - 1)
    lo, hi = view.clause(at, CLAUSE_BREAKS)
    window = view.lower[max(lo, at - MEASURE_BEFORE):at] + view.lower[end + 1:min(hi, end + MEASURE_AFTER) + 1]
    return bool(OTHER_MEASURES & set(window))


def _without_restatements(view: SentenceView, money: list[Amount]) -> list[Amount]:
    """"8 billion roubles ($125.5 million)", "Rs 2,500 crore (about $300 million)": one figure stated twice;
    the dollar statement is kept, as the text's own conversion."""
    dropped = set()
    for first, second in zip(money, money[1:], strict=False):
        between = view.text[first.end - view.start : second.start - view.start]
        if between.strip().rstrip("~").strip() in ("(", "(about", "(around", "(nearly", "(over", "(some", "(roughly"):
            dropped.add(id(first) if second.currency == "USD" or first.currency != "USD" else id(second))
    return [a for a in money if id(a) not in dropped]


def extract(view: SentenceView, published: date | None, previous_parties: set[str],
            previous_metric: str | None = None, previous_year: int | None = None) -> list[dict]:
    """Figures in one sentence. `previous_*` carry the last sentence's parties and trade metric, for
    follow-ups such as "The two sides now aim for $100 billion by 2030." """
    # "$60 a barrel" and "$30 billion a year" are rates; the latter is still a trade figure
    money = [a for a in view.amounts
             if a.is_money and (not (a.unit or "").startswith("per ") or a.unit == "per year")]
    if not money:
        return []
    countries = view.countries() or previous_parties
    if not _ours(countries) and not (countries & {INDIA, RUSSIA}):
        return []
    if view.of("SYSTEM") and not view.of("TRADE_CUE"):
        return []  # a contract value, reported with the deal
    events = []
    money = _without_restatements(view, money)
    for amount in money:
        parties = clause_countries(view, amount) or countries
        if not _ours(parties):
            continue
        metric = _metric(view, amount)
        if metric is None and previous_metric and not view.of("SYSTEM"):
            metric = previous_metric
        # credit lines and investment are money between the two, not trade (nlp/ANNOTATION.md section 5)
        if metric is None or metric in NOT_TRADE_METRICS or measures_something_else(view, amount):
            continue
        target = _is_target(view, amount)
        when, fiscal = year_of(view, amount, target)
        # "$68.7 billion in 2024-25, up from $65.7 billion a year earlier"
        if _YEAR_EARLIER.match(view.text[amount.end - view.start :]) and events and events[-1]["year"]:
            when, fiscal = events[-1]["year"] - 1, fiscal
        # no year in the sentence: the previous figure's year, else (for a reported actual) the publication year
        when = when or previous_year
        if when is None and published and not target:
            when = published.year
        # an Indian fiscal year (April-March) falls mostly in its first calendar year: convert at that year's rate
        if when and when <= (published.year if published else 2100):
            on = date(when - 1, 12, 31) if fiscal else date(when, 6, 30)
        else:
            on = published
        conversion = to_usd(amount.value, amount.currency, on)
        if conversion and conversion.usd < MIN_TRADE_USD:
            continue  # a price or a discount ("$3-$4 cheaper than Brent"), not a country's trade
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
            "is_target": target,
            "approx": amount.approx,
            "figure_text": amount.text,
            "mention_start": amount.start,
            "mention_end": amount.end,
        })
    return events
