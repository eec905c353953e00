"""Read money amounts and counted quantities in Russian news text; same :class:`~nlp.amounts.Amount` as English.

    >>> a = parse_amount("поставки на 5,43 млрд долларов")
    >>> (a.text, a.value, a.currency, a.scale)
    ('5,43 млрд долларов', 5430000000.0, 'USD', 'billion')
    >>> a = parse_amount("свыше 1,5 млн баррелей в сутки")
    >>> (a.value, a.currency, a.unit, a.approx)
    (1500000.0, None, 'barrels per day', True)
    >>> [a.text for a in find_amounts("товарооборот в 30 миллиардов долларов к 2025 году")]
    ['30 миллиардов долларов']

Choices (the English reader's, unless said):
* Comma is the decimal mark ("5,43"); thousands are grouped with a space, no-break or thin space
  ("6 100 000") or, when there are two or more groups, with commas or dots ("6,100,000").
* Scales: тыс./тысяча, млн/миллион, млрд/миллиард, трлн/триллион in any case form; ``scale`` holds the
  English name.  An abbreviation's full stop is inside the span only when more of the amount follows
  ("млн. долларов"); "100 млрд долл." spans "100 млрд долл".
* Currencies by stem, so every case form is read: доллар-/долл./дол. (+ "США"), рубл-/руб./₽, рупи-, евро,
  юан-, фунт- (стерлингов); $, US$, €, ₹, ₽ and ISO codes before or after the number ("5 млрд $").
  A single comma or dot is always the decimal mark ("1.500" is 1.5).
* Ranges: "5–6", "5-6", "от 5 до 6" (a scale on the first half rules the "до" form out: "с 10 млрд до 65
  млрд" is a change).  In a change "с 10 до 65 млрд долларов" and a pair "5,5 и 5,9 трлн долларов" the first
  number takes the second's scale and currency (its span stays "10"); in "21 и 16%" it becomes a percentage.  Approximation: около, почти, более (чем), свыше, порядка, примерно, приблизительно,
  ориентировочно, не менее/не более, менее, больше, меньше, вплоть до, как минимум, по меньшей мере, "~".
* Quantities: ``unit`` is the counted noun, in English where the noun is one the deal logic counts
  ("600 тыс. автоматов" -> "rifles", "пять дивизионов" -> "squadrons", "баррелей в сутки" -> "barrels per
  day"), otherwise the noun as written.  Number words (два, три, пять, полтора, ...) count only before a
  scale word or one of those nouns.
* Not amounts: years 1900-2100 without currency, scale, percent or a counted noun ("в 2025 году", "2018 г."),
  a day before a month, also abbreviated or in English ("5 октября 2018 г.", "5 дек", "с 5 по 7 октября",
  "Aug 7"), numeric dates ("05.10.2018", "5-10-2018"), digits after a hyphen or glued to letters ("С-400",
  "С- 300", "АК-203", "Су-30МКИ", "5-й", "10-летний"), numbers after a designator ("проект 11356", "статья 5",
  "№ 3"), phone numbers and bare integers of ten or more digits, and "‘24".
"""

from __future__ import annotations

import re
from decimal import Decimal

from nlp.amounts import Amount
from nlp.amounts_common import EN_MONTHS, Spec, scan

__all__ = ["Amount", "find_amounts", "parse_amount"]

_SP = "[ \u00a0\u2009\u202f]"  # a thousands separator inside a number

_DIGITS = rf"""
(?:
    [0-9]{{1,3}}(?:{_SP}[0-9]{{3}}){{1,6}}(?![0-9])
  | [0-9]{{1,3}}(?:,[0-9]{{3}}){{2,6}}(?![0-9])
  | [0-9]{{1,3}}(?:\.[0-9]{{3}}){{2,6}}(?![0-9])
  | [0-9]{{1,24}}(?![0-9])
)
(?:[,.][0-9]{{1,12}}(?![0-9]))?
"""

_WORDS = {
    "один": 1, "одна": 1, "одного": 1, "одной": 1,
    "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8,
    "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "сто": 100, "двести": 200, "триста": 300, "пятьсот": 500, "полтора": Decimal("1.5"), "полторы": Decimal("1.5"),
}
_WORD = "(?i:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"

_PREFIX = r"(?:US\s?\$|\$|USD|€|EUR|₹|INR|₽|RUB)"

