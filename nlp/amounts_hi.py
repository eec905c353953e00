"""Read money amounts and counted quantities in Hindi news text; same :class:`~nlp.amounts.Amount` as English.

    >>> a = parse_amount("व्यापार ३० अरब डॉलर तक पहुंचा")
    >>> (a.text, a.value, a.currency, a.scale)
    ('३० अरब डॉलर', 30000000000.0, 'USD', 'billion')
    >>> a = parse_amount("करीब 6.1 लाख एके-203 राइफलें")
    >>> (a.text, a.value, a.unit, a.approx)
    ('6.1 लाख', 610000.0, 'rifles', True)
    >>> [a.text for a in find_amounts("5,000 करोड़ रुपये का सौदा 2025 तक")]
    ['5,000 करोड़ रुपये']

Choices (the English reader's, unless said):
* Devanagari (०-९) and ASCII digits; "." is the decimal mark, commas group in the Indian or the western way.
* Scales: हज़ार/हजार 1e3, लाख 1e5, करोड़/करोड 1e7, अरब 1e9, खरब 1e11, मिलियन, बिलियन, ट्रिलियन, and the
  compounds "लाख करोड़" 1e12 and "हज़ार करोड़" 1e10.  ``scale`` holds the English name ("lakh", "crore",
  "billion" for अरब and बिलियन, "kharab" for खरब, "lakh crore").  Spelling with and without the nukta is read.
* Currencies: डॉलर/डालर (+ अमेरिकी), रुपये/रुपए/रुपया/रुपयों, रु./रू., यूरो, रूबल, युआन, पाउंड; $, US$, ₹,
  Rs, €, ₽ before the number.
* Ranges: "5-6 अरब डॉलर", "5 से 6 अरब डॉलर" (not when the first half has its own scale: "10 अरब डॉलर से
  बढ़कर" is a change).  In a pair "दो और तीन अरब डॉलर" or "21 और 16 प्रतिशत" the first number takes the
  second's scale and currency, or its percent (its span stays "दो").  Approximation before the number: लगभग, करीब/क़रीब, तकरीबन, कम से कम, अनुमानित, "~";
  after the amount: से अधिक, से ज़्यादा/ज्यादा, से ऊपर, से कम, के करीब, के आसपास.  "तक" is not read as
  "up to": "30 अरब डॉलर तक पहुंचाने का लक्ष्य" is a target.
* Quantities: ``unit`` is the counted noun, in English where the deal logic counts it ("राइफलें" -> "rifles",
  "बैरल प्रतिदिन" -> "barrels per day"), otherwise as written.  Number words (एक, दो, ... सौ, डेढ़, ढाई)
  count only before a scale word or one of those nouns.
* Not amounts: years 1900-2100 without currency, scale, percent or counted noun ("2025 तक"), a day next to a
  month, Hindi or English ("14 नवंबर 2021", "नवंबर 14", "8 और 9 जुलाई", "Aug 7"), numeric dates
  ("14/11/2021"), digits after a hyphen ("एस-400", "एस- 300", "एके-203"), numbers after a designator
  ("अनुच्छेद 370", "परियोजना 11356"), phone numbers and bare integers of ten or more digits.
"""

from __future__ import annotations

import re
from decimal import Decimal

from nlp.amounts import Amount
from nlp.amounts_common import EN_MONTHS, Spec, scan

__all__ = ["Amount", "find_amounts", "parse_amount"]

# A Devanagari letter or sign (not the danda "।" or "॥"; digits are folded to ASCII before matching).
_DEV = r"\u0900-\u0963\u0966-\u097f"
_W = rf"[\w{_DEV}]"
_NOT_W = rf"(?!{_W})"


def _nukta(word: str) -> str:
    """A pattern for ``word`` that accepts a nukta letter precomposed, decomposed or left out:
    ``_nukta("हज़ार")`` matches हज़ार (U+095B), हज़ार (ज + U+093C) and हजार."""
    pairs = {"\u095b": "\u091c", "\u095c": "\u0921", "\u0958": "\u0915", "\u095e": "\u092b", "\u095d": "\u0922",
             "\u095a": "\u0917", "\u0959": "\u0916"}
    base_of = {b: p for p, b in pairs.items()}
    out = []
    for i, ch in enumerate(word):
        if ch in pairs:
            out.append(f"(?:{ch}|{pairs[ch]}\u093c?)")
        elif ch in base_of and word[i + 1 : i + 2] == "\u093c":
            out.append(f"(?:{base_of[ch]}|{ch}\u093c?)")
        elif ch == "\u093c":
            continue
        else:
            out.append(re.escape(ch))
    return "".join(out)


