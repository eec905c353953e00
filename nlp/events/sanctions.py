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
# "sanctions on Russia's two largest oil companies", "blocking sanctions on tankers": US listings of named
# entities are OFAC's (ANNOTATION.md 3), however the sentence names the regime
ENTITY_WORDS = {"blocking", "designated", "designation", "designations", "blacklisted", "blacklist", "sdn"}
RUSSIAN_TARGET_ORGS = {"Rosneft", "Lukoil", "Gazprom", "Gazprom Neft", "Rosoboronexport", "Rostec"}
# Russian weapons whose purchase CAATSA's section 231 is about (not India-made or energy projects)
RUSSIAN_ARMS = {"S-400", "Su-57", "Su-30MKI", "MiG-29", "MiG-29K", "Igla-S", "Pantsir", "Ka-226", "Ka-31",
                "T-90", "T-72", "Akula-class submarine", "Talwar-class frigate", "Kilo-class submarine", "Mi-17"}
# sanctions words whose object ("on X", "against X") is the target
OBJECT_WORDS = {"on", "against"}
OBJECT_WINDOW = 6


def _object_country(view: SentenceView, hit: Hit) -> str | None:
    """The country a sanctions mention is 'on' or 'against': "sanctions on Turkey under CAATSA" -> Turkey
    (the 'on' after the mention, or after a sanctions word just before it)."""
    heads = [hit.tok] + [i for i in range(max(0, hit.tok - OBJECT_WINDOW), hit.tok)
                         if view.lower[i] in SANCTION_WORDS]
    for head in sorted(heads, key=lambda i: abs(i - hit.tok)):
        # "the US sanctioned China's procurement agency": the verb's object
        if view.lower[head] in ("sanctioned", "sanctioning", "sanctions") and head + 1 < len(view.lower):
            for h in view.of("GPE_DOMAIN"):
                if h.tok == head + 1 and view.lower[head] != "sanctions":
                    return h.id
        for i in range(head + 1, min(len(view.lower), head + 3)):
            if view.lower[i] in OBJECT_WORDS:
                for h in view.of("GPE_DOMAIN"):
                    if i < h.tok <= i + 3:
                        return h.id
                break
    return None


def _the_west(view: SentenceView) -> bool:
    """ "imposed by the West", "the West responded with sanctions" """
    return any(w == "west" and i > 0 and view.lower[i - 1] == "the" for i, w in enumerate(view.lower))


def _refine(view: SentenceView, regime: str, hit: Hit) -> str:
    """US sanctions on named Russian entities are an OFAC listing; sanctions by the US and Europe together,
    or by "the West", are Western sanctions."""
    if regime in ("US sanctions", "EU sanctions package"):
        lo, hi = max(0, hit.tok - 12), min(len(view.lower), hit.tok + 3)
        near = view.lower[lo:hi]
        imposers = {IMPOSER_OF[h.id] for h in view.hits if h.id in IMPOSER_OF and lo <= h.tok < hi}
        # "European countries and the United States" (not "the European Union's package")
        europe = any(w in ("european", "europe") and near[i + 1: i + 2] not in (["union"], ["commission"])
                     for i, w in enumerate(near))
        if {"United States", "European Union"} <= imposers or "west" in near or europe:
            return "Western sanctions"
    # "US sanctions over the S-400 deal": the US law that punishes buyers of Russian arms is CAATSA
    if regime == "US sanctions" and view.ids("SYSTEM") & RUSSIAN_ARMS:
        return "CAATSA"
    if regime == "US sanctions":
        window = view.lower[max(0, hit.tok - 3) : hit.tok + 12]
        orgs = {h.id for h in view.of("ORG_DOMAIN") if hit.tok - 3 <= h.tok <= hit.tok + 10}
        if orgs & RUSSIAN_TARGET_ORGS or ENTITY_WORDS & set(window):
            return "OFAC SDN"
    return regime


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
    if not regimes:
        unattributed = _unattributed(view)
        if unattributed:
            regimes["Western sanctions"] = unattributed
    # "US sanctions against Russia — under CAATSA — ...": one regime, the named one
    if "CAATSA" in regimes:
        regimes.pop("US sanctions", None)
    events = []
    countries = view.countries()
    for regime, hit in list(regimes.items()):
        regime = _refine(view, regime, hit)
        imposer = _imposer(view, regime)
        target = _target(view, imposer)
        # "imposed sanctions on Turkey under CAATSA for its S-400": another country's sanction is background
        obj = _object_country(view, hit)
        if obj is not None and obj not in (INDIA, RUSSIA) and obj not in IMPOSER_OF:
            continue
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


def _unattributed(view: SentenceView) -> Hit | None:
    """Sanctions on Russia that name no imposer ("sanctions on trade against Russia", "sanctions-hit
    Moscow") are Western sanctions (ANNOTATION.md 3), if the sentence names Russia or a Russian entity
    within a few words of the sanctions word and no other sanctioning country."""
    if not view.has_word(*SANCTION_WORDS) or any(h.id in IMPOSER_OF for h in view.hits):
        return None
    russian = [h.tok for h in view.hits if h.label in ("GPE_DOMAIN", "ORG_DOMAIN")
               and (h.id == RUSSIA or h.id in RUSSIAN_TARGET_ORGS)]
    others = [h for h in view.of("GPE_DOMAIN") if h.id not in (INDIA, RUSSIA)]
    for index, word in enumerate(view.lower):
        if word in SANCTION_WORDS and any(abs(tok - index) <= 5 for tok in russian):
            hit = Hit("REGIME", "Western sanctions", view.tok_chars[index],
                      view.tok_chars[index] + len(word), word, index)
            if others and _object_country(view, hit) not in (RUSSIA, None):
                return None
            return hit
    return None


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
    if imposer is None and ("western" in view.lower or _the_west(view)):
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