_MASTER_RE = re.compile(
    rf"""
      (?<![\w$])(?P<pre>{_PREFIX})\s{{0,3}}(?P<pnum>{_DIGITS})
    | (?<![\w$€£₹₽¥.,:/+\-‐‑–—'‘’′])(?P<num>{_DIGITS})
    | (?<![\w\-])(?P<word>{_WORD})(?!\w)
    | (?<![\w\-])(?P<bare>(?i:миллиард|миллион|триллион))(?=\s{{1,3}}(?i:доллар|долл|рубл|руб|евро|юан|рупи))
    """,
    re.X,
)

_SCALE_RE = re.compile(
    r"""
    (?:\s{0,3}|-)
    (?P<scale>(?i:тысяч\w{0,3}|тыс|миллион\w{0,3}|млн|миллиард\w{0,3}|млрд|триллион\w{0,3}|трлн))
    (?P<dot>\.)?(?!\w)
    """,
    re.X,
)
# Checked in order: "миллиард" before "милл".
_SCALES = [("тыс", "thousand", 10**3), ("миллиард", "billion", 10**9), ("млрд", "billion", 10**9),
           ("милл", "million", 10**6), ("млн", "million", 10**6), ("тр", "trillion", 10**12)]


def _scale_of(raw: str) -> tuple[str, int]:
    w = raw.lower()
    return next((name, f) for stem, name, f in _SCALES if w.startswith(stem))


_PERCENT_RE = re.compile(
    r"""
      \s{1,3}(?P<pp>(?i:процентн\w{0,3}\s{1,3}пункт\w{0,3}|п\.\s?п\.))
    | \s{1,3}(?P<bp>(?i:базисн\w{0,3}\s{1,3}пункт\w{0,3}|б\.\s?п\.))
    | \s{0,2}%
    | \s{1,3}(?i:процент\w{0,3}|проц\.)(?!\w)
    """,
    re.X,
)

_RANGE_RE = re.compile(
    rf"""
    (?P<sep>\s{{0,2}}[-–—‐‑]\s{{0,2}} | \s{{1,3}}до\s{{1,3}})
    (?:(?P<pre>{_PREFIX})\s{{0,3}})?
    (?:(?P<num>{_DIGITS}) | (?P<word>{_WORD})(?!\w))
    """,
    re.X,
)
_FROM_RE = re.compile(r"(?<!\w)(?i:от)\s{1,3}\Z")


def _range_ok(text: str, start: int, sep: str, scaled: bool) -> bool:
    if sep == "до":  # "от 5 до 6 млрд" is a range, "с 10 млрд до 65 млрд" a change
        return not scaled and _FROM_RE.search(text, max(0, start - 10), start) is not None
    return True


_SUFFIX_RE = re.compile(
    r"""
      (?:\s{1,3}|-)(?:(?i:американск|российск|индийск|китайск|британск)\w{0,4}\s{1,3})?
      (?P<cur>(?i:доллар\w{0,3}|долл|дол|рубл\w{0,3}|руб|рупи\w{0,3}|евро|юан\w{0,3}
                |фунт\w{0,3}(?:\s{1,3}стерлинг\w{0,3})?))
      (?:\.?\s{1,3}США(?!\w))?(?!\w)
    | \s{0,3}(?P<code>USD|INR|RUB|EUR|CNY|GBP)(?![A-Za-z])
    | \s{0,2}(?P<sym>[₽$€₹])
    """,
    re.X,
)


def _suffix_currency(word: str) -> str:
    w = word.lower()
    if w.startswith("дол") or w == "usd" or "$" in w:
        return "USD"
    if w.startswith("руб") or w in ("rub", "₽"):
        return "RUB"
    if w.startswith("рупи") or w in ("inr", "₹"):
        return "INR"
    if w.startswith("евр") or w in ("eur", "€"):
        return "EUR"
    if w.startswith("фунт") or w == "gbp":
        return "GBP"
    return "CNY"


def _prefix_currency(prefix: str) -> str:
    return _suffix_currency(prefix.replace(" ", ""))


_APPROX_BEFORE_RE = re.compile(
    r"""(?:
        (?<!\w)(?i:
            около|почти|более(?:\s{1,3}чем)?|свыше|порядка|примерно|приблизительно|ориентировочно
          | не\s{1,3}менее|не\s{1,3}более|менее|больше|меньше|вплоть\s{1,3}до|как\s{1,3}минимум
          | по\s{1,3}меньшей\s{1,3}мере|до\s{1,3}почти|более\s{1,3}чем
        )\s{1,3}(?:(?i:на|в)\s{1,3})?
      | [~≈∼]\s{0,2}
    )\Z""",
    re.X,
)