_DIGITS = r"""
(?:
    [0-9]{1,3}(?:,[0-9]{3}){1,8}(?![0-9])
  | [0-9]{1,2}(?:,[0-9]{2}){1,8},[0-9]{3}(?![0-9])
  | [0-9]{1,24}(?![0-9])
)
(?:\.[0-9]{1,12}(?![0-9]))?
"""

_WORDS = {
    "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पांच": 5, "पाँच": 5, "छह": 6, "छः": 6, "सात": 7, "आठ": 8,
    "नौ": 9, "दस": 10, "बीस": 20, "तीस": 30, "चालीस": 40, "पचास": 50, "सौ": 100,
    "डेढ़": Decimal("1.5"), "ढाई": Decimal("2.5"),
}
_ONE_WORD = "(?:" + "|".join(_nukta(w) for w in sorted(_WORDS, key=len, reverse=True)) + ")"
_WORD = rf"(?:{_ONE_WORD}\s{{1,3}}सौ(?!{_W})|{_ONE_WORD})"  # "सात सौ" is 700

_PREFIX = r"(?:US\s?\$|\$|USD|Rs\.?|INR|₹|€|EUR|₽|RUB|रु\.|रू\.)"

_MASTER_RE = re.compile(
    rf"""
      (?<![A-Za-z0-9$])(?P<pre>{_PREFIX})\s{{0,3}}(?P<pnum>{_DIGITS})
    | (?<![\w{_DEV}$€£₹₽¥.,:/+\-‐‑–—'‘’′])(?P<num>{_DIGITS})
    | (?<!{_W})(?<![\-‐‑])(?P<word>{_WORD}){_NOT_W}
    """,
    re.X,
)

_CRORE = _nukta("करोड़") + "(?:ों)?"
_THOUSAND = _nukta("हज़ार")
_SCALE_RE = re.compile(
    rf"""
    (?:\s{{0,3}}|-)
    (?P<scale>लाख\s{{1,3}}{_CRORE}|{_THOUSAND}\s{{1,3}}{_CRORE}|{_CRORE}|लाख|{_THOUSAND}|अरब|खरब
             |मिलियन|बिलियन|ट्रिलियन|(?i:million|billion|trillion|crore|lakh))
    (?P<dot>)(?!{_W})
    """,
    re.X,
)


def _scale_of(raw: str) -> tuple[str, int]:
    w = raw.lower().replace("\u093c", "")
    if "लाख" in w and "कर" in w:
        return "lakh crore", 10**12
    if "कर" in w and w[:1] in "ह\u095b":
        return "thousand crore", 10**10
    for stem, name, f in (("कर", "crore", 10**7), ("लाख", "lakh", 10**5), ("ह", "thousand", 10**3),
                          ("अरब", "billion", 10**9), ("खरब", "kharab", 10**11), ("मिल", "million", 10**6),
                          ("बिल", "billion", 10**9), ("ट्रि", "trillion", 10**12), ("million", "million", 10**6),
                          ("billion", "billion", 10**9), ("trillion", "trillion", 10**12),
                          ("crore", "crore", 10**7), ("lakh", "lakh", 10**5)):
        if w.startswith(stem):
            return name, f
    raise KeyError(raw)


_PERCENT_RE = re.compile(
    rf"""
      \s{{1,3}}(?P<pp>(?:प्रतिशत|{_nukta("फ़ीसदी")})\s{{1,3}}अंक(?:ों)?){_NOT_W}
    | \s{{1,3}}(?P<bp>आधार\s{{1,3}}अंक(?:ों)?){_NOT_W}
    | \s{{0,2}}%
    | \s{{1,3}}(?:प्रतिशत|{_nukta("फ़ीसदी")}|{_nukta("फ़ीसद")}|परसेंट|पर्सेंट|(?i:per\s?cent|percent)){_NOT_W}
    """,
    re.X,
)

_RANGE_RE = re.compile(
    rf"""
    (?P<sep>\s{{0,2}}[-–—‐‑]\s{{0,2}} | \s{{1,3}}से\s{{1,3}})
    (?:(?P<pre>{_PREFIX})\s{{0,3}})?
    (?:(?P<num>{_DIGITS}) | (?P<word>{_WORD}){_NOT_W})
    """,
    re.X,
)


def _range_ok(text: str, start: int, sep: str, scaled: bool) -> bool:
    return not (sep == "से" and scaled)  # "10 अरब डॉलर से बढ़कर 65 अरब डॉलर" is a change


_SUFFIX_RE = re.compile(
    rf"""
      (?:\s{{1,3}}|-)(?:अमेरिकी\s{{1,3}}|अमरीकी\s{{1,3}}|भारतीय\s{{1,3}}|रूसी\s{{1,3}})?
      (?P<cur>डॉलर(?:ों)?|डालर(?:ों)?|रुप(?:ये|ए|या|यों|यो)|रु\.?|रू\.?|यूरो|युरो|रूबल(?:ों)?|युआन|पाउंड|(?i:dollars?|rupees?))
      {_NOT_W}
    | \s{{0,3}}(?P<code>USD|INR|RUB|EUR|CNY|GBP)(?![A-Za-z])
    | \s{{0,2}}(?P<sym>₽)
    """,
    re.X,
)


