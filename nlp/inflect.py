"""Surface forms of an English verb or noun lemma, so lemma patterns also match on a
blank pipeline (no lemmatizer) and do not depend on the tagger's guesses."""

from __future__ import annotations

from functools import cache

_IRREGULAR = {
    "be": ["is", "are", "was", "were", "been", "being"],
    "begin": ["began", "begun"],
    "buy": ["bought"],
    "hold": ["held"],
    "lead": ["led"],
    "make": ["made"],
    "meet": ["met"],
    "sell": ["sold"],
    "strike": ["struck"],
    "take": ["took", "taken"],
    "win": ["won"],
    "give": ["gave", "given"],
    "put": [],
    "set": [],
    "hit": [],
    "cut": [],
    "undertake": ["undertook", "undertaken"],
    "withdraw": ["withdrew", "withdrawn"],
}
_VOWELS = set("aeiou")


@cache
def forms(lemma: str) -> tuple[str, ...]:
    """All plausible inflections of a lowercase lemma.

    >>> forms("sign")
    ('sign', 'signed', 'signing', 'signs')
    >>> "shelved" in forms("shelve") and "scrapped" in forms("scrap")
    True
    """
    word = lemma.lower()
    if " " in word or not word.isalpha():
        return (word,)
    out = {word}
    out.update(_IRREGULAR.get(word, []))
    if word.endswith("e"):
        out.update({word + "d", word[:-1] + "ing", word + "s"})
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        out.update({word[:-1] + "ied", word + "ing", word[:-1] + "ies"})
    else:
        plural = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
        out.update({word + "ed", word + "ing", plural})
        # scrap -> scrapped: one short vowel before a final consonant doubles it
        if (
            len(word) >= 3 and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS and word[-3] not in _VOWELS
        ):
            out.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return tuple(sorted(out))
