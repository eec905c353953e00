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
    "Ministry of Defence": INDIA, "Indian Army": INDIA, "Indian Air Force": INDIA, "Indian Navy": INDIA,
    "DRDO": INDIA, "Nayara Energy": "both", "Rosoboronexport": RUSSIA, "Rosatom": RUSSIA, "Rosneft": RUSSIA,
    "Lukoil": RUSSIA, "Gazprom": RUSSIA, "Gazprom Neft": RUSSIA, "Almaz-Antey": RUSSIA,
    "Kalashnikov Concern": RUSSIA, "Rostec": RUSSIA, "United Shipbuilding Corporation": RUSSIA,
    "Kremlin": RUSSIA,
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

    def countries(self) -> set[str]:
        """Countries named in the sentence, organisations counted for their side."""
        found = self.ids("GPE_DOMAIN")
        for org in self.ids("ORG_DOMAIN"):
            side = SIDE_OF_ORG.get(org)
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

    def has_word(self, *words: str) -> bool:
        return any(w in self.lower for w in words)