def _currency(word: str) -> str:
    w = word.lower().replace(" ", "")
    if "$" in w or w.startswith(("डॉ", "डा", "dollar", "usd")):
        return "USD"
    if w.startswith(("रु", "रू.", "rs", "rupee", "inr", "₹")) and not w.startswith("रूब"):
        return "INR"
    if w.startswith(("रूब", "rub", "₽")):
        return "RUB"
    if w.startswith(("यूरो", "युरो", "eur", "€")):
        return "EUR"
    if w.startswith(("पा", "gbp")):
        return "GBP"
    return "CNY"


_APPROX_BEFORE_RE = re.compile(
    rf"""(?:
        (?<!{_W})(?:लगभग|{_nukta("क़रीब")}|{_nukta("तक़रीबन")}|कम\s{{1,3}}से\s{{1,3}}कम|अनुमानित|(?i:about|around|over))\s{{1,3}}
      | [~≈∼]\s{{0,2}}
    )\Z""",
    re.X,
)
_APPROX_AFTER_RE = re.compile(
    rf"""\s{{1,3}}(?:
        से\s{{1,3}}(?:अधिक|{_nukta("ज़्यादा")}|ऊपर|कम|ज्यादा)
      | के\s{{1,3}}(?:{_nukta("क़रीब")}|आसपास|लगभग)
    ){_NOT_W}""",
    re.X,
)

_MONTHS = "(?:" + "|".join(_nukta(m) for m in (
    "जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "अप्रेल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "सितम्बर",
    "अक्टूबर", "अक्तूबर", "नवंबर", "नवम्बर", "दिसंबर", "दिसम्बर",
)) + "|" + EN_MONTHS + ")"
# "14 नवंबर", and "8 और 9 जुलाई"
_DATE_AFTER_RE = re.compile(rf"(?:\s{{1,3}}(?:और|व|से|तथा)\s{{1,3}}[0-9]{{1,2}})?\s{{0,3}}{_MONTHS}{_NOT_W}")
_DATE_BEFORE_RE = re.compile(rf"(?<!{_W}){_MONTHS},?\s{{1,3}}\Z")
_DESIGNATOR_RE = re.compile(
    rf"""(?<!{_W})(?:
        अनुच्छेद|धारा|परियोजना|प्रोजेक्ट|नंबर|संख्या|क्रमांक|नं\.|सं\.|खंड|अध्याय|प्रस्ताव|(?i:project|article|no\.)
    )\s{{0,2}}\Z|\#\s{{0,2}}\Z
    | [^\W\d_{_DEV}][-‐‑]\s\Z | [{_DEV}][-‐‑]\s\Z  # "एस- 300": a system name broken by a space""",
    re.X,
)
_GLUED_RE = re.compile(rf"[^\W\d_]|[{_DEV}]|[-‐‑](?:[^\W\d_]|[{_DEV}])")

_UNIT_STEMS = [
    ("राइफल", "rifles"), ("स्क्वाड्रन", "squadrons"), ("रेजिमेंट", "regiments"), ("विमान", "aircraft"),
    (_nukta("लड़ाकू"), "fighters"), ("हेलीकॉप्टर", "helicopters"), ("हेलिकॉप्टर", "helicopters"), ("टैंक", "tanks"),
    ("पनडुब्ब", "submarines"), ("युद्धपोत", "warships"), ("फ्रिगेट", "frigates"), (_nukta("जहाज़"), "ships"),
    ("मिसाइल", "missiles"), ("प्रणाल", "systems"), ("सिस्टम", "systems"), ("रिएक्टर", "reactors"),
    ("इंजन", "engines"), ("लॉन्चर", "launchers"), ("बैटरी", "batteries"), ("बैरल", "barrels"),
    ("टन", "tonnes"), ("यूनिट", "units"), ("इकाइ", "units"), ("इकाई", "units"),
]
_UNIT_RES = [(re.compile(p + rf"{_W}{{0,4}}"), name) for p, name in _UNIT_STEMS]
_KNOWN = frozenset(name for _, name in _UNIT_STEMS)
_NOUN_RE = re.compile(
    rf"(?:\s{{1,3}}(?:{_W}{{1,15}}[-‐‑–][0-9A-Za-z{_DEV}]{{1,10}}|[A-Z][A-Za-z0-9]{{1,15}}))?"  # a model name: "एके-203", "AK203"
    rf"\s{{1,3}}(?P<noun>[{_DEV}]{{1,30}})(?![{_DEV}])"
    rf"(?P<per>\s{{1,3}}(?P<per_what>प्रतिदिन|प्रति\s{{1,3}}दिन|{_nukta('रोज़ाना')}|प्रति\s{{1,3}}वर्ष|प्रति\s{{1,3}}साल|सालाना)(?![{_DEV}]))?"
)
_NOT_UNITS = frozenset(
    """
    के की का में से को और तक पर ने है हैं था थे थी ही भी या व एवं लिए वर्ष साल सन ईस्वी करोड़ लाख अरब
    """.split()
)
_RATE_RE = re.compile(
    rf"\s{{1,3}}(?:प्रति\s{{1,3}}(?P<what>बैरल|टन|वर्ष|साल|दिन|यूनिट)|(?P<yearly>सालाना|प्रतिवर्ष|वार्षिक)|(?P<daily>प्रतिदिन))(?![{_DEV}])"
)
_RATE_NAMES = {"बैरल": "barrel", "टन": "tonne", "वर्ष": "year", "साल": "year", "दिन": "day", "यूनिट": "unit"}