_MONTHS = (
    r"(?:(?i:январ[яье]|феврал[яье]|марта?|апрел[яье]|ма[яй]|июн[яье]|июл[яье]|августа?|сентябр[яье]|октябр[яье]"
    r"|ноябр[яье]|декабр[яье]|янв|фев|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.?|" + EN_MONTHS + ")"
)
# "5 октября", and "с 5 по 7 октября"
_DATE_AFTER_RE = re.compile(rf"(?:\s{{1,3}}(?i:по|и)\s{{1,3}}[0-9]{{1,2}})?\s{{0,3}}{_MONTHS}(?!\w)")
_DESIGNATOR_RE = re.compile(
    r"""(?<!\w)(?i:
        проект\w{0,2}|стать(?:я|и|ей|е|ю)|пункт\w{0,2}|номер\w{0,2}|рейс\w{0,2}|резолюци\w{0,2}|тип\w{0,2}
      | блок\w{0,2}|энергоблок\w{0,2}|глав\w{0,2}|раздел\w{0,2}|модел\w{0,2}|сери[ия]|верси[ия]|приказ\w{0,2}
      | указ\w{0,2}|постановлени\w{0,2}|протокол\w{0,2}|пр\.|ст\.|п\.|No\.
    )\s{0,2}\Z|№\s{0,2}\Z|\#\s{0,2}\Z
    | [^\W\d_][-‐‑]\s\Z  # "С- 300": a system name broken by a space""",
    re.X,
)
# Digits that run into letters ("30МКИ", "4G") or a hyphenated word ("5-й", "10-летний", "123-ФЗ").
_GLUED_RE = re.compile(r"[^\W\d_]|[-‐‑][^\W\d_]")

# Counted nouns the deal logic knows, by stem, with their English names (nlp/events/deals.py QUANTITY_UNITS).
_UNIT_STEMS = [
    (r"винтов\w{0,4}|автомат(?:ов|а|ы)?", "rifles"),
    (r"дивизион\w{0,3}|эскадрил\w{0,3}", "squadrons"),
    (r"полк(?:а|ов|и|ам|ами|ах)?", "regiments"),
    (r"комплекс\w{0,3}|комплект\w{0,3}|систем\w{0,3}|зрк", "systems"),
    (r"самол[её]т\w{0,3}", "aircraft"),
    (r"истребител\w{0,3}", "fighters"),
    (r"вертол[её]т\w{0,3}", "helicopters"),
    (r"танк(?:а|ов|и|ам|ами|ах)?", "tanks"),
    (r"подлод\w{0,3}|подводн\w{0,3}", "submarines"),
    (r"фрегат\w{0,3}", "frigates"),
    (r"корабл\w{0,3}", "ships"),
    (r"ракет\w{0,3}", "missiles"),
    (r"пусков\w{0,3}", "launchers"),
    (r"реактор\w{0,3}|энергоблок\w{0,3}", "reactors"),
    (r"двигател\w{0,3}", "engines"),
    (r"орудий|орудия", "guns"),
    (r"батаре\w{0,3}", "batteries"),
    (r"штук\w{0,2}|шт|единиц\w{0,2}|ед", "units"),
    (r"баррел\w{0,3}|барр", "barrels"),
    (r"тонн\w{0,2}|т", "tonnes"),
]
_UNIT_RES = [(re.compile(p, re.I), name) for p, name in _UNIT_STEMS]
_KNOWN = frozenset(name for _, name in _UNIT_STEMS)
_NOUN_RE = re.compile(
    r"(?:\s{1,3}[A-ZА-ЯЁ][\w]{0,15}(?:[-‐‑][\w]{1,10}){1,2})?"  # a model name in between: "АК-203"
    r"\s{1,3}(?P<noun>[а-яё]{1,30}|[МГк]Вт(?:·ч)?)(?P<dot>\.)?(?!\w)"
    r"(?P<per>\s{1,3}(?:в|за)\s{1,3}(?P<per_what>(?i:сутки|день|год|месяц|неделю))(?!\w))?"
)
_ADJECTIVE_RE = re.compile(r"(?:ых|их|ые|ие|ой|ий|ый|ая|яя|ое|ее|ого|его|ому|ему|ыми|ими)$")
_POWER = {"МВт": "MW", "ГВт": "GW", "кВт": "kW", "МВт·ч": "MWh", "ГВт·ч": "GWh", "кВт·ч": "kWh"}
_PER_NAMES = {"сутки": "day", "день": "day", "год": "year", "месяц": "month", "неделю": "week"}
_NOT_UNITS = frozenset(
    """
    в во на и с со к ко по о об от до за из у а но или ни не же ли бы что как чем при для без над под про
    через между года году год лет г гг млн млрд тыс это этот эта эти его ее её их который которые
    """.split()
)
_RATE_RE = re.compile(
    r"\.?\s{1,3}(?:за|в|на)\s{1,3}(?P<what>(?i:баррел\w{0,2}|тонн\w{0,2}|год|сутки|день|месяц|штук\w{0,2}|единиц\w{0,2}))(?!\w)"
)
_RATE_NAMES = [("баррел", "barrel"), ("тонн", "tonne"), ("год", "year"), ("сут", "day"), ("день", "day"),
               ("месяц", "month"), ("штук", "unit"), ("единиц", "unit")]


