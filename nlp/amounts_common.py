"""The scanner behind nlp/amounts_ru.py and nlp/amounts_hi.py: one algorithm, a table of patterns per language.

It returns :class:`nlp.amounts.Amount`, so a Russian or Hindi figure goes through the same event code, and
``amount_usd`` comes from ``nlp.fx.to_usd(amount.value, amount.currency, date)`` exactly as for English.
The English reader (nlp/amounts.py) is not built on this: its rules grew with its own tests and stay put.

Steps for one candidate (a currency sign and digits, bare digits, or a small number word)::

    number -> scale word -> percent marker -> second half of a range -> currency word -> checks -> unit

Digits are read from a copy of the text in which Devanagari digits are replaced one for one by ASCII
digits, so every offset is an offset into the caller's text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from nlp.amounts import Amount

__all__ = ["Spec", "scan", "fold_digits", "find_amounts_in", "EN_MONTHS", "PERCENT_UNITS", "SCALE_FACTORS"]

PERCENT_UNITS = frozenset({"percent", "percentage points", "basis points"})
SCALE_FACTORS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "lakh": 10**5, "crore": 10**7,
    "lakh crore": 10**12, "thousand crore": 10**10, "kharab": 10**11,
}

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")

# Phone numbers ("+7 (495) 123-45-67", "8 800 555-35-35", "+91 11 2301 2345", "123-45-67", "011-2301-2345")
# and numeric dates ("5-10-2018", "05.10.2018", "5/10/2018").  A candidate that starts
# inside one is not an amount.
_PHONE_RE = re.compile(
    r"""
      \+[0-9]{1,3}[\s()\-]{0,3}[0-9][0-9\s()\-]{5,18}[0-9]
    | (?<![0-9])(?:[0-9]{1,3}[ \u00a0]?)?(?:\([0-9]{3,5}\)|[0-9]{3,5})[ \u00a0\-]?[0-9]{2,3}-[0-9]{2}-[0-9]{2}(?![0-9])
    | (?<![0-9])[0-9]{2,5}(?:-[0-9]{2,4}){2,3}(?![0-9])
    | (?<![0-9])[0-9]{1,2}([-./])[0-9]{1,2}\1[0-9]{2,4}(?![0-9])
    """,
    re.X,
)
_LEFT_WINDOW = 40

# English month names, which Russian and Hindi pages use in bylines and datelines ("Aug 7, 2024").
EN_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)


def fold_digits(text: str) -> str:
    """``"३० अरब"`` -> ``"30 अरब"``; same length, so offsets carry over."""
    return text.translate(_DEVANAGARI_DIGITS)


@dataclass(frozen=True)
class Spec:
    """One language's patterns.  Every ``re.Pattern`` is used with ``.match(text, pos)`` unless it says
    ``\\Z`` (then it is searched in a short window that ends where the amount starts)."""

    master: re.Pattern[str]  # groups pre, pnum, num, word and optionally bare (a scale word alone)
    number_value: Callable[[str], Decimal]  # "6 100 000" -> 6100000, "5,43" -> 5.43
    word_value: Callable[[str], Decimal]  # "два" -> 2
    prefix_currency: Callable[[str], str]  # "$" -> "USD"
    scale: re.Pattern[str]  # groups scale, dot (an abbreviation's full stop, outside the span unless more follows)
    scale_of: Callable[[str], tuple[str, int]]  # "млрд" -> ("billion", 10**9)
    percent: re.Pattern[str]  # groups pp, bp, or neither (percent)
    range_sep: re.Pattern[str]  # groups sep, pre, num, word
    range_ok: Callable[[str, int, str, bool], bool]  # (text, start, separator, first half has a scale)
    suffix: re.Pattern[str]  # the currency word or sign is its last named group
    suffix_currency: Callable[[str], str]  # "долларов" -> "USD"
    approx_before: re.Pattern[str]  # ends in \Z
    approx_after: re.Pattern[str] | None  # "से अधिक" after the amount
    date_after: re.Pattern[str]  # a month name after a day number
    date_before: re.Pattern[str] | None  # ends in \Z: a month name before a day number
    designator_before: re.Pattern[str]  # ends in \Z: "проект 11356", "अनुच्छेद 370"
    glued_after: re.Pattern[str]  # the number runs into letters: "30МКИ", "5-й", "10-летний"
    unit: Callable[[str, int], str | None]  # counted noun of a quantity (English name when known)
    rate: Callable[[str, int], str | None]  # "per barrel" after a price
    known_unit: Callable[[str | None], bool]  # a word number counts only these ("пять дивизионов")
    # (what must precede a bare number, ending in \Z, or None; what must fill the gap to the amount that
    # completes it): "с 10 до 65 млрд долларов", "5,5 и 5,9 трлн долларов", "21 और 16 प्रतिशत"
    shares: tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...] = ()


_RUN_ON_RE = re.compile(r"[,.:/+][0-9]")


def _left(pattern: re.Pattern[str] | None, text: str, start: int) -> bool:
    return pattern is not None and pattern.search(text, max(0, start - _LEFT_WINDOW), start) is not None


def _after_dot(pattern: re.Pattern[str], text: str, pos: int, dot: bool) -> re.Match[str] | None:
    """Match at ``pos``, or just past an abbreviation's full stop ("млрд. долларов")."""
    m = pattern.match(text, pos)
    if m is None and dot:
        m = pattern.match(text, pos + 1)
    return m


