"""Sanction events: regime, caatsa, imposer, target, status."""

from __future__ import annotations

from nlp.events.context import INDIA, RUSSIA, Hit, SentenceView
from nlp.events.status import cues, sanction_status, sanction_statuses

# who imposes a regime when the sentence does not say
DEFAULT_IMPOSER = {
    "CAATSA": "United States", "OFAC SDN": "United States", "US sanctions": "United States",
    "secondary tariffs": "United States", "EU sanctions package": "European Union",
    "UK sanctions": "United Kingdom", "oil price cap": "G7", "Western sanctions": "Western countries",
}
IMPOSER_OF = {
    "United States": "United States", "OFAC": "United States", "US Treasury": "United States",
    "State Department": "United States", "US Congress": "United States", "Pentagon": "United States",
    "European Union": "European Union", "G7": "G7", "United Kingdom": "United Kingdom",
}
GENERIC_BY_IMPOSER = {"United States": "US sanctions", "European Union": "EU sanctions package",
                      "United Kingdom": "UK sanctions", "Western countries": "Western sanctions"}
SANCTION_WORDS = ("sanction", "sanctions", "sanctioned", "sanctioning")
# targets named by organisation are more specific than countries
TARGET_ORGS = ("Rosneft", "Lukoil", "Nayara Energy", "Gazprom", "Gazprom Neft", "Rosoboronexport",
               "Reliance Industries", "Indian Oil", "HPCL", "BPCL", "Rostec")
THIRD_COUNTRIES = {"Turkey", "China", "Pakistan", "Iran", "North Korea"}


def _imposer(view: SentenceView, regime: str) -> str | None:
    for hit in view.hits:
        if hit.label in ("GPE_DOMAIN", "ORG_DOMAIN") and hit.id in IMPOSER_OF:
            return IMPOSER_OF[hit.id]
    return DEFAULT_IMPOSER.get(regime)


def _target(view: SentenceView, imposer: str | None) -> str | None:
    orgs = [h.id for h in view.of("ORG_DOMAIN") if h.id in TARGET_ORGS]
    if orgs:
        return orgs[0]
    countries = [h.id for h in view.of("GPE_DOMAIN") if h.id not in IMPOSER_OF and h.id != imposer]
    for preferred in (INDIA, RUSSIA):
        if preferred in countries:
            return preferred
    return countries[0] if countries else None


CARRY_STATUSES = ("waived", "lifted")


def extract(view: SentenceView, previous_regime: tuple[str, Hit] | None = None) -> list[dict]:
    """One event per regime and status named in the sentence (or per generic 'sanctions' with a clear
    cue). A sentence with only a waiver or lifting cue ("A general licence carves out a window")
    continues the previous sentence's regime."""
    regimes: dict[str, Hit] = {}
    for hit in view.of("REGIME"):
        regimes.setdefault(hit.id, hit)
    if not regimes:
        generic = _generic(view)
        if generic:
            regimes[generic[0]] = generic[1]
    if not regimes and previous_regime is not None:
        carried = [c for c, status in cues(view, "sanction") if status in CARRY_STATUSES]
        if carried:
            regime, _ = previous_regime
            regimes[regime] = carried[0]
    events = []
    countries = view.countries()
    for regime, hit in regimes.items():
        imposer = _imposer(view, regime)
        target = _target(view, imposer)
        # CAATSA punishes the buyers of Russian arms, never Russia itself: in India-Russia coverage
        # the buyer is India unless the sentence names another one
        if regime == "CAATSA" and target in (None, RUSSIA):
            target = next((c for c in THIRD_COUNTRIES if c in countries), INDIA)
        # a sanction on a third country, in a sentence with no India/Russia party, is background
        if target in THIRD_COUNTRIES and not countries & {INDIA, RUSSIA}:
            continue
        for status in sanction_statuses(view, hit, regime):
            events.append(_event(regime, status, imposer, target, hit))
    return events


def _event(regime: str, status: str, imposer: str | None, target: str | None, hit: Hit) -> dict:
    return {
        "type": "sanction",
        "regime": regime,
        "caatsa": regime == "CAATSA",
        "imposer": imposer,
        "target": target,
        "status": status,
        "mention": hit.text,
        "mention_start": hit.start,
        "mention_end": hit.end,
    }


def _generic(view: SentenceView) -> tuple[str, Hit] | None:
    """'the US sanctioned Rosneft' with no regime name: a regime by imposer, only with a clear cue."""
    if not view.has_word(*SANCTION_WORDS):
        return None
    imposer = next((IMPOSER_OF[h.id] for h in view.hits if h.id in IMPOSER_OF), None)
    if imposer is None and "western" in view.lower:
        imposer = "Western countries"
    if imposer not in GENERIC_BY_IMPOSER:
        return None
    index = next(i for i, w in enumerate(view.lower) if w in SANCTION_WORDS)
    start = view.tok_chars[index]
    hit = Hit("REGIME", GENERIC_BY_IMPOSER[imposer], start, start + len(view.lower[index]), view.lower[index], index)
    regime = GENERIC_BY_IMPOSER[imposer]
    # the Treasury's sanctions are OFAC's: "the US Treasury sanctioned Rosneft" is an SDN listing
    if view.ids("ORG_DOMAIN") & {"OFAC", "US Treasury"}:
        regime = "OFAC SDN"
    hit = Hit("REGIME", regime, hit.start, hit.end, hit.text, hit.tok)
    statuses = [status for cue, status in cues(view, "sanction")]
    if not statuses or sanction_status(view, hit, regime) == "discussed":
        return None
    return regime, hit
