"""Is a text English? A cheap stopword and script check, good enough to skip Russian or Hindi pages."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS = frozenset(
    "the of and to in a is that for on with as by at from it was be has have are said its an this will not "
    "which were but their after had been also over or more than would into who".split()
)


def looks_english(text: str, sample: int = 4000) -> tuple[bool, str]:
    """(True, '') or (False, reason). Short texts are given the benefit of the doubt.

    >>> looks_english("India and Russia signed the deal on Friday.")[0]
    True
    >>> looks_english("Россия и Индия подписали соглашение о поставках нефти в этом году " * 3)[0]
    False
    """
    words = _WORD.findall(text[:sample])
    if len(words) < 8:
        return True, ""
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.6:
        return False, f"non-English: {100 - 100 * latin // len(words)}% of words not in Latin script"
    stop = sum(1 for w in words if w.lower() in _STOPWORDS)
    if stop / len(words) < 0.08:
        return False, f"non-English: only {100 * stop // len(words)}% English function words"
    return True, ""