def _percent_unit(m: re.Match[str]) -> str:
    if m.group("pp"):
        return "percentage points"
    if m.group("bp"):
        return "basis points"
    return "percent"


def _parse_at(spec: Spec, text: str, folded: str, m: re.Match[str]) -> tuple[Amount, bool] | None:
    """The amount that starts with scanner match ``m`` and whether it is only provisional (a number word
    that counts nothing, kept in case the next amount completes it), or None."""
    start = m.start()
    pre, word = m.group("pre"), m.group("word")
    digits = m.group("pnum") or m.group("num")
    currency = spec.prefix_currency(pre) if pre else None
    pos = m.end()
    if digits is not None and _RUN_ON_RE.match(folded, pos):
        return None  # "10:30", "24/7", "1.2.3", "2+2"
    bare = m.groupdict().get("bare")
    if bare:  # "миллиард долларов": the scale word alone is one of it
        word, pos = None, start
    low = Decimal(1) if bare else spec.word_value(word) if word else spec.number_value(digits)

    scale = None
    dot = False
    sm = spec.scale.match(folded, pos)
    if sm is None and spec.glued_after.match(folded, pos):
        return None  # "30МКИ", "5-й"
    if sm is not None:
        scale, factor = spec.scale_of(sm.group("scale"))
        pos, dot = sm.end("scale"), bool(sm.group("dot"))
    else:
        factor = 1
    unit = None
    if currency is None and scale is None:
        pm = spec.percent.match(folded, pos)
        if pm is not None:
            unit, pos = _percent_unit(pm), pm.end()

    # Range: "5–6 млрд", "от 5 до 6 млрд", "5 से 6 अरब"; a missing scale is shared.
    high = None
    rm = _after_dot(spec.range_sep, folded, pos, dot)
    if rm is not None and spec.range_ok(folded, start, rm.group("sep").strip(), scale is not None):
        cur2 = spec.prefix_currency(rm.group("pre")) if rm.group("pre") else None
        second_digits = rm.group("num")
        rpos = rm.end()
        ok = (cur2 is None or currency is None or cur2 == currency) and not (rm.group("word") and not word)
        if second_digits is not None and _RUN_ON_RE.match(folded, rpos):
            ok = False
        if spec.scale.match(folded, rpos) is None and spec.glued_after.match(folded, rpos):
            ok = False
        if ok:
            second = spec.word_value(rm.group("word")) if rm.group("word") else spec.number_value(second_digits)
            scale2, factor2, dot2 = None, None, False
            sm2 = spec.scale.match(folded, rpos)
            if sm2 is not None:
                scale2, factor2 = spec.scale_of(sm2.group("scale"))
                rpos, dot2 = sm2.end("scale"), bool(sm2.group("dot"))
            unit2 = None
            if currency is None and cur2 is None and scale2 is None:
                pm2 = spec.percent.match(folded, rpos)
                if pm2 is not None:
                    unit2, rpos = _percent_unit(pm2), pm2.end()
            f1 = factor if scale else (factor2 or 1)
            f2 = factor2 or factor
            if second * f2 > low * f1:
                high, low = second * f2, low * f1
                currency, unit, pos, dot = currency or cur2, unit or unit2, rpos, dot2
                scale = scale or scale2
    if high is None:
        low = low * factor

    if unit is None:
        cm = _after_dot(spec.suffix, folded, pos, dot)
        if cm is not None:
            cur3 = spec.suffix_currency(cm.group(cm.lastgroup))
            if currency is None or currency == cur3:
                currency, pos, dot = cur3, cm.end(), False

    end = pos
    plain = currency is None and scale is None and unit is None
    if plain and digits is not None:
        integer = digits.isdigit()
        if integer and len(digits) == 4 and 1900 <= int(digits) <= 2100 and not spec.known_unit(
            spec.unit(folded, pos)
        ):
            return None  # a year: "в 2025 году", "2025 तक" (but "2000 винтовок" is a count)
        if integer and int(digits) <= 31 and (spec.date_after.match(folded, pos) or _left(spec.date_before, folded, start)):
            return None  # a date: "5 октября", "14 नवंबर", "नवंबर 14"
        if _left(spec.designator_before, folded, start):
            return None  # a name: "проект 11356", "अनुच्छेद 370"
        if integer and len(digits) >= 10:
            return None  # a phone number or an identifier: "9876543210", "ИНН 7701234567"

    if unit is None:
        probe = pos + 1 if dot else pos
        after = spec.approx_after.match(folded, probe) if spec.approx_after is not None else None
        probe = after.end() if after is not None else probe  # "6 लाख से अधिक राइफलें"
        unit = spec.rate(folded, probe) if currency is not None else spec.unit(folded, probe)

    # "два" alone is not an amount, "два фрегата" is, and so is "пяти" in "с пяти до десяти млрд долларов"
    provisional = (bool(word) and scale is None and currency is None and unit not in PERCENT_UNITS
                   and not spec.known_unit(unit))
    if bare and currency is None:
        return None  # "миллион человек" is left alone: "миллионы" and "миллион" blur in counts

    approx = _left(spec.approx_before, folded, start) or (
        spec.approx_after is not None and spec.approx_after.match(folded, end) is not None
    )
    amount = Amount(
        text=text[start:end],
        start=start,
        end=end,
        value=float(low),
        value_high=float(high) if high is not None else None,
        currency=currency,
        scale=scale,
        unit=unit,
        approx=approx,
    )
    return amount, provisional


