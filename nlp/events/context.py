"""A sentence as the event extractors see it: lowercase tokens, gazetteer hits and amounts,
all with character offsets into the document text."""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp.amounts import Amount

INDIA = "India"
RUSSIA = "Russia"
# capitals, leaders and organisations count for their country when deciding whose figure or deal it is
SIDE_OF_ORG = {
    "Indo-Russia Rifles": "both", "HAL": INDIA, "Indian Oil": INDIA, "BPCL": INDIA, "HPCL": INDIA,
    "Reliance Industries": INDIA, "ONGC Videsh": INDIA, "NPCIL": INDIA, "Goa Shipyard": INDIA, "MEA": INDIA,
    "Indian Army": INDIA, "Indian Air Force": INDIA, "Indian Navy": INDIA,
    "DRDO": INDIA, "Defence Acquisition Council": INDIA, "Cabinet Committee on Security": INDIA,
    "Nayara Energy": "both", "Rosoboronexport": RUSSIA, "Rosatom": RUSSIA, "Rosneft": RUSSIA,
    "Lukoil": RUSSIA, "Gazprom": RUSSIA, "Gazprom Neft": RUSSIA, "Almaz-Antey": RUSSIA,
    "Kalashnikov Concern": RUSSIA, "Rostec": RUSSIA, "United Shipbuilding Corporation": RUSSIA,
    "Kremlin": RUSSIA, "OFAC": "United States", "US Treasury": "United States", "State Department": "United States",
    "US Congress": "United States", "Pentagon": "United States", "European Union": "European Union",
}
# Systems tell whose story it is: some exist only between India and Russia (built, licensed or run
# together), others are Russian-made and sold to several buyers (Turkey's S-400 is not India's).
SIDE_OF_SYSTEM = {
    "AK-203": "both", "Kudankulam": "both", "BrahMos": "both", "Talwar-class frigate": "both",
    "Su-30MKI": "both", "T-90": "both", "INS Vikramaditya": "both", "Akula-class submarine": "both",
    "Ka-226": "both", "MiG-29K": "both", "Eastern Maritime Corridor": "both", "Vankor oilfield stake": "both",
    "Sakhalin-1": "both", "Igla-S": RUSSIA, "S-400": RUSSIA, "Su-57": RUSSIA, "MiG-29": RUSSIA, "T-72": RUSSIA,
    "Pantsir": RUSSIA, "Ka-31": RUSSIA, "Arctic LNG 2": RUSSIA, "Vostok Oil": RUSSIA,
    "FGFA": "both", "AL-31FP": "both", "Kilo-class submarine": RUSSIA, "Mi-17": RUSSIA, "Rooppur": RUSSIA,
}


@dataclass(frozen=True)
class Hit:
    label: str
    id: str
    start: int
    end: int
    text: str
    tok: int


@dataclass
class SentenceView:
    text: str
    start: int
    end: int
    lower: list[str]
    tok_chars: list[int]
    hits: list[Hit] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)

    def of(self, label: str) -> list[Hit]:
        return [h for h in self.hits if h.label == label]

    def ids(self, label: str) -> set[str]:
        return {h.id for h in self.hits if h.label == label}

    def countries(self, systems: bool = False) -> set[str]:
        """Countries named in the sentence, organisations (and, if asked, systems) counted for their side."""
        found = self.ids("GPE_DOMAIN")
        sides = [SIDE_OF_ORG.get(org) for org in self.ids("ORG_DOMAIN")]
        # "the defence ministry" in Indian copy is India's; "Russia's defence ministry" is not
        for hit in self.of("ORG_DOMAIN"):
            if hit.id == "Ministry of Defence" and not any(
                g.label == "GPE_DOMAIN" and g.id != INDIA and hit.tok - 3 <= g.tok < hit.tok for g in self.hits
            ):
                sides.append(INDIA)
        if systems:
            sides += [SIDE_OF_SYSTEM.get(system) for system in self.ids("SYSTEM")]
        for side in sides:
            if side == "both":
                found |= {INDIA, RUSSIA}
            elif side:
                found.add(side)
        return found

    def tok_at(self, char: int) -> int:
        """Index of the token containing doc offset `char` (the nearest one before it)."""
        lo, hi = 0, len(self.tok_chars) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.tok_chars[mid] <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def clause(self, tok: int, breaks: set[str]) -> tuple[int, int]:
        """Token range [lo, hi] around `tok`, cut at any of the `breaks` words or punctuation."""
        lo = tok
        while lo > 0 and self.lower[lo - 1] not in breaks:
            lo -= 1
        hi = tok
        while hi + 1 < len(self.lower) and self.lower[hi + 1] not in breaks:
            hi += 1
        return lo, hi

    def clause_chars(self, tok: int, breaks: set[str]) -> tuple[int, int]:
        """The same clause as document character offsets [start, end)."""
        lo, hi = self.clause(tok, breaks)
        return self.tok_chars[lo], self.tok_chars[hi] + len(self.lower[hi])

    def has_word(self, *words: str) -> bool:
        return any(w in self.lower for w in words)
