"""How much an article is about India-Russia relations: a score in [0, 1] from counted features.

Pure functions, so the weights can be tuned on the dev set and tested with tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

THRESHOLD = 0.5


@dataclass
class Features:
    india: int = 0            # India-side mentions (country, capital, Indian organisations)
    russia: int = 0           # Russia-side mentions
    both_sentences: int = 0   # sentences naming both sides
    domain: int = 0           # weapon systems, CAATSA, joint ventures
    other: int = 0            # mentions of third countries
    events: int = 0           # events the extractors found before the relevance gate
    title_india: bool = False
    title_russia: bool = False
    title_domain: bool = False
    sentences: int = 0

    def merge(self, other: Features) -> Features:
        return Features(
            self.india + other.india, self.russia + other.russia,
            self.both_sentences + other.both_sentences, self.domain + other.domain,
            self.other + other.other, self.events + other.events,
            self.title_india or other.title_india, self.title_russia or other.title_russia,
            self.title_domain or other.title_domain, self.sentences + other.sentences,
        )


def score(f: Features) -> float:
    """Logistic score; the weights were set by hand on nlp/dev/gold.jsonl.

    >>> round(score(Features(india=3, russia=3, both_sentences=2)), 2) > 0.5
    True
    >>> score(Features(russia=4, other=6)) < 0.5
    True
    """
    sides = (f.india > 0) + (f.russia > 0)
    ours = f.india + f.russia
    third_share = f.other / (ours + f.other) if (ours + f.other) else 0.0
    z = -4.0
    z += 1.7 * min(f.both_sentences, 2)
    z += 1.1 * sides
    z += 0.7 * min(f.domain, 3) * (sides > 0)
    z += 0.5 * min(f.events, 3) * (sides == 2)
    z += 1.6 * (f.title_india and f.title_russia)
    z += 0.8 * (f.title_domain and (f.title_india or f.title_russia))
    z -= 2.5 * max(0.0, third_share - 0.35)
    return 1.0 / (1.0 + math.exp(-z))


def is_relevant(value: float, threshold: float = THRESHOLD) -> bool:
    return value >= threshold