def scan(spec: Spec, text: str) -> list[Amount]:
    """All amounts in ``text`` under ``spec``, left to right, non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    folded = fold_digits(text)
    phones = [(p.start(), p.end()) for p in _PHONE_RE.finditer(folded)]
    phone_starts = [a for a, _ in phones]
    found: list[tuple[Amount, bool]] = []
    last_end = 0
    for m in spec.master.finditer(folded):
        if m.start() < last_end:
            continue
        k = bisect.bisect_right(phone_starts, m.start()) - 1
        if k >= 0 and m.start() < phones[k][1]:
            continue
        try:
            parsed = _parse_at(spec, text, folded, m)
        except (ArithmeticError, InvalidOperation, ValueError, KeyError):
            parsed = None
        if parsed is not None:
            found.append(parsed)
            last_end = parsed[0].end
    return _share(spec, folded, found)


def _share(spec: Spec, folded: str, candidates: list[tuple[Amount, bool]]) -> list[Amount]:
    """A number that the next amount completes takes its scale and currency (or its percent): in "с 10 до
    65 млрд долларов" the 10 is $10 billion, in "с 10 млрд до 65 млрд долларов" too, in "21 и 16%" the 21
    is a percentage.  Its span stays as written, since the words belong to the other amount."""
    found = [a for a, _ in candidates]
    out: list[Amount | None] = [None if provisional else a for a, provisional in candidates]
    for i, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        if a.currency or a.unit or a.value_high is not None or out[i + 1] is None:
            continue
        if not any(gap.fullmatch(folded, a.end, b.start) and (before is None or _left(before, folded, a.start))
                   for before, gap in spec.shares):
            continue
        if b.unit in PERCENT_UNITS and a.scale is None:
            out[i] = replace(a, unit=b.unit)
        elif a.scale and b.currency:  # "с 10 млрд до 65 млрд долларов": only the currency is missing
            out[i] = replace(a, currency=b.currency)
        elif a.scale is None and (b.currency or b.scale):
            factor = SCALE_FACTORS[b.scale] if b.scale else 1
            out[i] = replace(a, value=float(Decimal(str(a.value)) * factor), currency=b.currency, scale=b.scale)
    return [a for a in out if a is not None]


def find_amounts_in(text: str, lang: str | None) -> list[Amount]:
    """The amount reader for an article's identified language: ``"ru"``, ``"hi"``, anything else English.

    >>> [a.text for a in find_amounts_in("сделка на 5 млрд долларов", "ru")]
    ['5 млрд долларов']
    >>> [a.text for a in find_amounts_in("a $5 billion deal", None)]
    ['$5 billion']
    """
    # imported here: the two language modules import this one
    if lang == "ru":
        from nlp.amounts_ru import find_amounts
    elif lang == "hi":
        from nlp.amounts_hi import find_amounts
    else:
        from nlp.amounts import find_amounts
    return find_amounts(text)
