"""How much an article is about India-Russia relations: a score in [0, 1] from counted features.

Pure functions, so the weights can be tuned on the dev set and tested with tables.
Sides are counted per sentence, with organisations and weapon systems standing for
their country (Rosneft is Russia, HAL is India, the AK-203 made at Korwa is both).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

THRESHOLD = 0.5


@dataclass
class Features:
    india: int = 0          # sentences with an India-side mention
    russia: int = 0         # sentences with a Russia-side mention
    both: int = 0           # sentences with both sides and no third country
    both_mixed: int = 0     # sentences with both sides and one or two third countries
    listed: int = 0         # sentences where both sides sit in a list of countries (BRICS, G20 line-ups)
    bilateral: int = 0      # mentions of things that only exist between the two (AK-203, Kudankulam, Nayara)
    ours: int = 0           # India- or Russia-side mentions
    third: int = 0          # third-country mentions
    third_sents: int = 0    # sentences naming a third country or bloc
    title_both: bool = False
    title_one: bool = False
    sentences: int = 0

    def merge(self, other: Features) -> Features:
        merged = Features()
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            setattr(merged, f.name, (a or b) if isinstance(a, bool) else a + b)
        return merged


def score(f: Features) -> float:
    """Logistic score; the weights were set by hand on nlp/dev/gold.jsonl.

    >>> score(Features(india=1, russia=1, both=1)) > 0.5
    True
    >>> score(Features(russia=2, third=4, ours=2)) < 0.5
    True
    >>> score(Features(india=1, russia=1, listed=1, third=3, ours=2)) < 0.5
    True
    >>> score(Features(india=2, russia=2, ours=4)) > 0.5  # sides in separate sentences, twice each
    True
    >>> score(Features(india=7, russia=1, both_mixed=1, ours=12, third=9, third_sents=6)) < 0.5  # India-US story
    True
    """
    third_share = f.third / (f.ours + f.third) if (f.ours + f.third) else 0.0
    z = -3.2
    z += min(2.6 * f.both + 2.0 * f.both_mixed, 5.0)
    z += 1.0 * (f.india > 0) + 1.0 * (f.russia > 0)
    # both sides, never in one sentence and not in a line-up of countries: a weaker sign of a bilateral story
    if f.india and f.russia and not (f.both or f.both_mixed or f.listed):
        z += 1.0 + 0.5 * (f.india >= 2 and f.russia >= 2)
    z += 0.8 * min(f.bilateral, 2)
    z += 1.2 * f.title_both + 0.4 * f.title_one
    z -= 3.0 * max(0.0, third_share - 0.45)
    # one side named in a single sentence of a story that keeps naming another country: India's dealings
    # with a third country (or Russia's) that mention the other side once
    if min(f.india, f.russia) <= 1 and f.third_sents >= 3 and f.third_sents > min(f.india, f.russia) + 1 \
            and f.bilateral == 0 and not f.title_both:
        z -= 2.0
    return 1.0 / (1.0 + math.exp(-z))