def _english_unit(noun: str) -> str | None:
    return next((name for rx, name in _UNIT_RES if rx.fullmatch(noun)), None)


def _unit(text: str, pos: int) -> str | None:
    """The counted noun after a quantity: "винтовок" -> "rifles", "человек" -> "человек", "в" -> None."""
    m = _NOUN_RE.match(text, pos)
    if m is None:
        return None
    if m.group("noun") in _POWER:
        return _POWER[m.group("noun")]
    noun = m.group("noun").lower()
    if noun in _NOT_UNITS:
        return None
    name = _english_unit(noun)
    if name is None and _ADJECTIVE_RE.search(noun):  # "два полковых комплекта": the noun after an adjective
        m2 = _NOUN_RE.match(text, m.end("noun"))
        name = _english_unit(m2.group("noun").lower()) if m2 is not None else None
        m = m2 if name is not None else m
    name = name or noun
    if m.group("per"):
        name = f"{name} per {_PER_NAMES[m.group('per_what').lower()]}"
    return name


def _rate(text: str, pos: int) -> str | None:
    """"$60 за баррель" -> "per barrel", "30 млрд долларов в год" -> "per year"."""
    m = _RATE_RE.match(text, pos)
    if m is None:
        return None
    what = m.group("what").lower()
    return next((f"per {name}" for stem, name in _RATE_NAMES if what.startswith(stem)), None)


def _known_unit(unit: str | None) -> bool:
    return unit is not None and unit.split(" per ")[0] in _KNOWN


def _number_value(s: str) -> Decimal:
    """``"6 100 000"`` -> 6100000, ``"5,43"`` -> 5.43, ``"6,100,000"`` -> 6100000, ``"5.43"`` -> 5.43."""
    s = re.sub(_SP, "", s)
    if s.count(",") > 1:  # grouping commas; a dot after them is the decimal mark
        return Decimal(s.replace(",", ""))
    if s.count(".") > 1:  # grouping dots; a comma after them is the decimal mark
        s = s.replace(".", "")
    return Decimal(s.replace(",", "."))


def _word_value(s: str) -> Decimal:
    return Decimal(_WORDS[s.lower()])


_SPEC = Spec(
    master=_MASTER_RE,
    number_value=_number_value,
    word_value=_word_value,
    prefix_currency=_prefix_currency,
    scale=_SCALE_RE,
    scale_of=_scale_of,
    percent=_PERCENT_RE,
    range_sep=_RANGE_RE,
    range_ok=_range_ok,
    suffix=_SUFFIX_RE,
    suffix_currency=_suffix_currency,
    approx_before=_APPROX_BEFORE_RE,
    approx_after=None,
    date_after=_DATE_AFTER_RE,
    date_before=re.compile(rf"(?<![A-Za-z]){EN_MONTHS},?\s{{1,3}}\Z"),
    designator_before=_DESIGNATOR_RE,
    glued_after=_GLUED_RE,
    unit=_unit,
    rate=_rate,
    known_unit=_known_unit,
    shares=(
        (re.compile(r"(?<!\w)(?i:с|со)\s{1,3}\Z"), re.compile(r"\s{1,3}(?i:до)\s{1,3}")),
        (None, re.compile(r"\s{1,3}(?i:и|или)\s{1,3}")),
    ),
)


def find_amounts(text: str) -> list[Amount]:
    """All amounts in Russian ``text``, left to right, non-overlapping.

    >>> [(a.text, a.value, a.currency) for a in find_amounts("$5,5 млрд и 2 трлн рублей")]
    [('$5,5 млрд', 5500000000.0, 'USD'), ('2 трлн рублей', 2000000000000.0, 'RUB')]
    >>> find_amounts("С-400 поставлены 5 октября 2018 г.")
    []
    """
    return scan(_SPEC, text)


def parse_amount(text: str) -> Amount | None:
    """The first amount in ``text``, or None."""
    amounts = find_amounts(text)
    return amounts[0] if amounts else None
