"""Which language a text is in, by lingua (lingua-language-detector), restricted to the languages that
matter for India–Russia coverage plus the ones most often mistaken for them.

lingua knows no romanised Hindi ("Bharat aur Roos ne samjhauta kiya") or Russian ("Rossiya i Indiya
podpisali"), which it reads as English or a Romance language; a Latin-script text in which a fifth of
the words are that language's function words is called that language, with the script recorded as Latin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# what irwatch tags or will tag, then neighbours that share a script or get confused with them
LANGUAGES = ("ENGLISH", "RUSSIAN", "HINDI", "UKRAINIAN", "BELARUSIAN", "BULGARIAN", "MARATHI",
             "BENGALI", "URDU", "GERMAN", "FRENCH", "SPANISH", "CHINESE", "ARABIC")
MIN_CHARS = 12
# lingua's low-accuracy mode (trigrams only) is as reliable as the full models on texts this long and
# loads in a tenth of the time, which every crawl process pays once; shorter texts get the full models
LONG_TEXT_LETTERS = 400
SAMPLE_CHARS = 3000
TAGGED = {"en"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# common function words of Hindi written in Latin script
_HINGLISH = frozenset("aur hai hain ka ki ke ko ne se mein par bhi yeh woh tha thi the kya nahi ek liye "
                      "karne kiya gaya apne unke isse hua".split())
# and of Russian in Latin script ("Rossiya i Indiya podpisali soglashenie o postavkakh")
_TRANSLIT_RU = frozenset("i v na s ne chto eto kak dlya ot po k o iz za pri mezhdu takzhe byl bylo budet ili "
                         "uzhe tolko kotoryy kotorye soglashenie rossiya rossii indiya indii".split())


@dataclass(frozen=True)
class Guess:
    code: str | None          # ISO 639-1, None when the text is too short or unreadable
    confidence: float
    script: str | None = None  # Latn, Cyrl, Deva, ...

    @property
    def taggable(self) -> bool:
        return self.code in TAGGED


@cache
def _detector(long_text: bool = False):
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES))
    return (builder.with_low_accuracy_mode() if long_text else builder).build()


def script_of(text: str) -> str | None:
    """The dominant script of the letters in `text`.

    >>> script_of("Россия и Индия"), script_of("भारत और रूस"), script_of("India 2025")
    ('Cyrl', 'Deva', 'Latn')
    """
    counts = {"Latn": 0, "Cyrl": 0, "Deva": 0, "Other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250:
            counts["Latn"] += 1
        elif 0x400 <= o < 0x530:
            counts["Cyrl"] += 1
        elif 0x900 <= o < 0x980:
            counts["Deva"] += 1
        else:
            counts["Other"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def identify(text: str | None) -> Guess:
    """The language of `text` with lingua's confidence for it.

    >>> identify("India and Russia signed a contract for the rifles on Friday.").code
    'en'
    >>> identify("Россия и Индия подписали соглашение о поставках нефти.").code
    'ru'
    >>> identify("भारत और रूस ने रक्षा समझौते पर हस्ताक्षर किए।").code
    'hi'
    """
    sample = (text or "")[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    script = script_of(sample)
    if letters < MIN_CHARS:
        return Guess(None, 0.0, script)
    if script == "Latn":
        words = _WORD.findall(sample)
        for code, vocabulary in (("hi", _HINGLISH), ("ru", _TRANSLIT_RU)):
            share = sum(w in vocabulary for w in words) / len(words) if len(words) >= 4 else 0.0
            if share >= 0.2:
                return Guess(code, round(share, 3), "Latn")
    values = _detector(letters >= LONG_TEXT_LETTERS).compute_language_confidence_values(sample)
    if not values:
        return Guess(None, 0.0, script)
    top = values[0]
    return Guess(top.language.iso_code_639_1.name.lower(), round(float(top.value), 3), script)
