"""Which real-world deal a deal mention belongs to, and where that deal stands (pure functions).

The matching rule (also in sql/README.md):
  * a deal is one system bought from one counterparty under one programme: deal_key = system|counterparty|programme;
  * the counterparty is Russia for India's deals; a third country's purchase (Turkey's S-400) is its own deal;
  * the programme is the contract year when the sentence states one next to a contract word ("the 2018
    contract", "a deal signed in 2018"), 'follow-on' for a stated follow-on/additional/repeat order, and
    otherwise the system's principal programme: its earliest stated contract year among all mentions, or
    'unspecified' while none is known. The register is rebuilt per (system, counterparty) from all current
    mentions, so the outcome never depends on the order articles were tagged in.
  * a deal's status is the furthest stage on the ladder any report reached (its date: the first report of
    it); 'cancelled' wins only when reported after that stage. A report of an earlier stage dated after a
    later one was reported is kept and flagged `conflicts`, never merged away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

LADDER = ("proposed", "negotiating", "approved", "signed", "in_production", "delivered", "commissioned")
_CONTRACT = r"(?:contract|deal|agreement|order|pact|accord)"
_YEAR = r"((?:19|20)\d{2})"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR_OF_CONTRACT = (
    re.compile(rf"\b{_YEAR}\s+(?:[\w$.,-]+\s+){{0,4}}?{_CONTRACT}s?\b", re.IGNORECASE),
    re.compile(rf"\b{_CONTRACT}s?\s+(?:was\s+|were\s+|had\s+been\s+)?(?:signed|inked|concluded|sealed|struck|"
               rf"finali[sz]ed)\s+(?:in|during|back\s+in)\s+(?:{_MONTH}\s+)?{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:signed|inked|concluded|sealed|struck)\s+(?:(?:the|a|an|its)\s+)?(?:[\w$.,-]+\s+){{0,3}}?"
               rf"{_CONTRACT}s?\s+(?:in|during|back\s+in)\s+(?:{_MONTH}\s+)?{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:signed|inked|concluded|sealed|struck)\s+(?:in|during|back\s+in)\s+(?:{_MONTH}\s+)?{_YEAR}\b",
               re.IGNORECASE),
)
_FOLLOW_ON = re.compile(
    # a second *batch* is a delivery under the same contract; only a new order is a new programme
    r"\b(?:follow-?on|additional|repeat|fresh|new|another)\s+(?:[\w-]+\s+){0,3}?(?:order|contract|deal)s?\b",
    re.IGNORECASE,
)


def rank(status: str | None) -> int | None:
    """Position on the ladder; None for cancelled, unknown and anything else off it.

    >>> rank("signed"), rank("cancelled")
    (3, None)
    """
    return LADDER.index(status) if status in LADDER else None


# sanctioning and bloc parties appear beside arms deals ("despite US sanctions") without being a side of them
_NOT_A_SIDE = {"United States", "European Union", "United Kingdom", "G7", "OFAC", "US Treasury", "State Department",
               "US Congress", "Pentagon"}
_INDIAN = {"India", "Indian Army", "Indian Navy", "Indian Air Force", "Ministry of Defence", "DRDO", "HAL",
           "Goa Shipyard", "NPCIL", "MEA", "BPCL", "HPCL", "Indian Oil", "Reliance Industries", "Nayara Energy",
           "ONGC Videsh"}
_RUSSIAN = {"Russia", "Rosatom", "Rosoboronexport", "Rostec", "Almaz-Antey", "Kalashnikov Concern", "Kremlin",
            "United Shipbuilding Corporation", "Rosneft", "Lukoil", "Gazprom", "Gazprom Neft", "Indo-Russia Rifles"}


def counterparty(parties: list[str] | None) -> str | None:
    """The side of the deal facing India's: Russia for India's own deals (every tracked system is Russian or
    Indo-Russian), or the third country when the mention is about its purchase instead (Turkey's S-400).

    >>> counterparty(["India", "Rosoboronexport", "United States"]), counterparty(["Russia", "Turkey"])
    ('Russia', 'Turkey')
    """
    parties = [p for p in (parties or []) if p and p not in _NOT_A_SIDE]
    if any(p in _INDIAN for p in parties):
        return "Russia"
    third = [p for p in parties if p not in _RUSSIAN]
    return third[0] if third else "Russia"


def programme(sentence: str) -> str | None:
    """The programme a sentence names: a contract year, 'follow-on', or None when it says nothing.

    >>> programme("Deliveries under the 2018 contract for five S-400 squadrons continue.")
    '2018'
    >>> programme("Talks on an additional order of S-400 squadrons are under way.")
    'follow-on'
    """
    for pattern in _YEAR_OF_CONTRACT:
        match = pattern.search(sentence)
        if match:
            return match.group(1)
    if _FOLLOW_ON.search(sentence):
        return "follow-on"
    return None


def deal_key(system: str, party: str | None, prog: str) -> str:
    return f"{system}|{party or '-'}|{prog}"


@dataclass(frozen=True)
class Report:
    """One deal mention as the register sees it."""

    mention_id: int
    article_id: int
    system: str
    counterparty: str | None
    programme: str | None  # what the sentence itself says
    status: str | None
    event_date: date | None


def assign(reports: list[Report]) -> dict[int, str]:
    """mention_id → programme for the reports of one (system, counterparty): unstated programmes go to the
    principal one (earliest stated contract year), else 'unspecified'."""
    years = sorted(r.programme for r in reports if r.programme and r.programme.isdigit())
    principal = years[0] if years else "unspecified"
    return {r.mention_id: r.programme or principal for r in reports}


@dataclass(frozen=True)
class Standing:
    status: str | None
    status_since: date | None
    conflicting: frozenset[int]  # mention_ids of reports that contradict an earlier, later-stage report


def standing(reports: list[Report]) -> Standing:
    """Where one deal stands given all its reports (any order)."""
    ordered = sorted(reports, key=lambda r: (r.event_date or date.min, r.article_id, r.mention_id))
    best: Report | None = None
    conflicting: set[int] = set()
    day_max: dict[date | None, int] = {}
    for report in ordered:
        position = rank(report.status)
        if position is not None:
            earlier = [v for d, v in day_max.items() if (d or date.min) < (report.event_date or date.min)]
            reached_before = max(earlier) if earlier else None
            if reached_before is not None and position < reached_before:
                conflicting.add(report.mention_id)
            day_max[report.event_date] = max(day_max.get(report.event_date, -1), position)
            if best is None or position > rank(best.status):
                best = report
    after_best = [r for r in ordered if r.status == "cancelled"
                  and (best is None or (r.event_date or date.min) > (best.event_date or date.min))]
    if after_best:
        return Standing("cancelled", after_best[0].event_date, frozenset(conflicting))
    if best is None:
        return Standing("unknown" if reports else None, None, frozenset(conflicting))
    return Standing(best.status, best.event_date, frozenset(conflicting))