def _english_unit(noun: str) -> str | None:
    return next((n for rx, n in _UNIT_RES if rx.fullmatch(noun)), None)


def _unit(text: str, pos: int) -> str | None:
    """The counted noun after a quantity: "राइफलें" -> "rifles", "लोग" -> "लोग", "के" -> None."""
    m = _NOUN_RE.match(text, pos)
    if m is None:
        return None
    noun = m.group("noun")
    if noun in _NOT_UNITS or noun.replace("\u093c", "") in _NOT_UNITS:
        return None
    name = _english_unit(noun)
    probe = m
    for _ in range(2):  # "36 राफेल विमान", "6 लाख असॉल्ट राइफलें": a name or an adjective before the noun
        if name is not None or probe.group("per"):
            break
        probe = _NOUN_RE.match(text, probe.end("noun"))
        if probe is None:
            break
        name = _english_unit(probe.group("noun"))
        if name is not None:
            m = probe
    name = name or noun
    if m.group("per"):
        what = m.group("per_what")
        name = f"{name} per {'year' if ('वर्ष' in what or 'साल' in what) else 'day'}"
    return name


def _rate(text: str, pos: int) -> str | None:
    """"$60 प्रति बैरल" -> "per barrel", "30 अरब डॉलर सालाना" -> "per year"."""
    m = _RATE_RE.match(text, pos)
    if m is None:
        return None
    if m.group("yearly"):
        return "per year"
    if m.group("daily"):
        return "per day"
    return f"per {_RATE_NAMES[m.group('what')]}"


def _known_unit(unit: str | None) -> bool:
    return unit is not None and unit.split(" per ")[0] in _KNOWN


def _number_value(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _word_value(s: str) -> Decimal:
    parts = s.split()
    if len(parts) == 2 and parts[1] == "सौ":
        return _word_value(parts[0]) * 100
    plain = s.replace("\u093c", "").replace("\u095d", "\u0922")
    for k, v in _WORDS.items():
        if k.replace("\u093c", "").replace("\u095d", "\u0922") == plain:
            return Decimal(v)
    raise KeyError(s)


_SPEC = Spec(
    master=_MASTER_RE,
    number_value=_number_value,
    word_value=_word_value,
    prefix_currency=_currency,
    scale=_SCALE_RE,
    scale_of=_scale_of,
    percent=_PERCENT_RE,
    range_sep=_RANGE_RE,
    range_ok=_range_ok,
    suffix=_SUFFIX_RE,
    suffix_currency=_currency,
    approx_before=_APPROX_BEFORE_RE,
    approx_after=_APPROX_AFTER_RE,
    date_after=_DATE_AFTER_RE,
    date_before=_DATE_BEFORE_RE,
    designator_before=_DESIGNATOR_RE,
    glued_after=_GLUED_RE,
    unit=_unit,
    rate=_rate,
    known_unit=_known_unit,
    shares=((None, re.compile(r"\s{1,3}(?:और|या|व|तथा)\s{1,3}")),),
)


def find_amounts(text: str) -> list[Amount]:
    """All amounts in Hindi ``text``, left to right, non-overlapping.

    >>> [(a.text, a.value, a.currency) for a in find_amounts("$5.43 अरब और 1.5 लाख करोड़ रुपये")]
    [('$5.43 अरब', 5430000000.0, 'USD'), ('1.5 लाख करोड़ रुपये', 1500000000000.0, 'INR')]
    >>> find_amounts("एस-400 की आपूर्ति 14 नवंबर 2021 को शुरू हुई")
    []
    """
    return scan(_SPEC, text)


def parse_amount(text: str) -> Amount | None:
    """The first amount in ``text``, or None."""
    amounts = find_amounts(text)
    return amounts[0] if amounts else None
