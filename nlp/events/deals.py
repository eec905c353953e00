"""Deal events: system, quantity, value_usd, parties, status."""

from __future__ import annotations

from datetime import date

from nlp.amounts import Amount
from nlp.events.context import INDIA, SentenceView
from nlp.events.status import cues, deal_status, is_hedged, is_negated
from nlp.fx import to_usd

# counted nouns that make a number a deal quantity
QUANTITY_UNITS = {
    "rifles", "rifle", "squadrons", "squadron", "units", "unit", "ships", "frigates", "frigate", "jets",
    "aircraft", "fighters", "helicopters", "tanks", "submarines", "submarine", "systems", "reactors",
    "missiles", "launchers", "regiments", "batteries", "vessels", "warships", "engines", "guns",
}
THIRD_PARTIES = {"Turkey", "China", "Pakistan", "Iran"}
# energy projects, stakes and shipping routes the gazetteer knows (they tell whose story it is) but that are
# not deals: only defence, military-technology and civil-nuclear programmes are (ANNOTATION.md, section 4)
# `commissioned` is a ship's (or a reactor's) entry into service; an aircraft or a missile system that is
# "operational" or "deployed" has been delivered (ANNOTATION.md, section 4)
COMMISSIONABLE = {"Talwar-class frigate", "INS Vikramaditya", "Akula-class submarine", "Kilo-class submarine",
                  "Kudankulam", "Rooppur"}
NOT_DEALS = {"Sakhalin-1", "Vankor oilfield stake", "Eastern Maritime Corridor", "Vostok Oil", "Arctic LNG 2"}


def _is_rate(amount: Amount) -> bool:
    """"$60 a barrel", "$500 per tonne": a price, not a contract value or a count."""
    return (amount.unit or "").startswith("per ")


def _quantity(view: SentenceView, anchor: int) -> Amount | None:
    best, best_gap = None, None
    for amount in view.amounts:
        if amount.is_money or _is_rate(amount) or amount.unit in ("percent", "percentage points", "basis points"):
            continue
        unit = (amount.unit or "").split()[-1] if amount.unit else None
        # "6,01,427 AK-203 assault rifles": the counted noun may come a few words later
        if unit not in QUANTITY_UNITS:
            tail = view.text[amount.end - view.start : amount.end - view.start + 40].lower().split()
            unit = next((w.strip(".,;") for w in tail[:4] if w.strip(".,;") in QUANTITY_UNITS), None)
        if unit not in QUANTITY_UNITS:
            continue
        gap = abs(amount.start - anchor)
        if best_gap is None or gap < best_gap:
            best, best_gap = amount, gap
    return best


def _value(view: SentenceView, anchor: int) -> Amount | None:
    # "$13 billion a year" is a supply contract's value; "$60 a barrel" is a price
    money = [a for a in view.amounts if a.is_money and (not _is_rate(a) or a.unit == "per year")]
    return min(money, key=lambda a: abs(a.start - anchor)) if money else None


CARRY_STATUSES = {"delivered", "commissioned", "in_production", "cancelled"}


def extract(view: SentenceView, published: date | None, previous_system: str | None = None) -> list[dict]:
    """One event per system named in a sentence that talks about a deal. A sentence that names no
    system but states a delivery, commissioning, production or cancellation ("The batteries,
    inducted from 2021, are fully operational.") continues the previous sentence's system."""
    countries = view.countries()
    deal_context = bool(view.of("DEAL_NOUN") or view.of("STATUS_CUE") or any(a.is_money for a in view.amounts))
    events = []
    systems = {}
    for hit in view.of("SYSTEM"):
        systems.setdefault(hit.id, hit)
    energy = NOT_DEALS & set(systems)
    for system in energy:
        del systems[system]
    if not systems and not energy and previous_system:
        carried = [c for c, status in cues(view, "deal") if status in CARRY_STATUSES]
        if carried:
            systems[previous_system] = carried[0]
    for system, hit in systems.items():
        if not deal_context:
            continue
        # "Turkey's S-400" in an India story: not our deal
        if countries & THIRD_PARTIES and INDIA not in countries:
            continue
        quantity = _quantity(view, hit.start)
        value = _value(view, hit.start)
        conversion = to_usd(value.value, value.currency, published) if value and value.currency else None
        status = deal_status(view, hit)
        expected = next((st for c, st in cues(view, "deal") if st in ("delivered", "commissioned")
                         and is_hedged(view, c) and not is_negated(view, c)), None)
        if system not in COMMISSIONABLE:
            status = "delivered" if status == "commissioned" else status
            expected = "delivered" if expected == "commissioned" else expected
        events.append({
            "type": "deal",
            "system": system,
            "system_text": hit.text,
            "mention_start": hit.start,
            "mention_end": hit.end,
            "status": status,
            # "expected to arrive soon": the stage the story looks forward to, not one reached
            "expected_status": expected,
            "quantity": int(quantity.value) if quantity else None,
            "value": value.value if value else None,
            "value_start": value.start if value else None,
            "currency": value.currency if value else None,
            "value_usd": round(conversion.usd, 2) if conversion else None,
            "fx_rate": conversion.rate if conversion else None,
            "site": next(iter(sorted(view.ids("SITE"))), None),
            "parties": sorted(countries | (view.ids("ORG_DOMAIN") - {"OFAC", "US Treasury", "State Department"})),
        })
    return events
