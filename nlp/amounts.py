"""Read money amounts and counted quantities the way Indian and Russian English-language press writes them.

Pure functions, standard library only::

    >>> parse_amount("a Rs 5,000 crore deal").value
    50000000000.0
    >>> a = parse_amount("trade of about $64-65 billion")
    >>> (a.text, a.value, a.value_high, a.currency, a.scale, a.approx)
    ('$64-65 billion', 64000000000.0, 65000000000.0, 'USD', 'billion', True)
    >>> a = parse_amount("over 6 lakh AK-203 rifles")
    >>> (a.value, a.scale, a.unit, a.approx)
    (600000.0, 'lakh', 'rifles', True)
    >>> [x.text for x in find_amounts("trade of $65.7 billion against a target of $30 billion by 2025")]
    ['$65.7 billion', '$30 billion']

What an :class:`Amount` covers
------------------------------
``text``/``start``/``end`` span the *value expression*: currency prefix, number, scale word, a range's
second half and a currency suffix or percent marker ("$64 to $65 billion", "65.7 billion dollars",
"35 per cent").  Approximation words ("about", "over", ...) and the counted noun are reported in
``approx`` and ``unit`` but are not part of the span, and neither is a leading "between".

Design choices (see also the per-rule comments below)
------------------------------------------------------
* Indian scales: lakh = 1e5, crore = 1e7, "lakh crore" = 1e12 and "thousand crore" = 1e10; for the two
  compound scales ``scale`` is the compound ("lakh crore"), so the scale word is never lost.
* Ranges: "64-65", "64–65", "64 to 65" (only when the low end has no scale word of its own and no "from"
  precedes, since "from $10 billion to $65 billion" is a change, not a range) and "between X and Y".
  A missing scale is shared: "$64-65 billion" is 64e9..65e9.  ``scale`` is the low end's (else the shared) one.
* ``unit`` for quantities is the lower-case noun directly after the number, skipping at most one model
  name or capitalised word ("6 lakh AK-203 rifles" -> "rifles", "36 Rafale jets" -> "jets"), extended by
  "per day"/"a year"... ("barrels per day"); "bpd" reads as "barrels per day"; a hyphenated adjective
  gives its noun ("10-year" -> "year"); a few glued abbreviations are read ("100km" -> "km").  For money ``unit`` is only
  a rate ("$60 a barrel" -> "per barrel"), otherwise None.  Percentages carry ``unit="percent"``
  ("percentage points" and "basis points" are kept as such).
* "crore"/"lakh" without a rupee marker stay plain quantities (currency None): the press usually means
  rupees, but that is for the caller to decide.
* Not amounts: four-digit years 1900-2100 without currency, scale or percent ("by 2025", "in 1971"; a
  count like "2000 rifles" is therefore missed, "2,000 rifles" is read); a day next to a month name
  ("4 December", "Dec. 4"); clock times ("12 noon", "10 pm", "10:30"); digits glued to letters or after a
  hyphen in designators ("S-400", "Su-30MKI", "MiG-29", "G20", "4G", "21st"); numbers after a designator
  word ("Project 11356", "Article 370", "No. 5"); "HK$"-style foreign dollars; the word "one" alone (it is
  far more often a pronoun than a count), and word numbers with nothing counted after them.
* Single-letter scales ("$500m", "$30B", "₹5k") and "tn" need a currency prefix and must be glued to the
  number; "m" after a bare number is more often metres.
* Linear time: every variable-length piece of every pattern is bounded, numbers glued to digits, letters
  or a hyphen are rejected inside the scanning pattern itself, and each match is extended to the right
  with anchored, bounded patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Amount", "find_amounts", "parse_amount"]


@dataclass(frozen=True)
class Amount:
    """One amount found in a text; see the module docstring for what the span covers."""

    text: str
    start: int
    end: int
    value: float
    value_high: float | None
    currency: str | None
    scale: str | None
    unit: str | None
    approx: bool

    @property
    def is_money(self) -> bool:
        """True when a currency was recognised ("$30 billion"), False for counts and percentages."""
        return self.currency is not None


# --------------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------------

# A number written with digits: western (1,000,000) or Indian (6,01,427) grouping, or plain digits,
# with an optional decimal part.  ASCII digits only; every repetition is bounded.
_DIGITS = r"""
(?:
    [0-9]{1,3}(?:,[0-9]{3}){1,8}(?![0-9])
  | [0-9]{1,2}(?:,[0-9]{2}){1,8},[0-9]{3}(?![0-9])
  | [0-9]{1,24}(?![0-9])
)
(?:\.[0-9]{1,12}(?![0-9]))?
"""

_UNIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEEN_WORDS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TEN_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORDS = frozenset(_UNIT_WORDS) | frozenset(_TEEN_WORDS) | frozenset(_TEN_WORDS)
_U = "|".join(_UNIT_WORDS)
_T = "|".join(_TEEN_WORDS)
_X = "|".join(_TEN_WORDS)

# A number written in words: "five", "twenty-five", "a dozen", "two dozen", "half a dozen", "two hundred".
_WORDNUM = rf"""
(?i:
    (?:(?:{_U}|{_T}|a|half\s{{1,3}}a)\s{{1,3}})?dozen
  | (?:{_U}|a)\s{{1,3}}hundred
  | (?:{_X})(?:[-\s](?:{_U})(?![\w]))?
  | {_T}
  | {_U}
)
"""

# Currency written before the number.  "US$" must come before "$" so the longer form wins.
_PREFIX = r"""
(?:US\s?\$|U\.S\.\s?\$|\$|USD|Rs\.?|RS\.?|Rupees|INR|₹|Re\.?|RUB|RUR|₽|€|EUR|£|GBP|CNY|RMB|Rmb|CN¥)
"""


def _prefix_currency(prefix: str) -> str:
    """Map a currency prefix to its ISO code: ``"Rs."`` -> ``"INR"``, ``"US$"`` -> ``"USD"``."""
    p = prefix.upper()
    if "$" in p or p == "USD":
        return "USD"
    if p.startswith(("RS", "RE", "RUPEES", "INR", "₹")):
        return "INR"
    if p in ("RUB", "RUR", "₽"):
        return "RUB"
    if p in ("€", "EUR"):
        return "EUR"
    if p in ("£", "GBP"):
        return "GBP"
    return "CNY"  # CNY, RMB, CN¥


# The scanning pattern.  Three ways a candidate starts:
#   pre/pnum  a currency prefix (not glued to a word before it) and digits: "$30", "Rs5,000", "US$ 5.43"
#   num       bare digits not glued to a word, a number, a currency sign or a hyphen ("S-400" is out)
#   word      a number word not glued to a word or hyphen
_MASTER_RE = re.compile(
    rf"""
      (?<![A-Za-z0-9$])(?P<pre>{_PREFIX})\s{{0,3}}(?P<pnum>{_DIGITS})
    | (?<![\w$€£₹₽¥.,:/+\-‐‑–])(?P<num>{_DIGITS})
    | (?<![\w\-‐‑–])(?P<word>{_WORDNUM})(?!\w)
    """,
    re.X,
)

# Scale word right after a number: "billion", " bn", "bn", "-crore", " lakh crore", "m" (glued only).
_SCALE_RE = re.compile(
    r"""
    (?P<sep>-|\s{0,3})
    (?P<scale>(?i:
        lakhs?[\s-]{1,2}crores? | lacs?[\s-]{1,2}crores? | thousand[\s-]{1,2}crores?
      | trillion | billion | million | thousand | crores? | lakhs? | lacs?
      | trn | tn | bln | bn | mln | mn | cr | k | m | b
    ))(?![A-Za-z0-9])
    """,
    re.X,
)

_SCALE_NAMES = {
    "k": "thousand", "thousand": "thousand",
    "m": "million", "mn": "million", "mln": "million", "million": "million",
    "b": "billion", "bn": "billion", "bln": "billion", "billion": "billion",
    "tn": "trillion", "trn": "trillion", "trillion": "trillion",
    "lakh": "lakh", "lakhs": "lakh", "lac": "lakh", "lacs": "lakh",
    "cr": "crore", "crore": "crore", "crores": "crore",
}
_SCALE_FACTORS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "crore": 10**7, "lakh crore": 10**12, "thousand crore": 10**10,
}
# Scale spellings that are only trusted glued to a number carrying a currency prefix ("$500m").
_MONEY_ONLY_SCALES = {"k", "m", "b", "tn", "trn"}

# Percent marker: "35%", "35 per cent", "35 percent", "5pc", "2 percentage points", "25 basis points".
_PERCENT_RE = re.compile(
    r"""
      \s{0,2}(?P<sign>%)
    | (?:\s{1,3}|(?=p))(?P<word>(?i:per[\s-]?cent|percent|pct|pc))(?![A-Za-z])
    | \s{1,3}(?P<pp>(?i:percentage\s{1,3}points?))(?![A-Za-z])
    | \s{1,3}(?P<bp>(?i:basis\s{1,3}points?|bps))(?![A-Za-z])
    """,
    re.X,
)

# Second half of a range, right after the first number (and its scale/percent).
_RANGE_RE = re.compile(
    rf"""
    (?P<sep>\s{{0,2}}[-–‐‑]\s{{0,2}} | — | \s{{1,3}}to\s{{1,3}} | \s{{1,3}}and\s{{1,3}})
    (?:(?P<pre>{_PREFIX})\s{{0,3}})?
    (?:(?P<num>{_DIGITS}) | (?P<word>{_WORDNUM})(?!\w))
    """,
    re.X,
)

# Currency written after the number (and scale): "billion dollars", "bn US dollars", "300bn RUB", "5 ₽".
_SUFFIX_RE = re.compile(
    r"""
      (?:\s{1,3}|-)(?P<word>(?i:
          (?:US|U\.S\.|American)\s{1,2}dollars? | dollars?
        | (?:Indian\s{1,2})?rupees?
        | (?:Russian\s{1,2})?(?:roubles?|rubles?)
        | euros?
        | (?:Chinese\s{1,2})?yuan | renminbi
        | (?:British\s{1,2})?pounds?\s{1,2}sterling | British\s{1,2}pounds? | sterling
      ))(?![A-Za-z])
    | \s{0,3}(?P<code>USD|INR|RUB|EUR|CNY|RMB|GBP)(?![A-Za-z])
    | \s{0,2}(?P<sym>₽)
    """,
    re.X,
)


def _suffix_currency(word: str) -> str:
    """Map a currency suffix to its ISO code: ``"US dollars"`` -> ``"USD"``, ``"roubles"`` -> ``"RUB"``."""
    w = word.lower()
    if "dollar" in w or w == "usd":
        return "USD"
    if "rupee" in w or w == "inr":
        return "INR"
    if "ruble" in w or "rouble" in w or w in ("rub", "₽"):
        return "RUB"
    if "euro" in w or w == "eur":
        return "EUR"
    if "pound" in w or "sterling" in w or w == "gbp":
        return "GBP"
    return "CNY"  # yuan, renminbi, CNY, RMB


# Digits that run on into another number, a time, a fraction or a version: "2,5", "10:30", "24/7", "1.2.3".
_RUN_ON_RE = re.compile(r"[,.:/+][0-9]")

# Right after a bare number: pieces that make it a date or a clock time rather than a quantity.
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
_MONTH_AFTER_RE = re.compile(rf"\s{{0,3}}(?:of\s{{1,3}})?{_MONTHS}(?![a-z])")
_MONTH_BEFORE_RE = re.compile(rf"(?<![A-Za-z]){_MONTHS}\.?,?\s{{1,3}}\Z")
_TIME_AFTER_RE = re.compile(
    r"\s{0,3}(?:(?i:noon|midnight|o'clock|[ap]\.m\.|[ap]m)|IST|GMT|UTC|MSK)(?![A-Za-z])"
)
_HOURS_AFTER_RE = re.compile(r"\s{0,3}(?i:hrs|hours)(?![A-Za-z])")

# Words that name a thing rather than count it: "Project 11356", "Article 370", "No. 5".
_DESIGNATOR_BEFORE_RE = re.compile(
    r"""(?<![A-Za-z])(?:
        Project|Article|Section|Resolution|Flight|Type|Class|Model|Mark|Mk\.?|Block|Batch|Phase|Unit|Units
      | Reactor|Chapter|Rule|Page|Schedule|Para|Paragraph|Clause|Order|Annex|Annexure|Vol\.?|Volume|Part
      | Series|Route|Gate|Sector|Terminal|Platform|Item|Room|Hall|Lot|Version|Edition|Pier|Berth|Dock
      | No\.|Nos\.|no\.|\#
    )\s{0,2}\Z""",
    re.X,
)

# Left context of an amount (searched in a short window ending where the amount starts).
_APPROX_RE = re.compile(
    r"""(?:
        (?<![A-Za-z])(?i:
            about|around|nearly|almost|roughly|approximately|approx\.?|some|over|more\s{1,3}than
          | less\s{1,3}than|fewer\s{1,3}than|under|close\s{1,3}to|upwards\s{1,3}of|in\s{1,3}excess\s{1,3}of
          | at\s{1,3}least|up\s{1,3}to|an\s{1,3}estimated|estimated|circa
        )\s{1,3}
      | [~≈∼]\s{0,2}
    )\Z""",
    re.X,
)
_BETWEEN_RE = re.compile(r"(?<![A-Za-z])(?i:between)\s{1,3}\Z")
_FROM_RE = re.compile(r"(?<![A-Za-z])(?i:from)\s{1,3}\Z")
_LEFT_WINDOW = 30

# Counted noun after a quantity.
_NOUN = r"(?:[a-z]{1,30}(?:-[a-z]{1,30})?|MW|GW|kW|kWh|MWh|GWh|TEUs?|MMT|MT|MMBtu|bcm)(?![A-Za-z0-9])"
_PER = r"(?P<per>\s{1,3}(?:per|a|an|every)\s{1,3}(?P<per_what>day|annum|year|month|week|hour|shift)(?![A-Za-z]))?"
_NOUN_RE = re.compile(rf"\s{{1,3}}(?P<noun>{_NOUN}){_PER}")
_MODEL_NOUN_RE = re.compile(
    rf"\s{{1,3}}[A-Z][A-Za-z0-9]{{0,20}}(?:[-‐][A-Za-z0-9]{{1,20}}){{0,3}}\s{{1,3}}(?P<noun>{_NOUN}){_PER}"
)
_HYPHEN_NOUN_RE = re.compile(r"[-‐](?P<noun>[a-z]{2,30})(?![A-Za-z0-9])")
_GLUED_UNIT_RE = re.compile(r"(?P<noun>km|kg|kgs|MW|GW|kW|kWh|MWh|GWh|bcm|bpd|mtpa|tpa)(?![A-Za-z0-9])")

# Rate after a price: "$60 per barrel", "$60 a barrel", "$60/bbl", "$30 billion a year".
_RATE_RE = re.compile(
    r"""
      \s{1,3}per\s{1,3}(?P<per>[A-Za-z]{1,30})(?![A-Za-z])
    | \s{0,2}/\s{0,2}(?P<slash>[A-Za-z]{1,30})(?![A-Za-z])
    | \s{1,3}an?\s{1,3}(?P<a>(?i:barrel|tonne|ton|unit|year|month|week|day|share|kg|kilogram|litre|liter
                           |gallon|ounce|mmbtu|head|piece|dose|kwh))(?![A-Za-z])
    """,
    re.X,
)
_RATE_NAMES = {"bbl": "barrel", "t": "tonne", "mt": "tonne", "yr": "year", "annum": "annum"}

_NOT_UNITS = frozenset(
    """
    a an the and or nor but of to in on at by for from with into onto over under as is was were are be been
    being will would could should shall may might must can has have had do does did per than that which who
    whom whose this these those it its their his her our your my more less most least while when where
    whereas but not no also so if after before during since between against about via each other such than
    then up down out off till until upon within without across along among around amid toward towards
    including compared worth valued respectively alone only just even still already again
    """.split()
)


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------

def _digits_value(s: str) -> Decimal:
    """``"6,01,427"`` -> ``Decimal("601427")``; ``"5.43"`` -> ``Decimal("5.43")``."""
    return Decimal(s.replace(",", ""))


def _word_value(s: str) -> Decimal:
    """``"twenty-five"`` -> 25, ``"half a dozen"`` -> 6, ``"two dozen"`` -> 24, ``"a hundred"`` -> 100."""
    words = re.split(r"[\s-]+", s.lower().strip())
    if words[-1] in ("dozen", "hundred"):
        mult = 12 if words[-1] == "dozen" else 100
        head = words[:-1]
        if head == ["half", "a"]:
            return Decimal(mult) / 2
        if not head or head == ["a"]:
            return Decimal(mult)
        return Decimal(_UNIT_WORDS.get(head[0]) or _TEEN_WORDS[head[0]]) * mult
    total = 0
    for w in words:
        total += _UNIT_WORDS.get(w) or _TEEN_WORDS.get(w) or _TEN_WORDS.get(w, 0)
    return Decimal(total)


def _scale_name(raw: str) -> str:
    """``"Bn"`` -> ``"billion"``, ``"lakh-crore"`` -> ``"lakh crore"``, ``"crores"`` -> ``"crore"``."""
    w = raw.lower()
    if "crore" in w and w[:1] in "lt":
        return "thousand crore" if w.startswith("thousand") else "lakh crore"
    return _SCALE_NAMES[w]


def _match_scale(text: str, pos: int, has_prefix: bool) -> re.Match[str] | None:
    """A scale word at ``pos`` that may follow this number, else None ("$500m" yes, "500 m" no)."""
    m = _SCALE_RE.match(text, pos)
    if m is None:
        return None
    if m.group("scale").lower() in _MONEY_ONLY_SCALES and (m.group("sep") or not has_prefix):
        return None
    return m


def _glued(text: str, pos: int) -> bool:
    """True when a letter or digit sits directly against the end of the expression at ``pos``."""
    return pos < len(text) and text[pos].isalnum() and pos > 0 and not text[pos - 1].isspace()


def _left(pattern: re.Pattern[str], text: str, start: int) -> bool:
    """Does ``pattern`` (anchored with ``\\Z``) match the text just before ``start``?"""
    return pattern.search(text, max(0, start - _LEFT_WINDOW), start) is not None


def _percent_unit(m: re.Match[str]) -> str:
    if m.group("pp"):
        return "percentage points"
    if m.group("bp"):
        return "basis points"
    return "percent"


def _quantity_unit(text: str, pos: int) -> str | None:
    """The counted noun after a quantity ending at ``pos``: "rifles", "barrels per day", or None."""
    m = _HYPHEN_NOUN_RE.match(text, pos)  # "10-year"
    if m is not None and m.group("noun") in _NUMBER_WORDS:
        return None  # "fifty-fifty"
    if m is None:
        m = _NOUN_RE.match(text, pos)
        if m is not None and m.group("noun").lower() in _NOT_UNITS:
            return None
        if m is None:
            m = _MODEL_NOUN_RE.match(text, pos)
            if m is not None and m.group("noun").lower() in _NOT_UNITS:
                m = None
    if m is None:
        return _money_unit(text, pos)
    noun = m.group("noun")
    if noun.lower() == "bpd":
        return "barrels per day"
    if not noun[:1].isupper():
        noun = noun.lower()
    if m.groupdict().get("per"):
        noun = f"{noun} per {m.group('per_what').lower()}"
    return noun


def _money_unit(text: str, pos: int) -> str | None:
    """A rate after a price ending at ``pos``: "per barrel" for "$60 a barrel" or "$60/bbl", else None."""
    m = _RATE_RE.match(text, pos)
    if m is None:
        return None
    what = (m.group("per") or m.group("slash") or m.group("a")).lower()
    if what in _NOT_UNITS:
        return None
    return f"per {_RATE_NAMES.get(what, what)}"


# --------------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------------

def _parse_at(text: str, m: re.Match[str]) -> Amount | None:
    """Build the amount that starts with scanner match ``m``, or None if it is not one."""
    start = m.start()
    pre = m.group("pre")
    word = m.group("word")
    digits = m.group("pnum") or m.group("num")
    currency = _prefix_currency(pre) if pre else None
    pos = m.end()

    # Digits run on into another number, a time, a fraction or a version ("2,5", "10:30", "24/7", "1.2.3").
    if digits is not None and _RUN_ON_RE.match(text, pos):
        return None
    low = _word_value(word) if word else _digits_value(digits)

    # Scale and percent of the first number.
    scale1 = scale2 = None
    sm = _match_scale(text, pos, bool(pre))
    if sm is not None:
        scale1 = _scale_name(sm.group("scale"))
        pos = sm.end()
    unit = None
    if currency is None and scale1 is None:
        pm = _PERCENT_RE.match(text, pos)
        if pm is not None:
            unit = _percent_unit(pm)
            pos = pm.end()

    # Range: "64-65", "$64 to $65", "between $64 billion and $65 billion".
    high = None
    rm = _RANGE_RE.match(text, pos)
    if rm is not None:
        sep = rm.group("sep").strip()
        ok = True
        if sep == "to":
            ok = scale1 is None and not _left(_FROM_RE, text, start)
        elif sep == "and":
            ok = _left(_BETWEEN_RE, text, start)
        cur2 = _prefix_currency(rm.group("pre")) if rm.group("pre") else None
        if cur2 is not None and currency is not None and cur2 != currency:
            ok = False
        if rm.group("word") and not word:
            ok = False  # "5 - two ..." is not a range
        if ok:
            rpos = rm.end()
            second = _word_value(rm.group("word")) if rm.group("word") else _digits_value(rm.group("num"))
            if rm.group("num") and _RUN_ON_RE.match(text, rpos):
                ok = False
            sm2 = _match_scale(text, rpos, bool(pre or rm.group("pre")))
            if sm2 is not None:
                scale2 = _scale_name(sm2.group("scale"))
                rpos = sm2.end()
            unit2 = None
            if currency is None and cur2 is None and scale2 is None:
                pm2 = _PERCENT_RE.match(text, rpos)
                if pm2 is not None:
                    unit2 = _percent_unit(pm2)
                    rpos = pm2.end()
            f1 = _SCALE_FACTORS.get(scale1 or scale2 or "", 1)
            f2 = _SCALE_FACTORS.get(scale2 or scale1 or "", 1)
            if ok and second * f2 > low * f1 and not _glued(text, rpos):
                high = second * f2
                low = low * f1
                currency = currency or cur2
                unit = unit or unit2
                pos = rpos
    scale = scale1 or scale2
    if high is None:
        low = low * _SCALE_FACTORS.get(scale or "", 1)

    # Currency after the number: "65.7 billion dollars", "RUB 300bn" is a prefix, "300bn RUB" a suffix.
    if unit is None:
        cm = _SUFFIX_RE.match(text, pos)
        if cm is not None:
            cur3 = _suffix_currency(cm.group("word") or cm.group("code") or cm.group("sym"))
            if currency is None or currency == cur3:
                currency = cur3
                pos = cm.end()

    end = pos
    plain = currency is None and scale is None and unit is None

    # Things that look like numbers but are not amounts.
    if plain and digits is not None:
        if len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100:
            return None  # a year: "by 2025", "2024-25"
        if "." not in digits and int(digits.replace(",", "")) <= 31 and (
            _MONTH_AFTER_RE.match(text, pos) or _left(_MONTH_BEFORE_RE, text, start)
        ):
            return None  # a date: "4 December", "Dec. 4"
        if _TIME_AFTER_RE.match(text, pos) or (len(digits) == 4 and _HOURS_AFTER_RE.match(text, pos)):
            return None  # a time: "12 noon", "10 pm", "1800 hrs"
        if _left(_DESIGNATOR_BEFORE_RE, text, start):
            return None  # a name: "Project 11356", "Article 370"

    # Unit: counted noun for quantities, a rate for prices.
    if unit is None:
        if _glued(text, pos):
            gm = None if currency else _GLUED_UNIT_RE.match(text, pos)
            if gm is None:
                return None  # glued to letters: "30MKI", "4G", "21st", "$5G"
            unit = "barrels per day" if gm.group("noun") == "bpd" else gm.group("noun")
        elif currency is not None:
            unit = _money_unit(text, pos)
        else:
            unit = _quantity_unit(text, pos)

    # Number words need something around them to count as amounts ("two frigates", "five lakh").
    if word and currency is None and scale is None:
        if unit is None or (low == 1 and high is None):
            return None

    return Amount(
        text=text[start:end],
        start=start,
        end=end,
        value=float(low),
        value_high=float(high) if high is not None else None,
        currency=currency,
        scale=scale,
        unit=unit,
        approx=_left(_APPROX_RE, text, start),
    )


def find_amounts(text: str) -> list[Amount]:
    """All amounts in ``text``, left to right, non-overlapping.

    >>> [(a.text, a.value, a.currency) for a in find_amounts("Rs 1.5 lakh crore and $30bn")]
    [('Rs 1.5 lakh crore', 1500000000000.0, 'INR'), ('$30bn', 30000000000.0, 'USD')]
    >>> find_amounts("S-400 squadrons arrived on 4 December 2025")
    []
    """
    if not isinstance(text, str) or not text:
        return []
    found: list[Amount] = []
    last_end = 0
    for m in _MASTER_RE.finditer(text):
        if m.start() < last_end:
            continue
        try:
            amount = _parse_at(text, m)
        except (ArithmeticError, ValueError, KeyError):  # defensive (Decimal errors are ArithmeticError)
            amount = None
        if amount is not None:
            found.append(amount)
            last_end = amount.end
    return found


def parse_amount(text: str) -> Amount | None:
    """The first amount in ``text``, or None.

    >>> parse_amount("6,01,427 rifles").value
    601427.0
    >>> parse_amount("in 2025") is None
    True
    """
    amounts = find_amounts(text)
    return amounts[0] if amounts else None

