"""Tests for nlp.amounts_ru and nlp.amounts_hi: Russian and Hindi amounts, read into the English Amount.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import datetime
import doctest
import random
import time

import pytest

from nlp import amounts_common, amounts_hi, amounts_ru
from nlp.amounts import Amount
from nlp.fx import to_usd

B = 1e9
NBSP, THIN, NNBSP = "\u00a0", "\u2009", "\u202f"

# --------------------------------------------------------------------------------------------------
# Russian money: text -> (span, value, value_high, currency, scale)
# --------------------------------------------------------------------------------------------------

RU_MONEY = [
    ("контракт на 5,43 млрд долларов", "5,43 млрд долларов", 5.43 * B, None, "USD", "billion"),
    ("сделка на $5,5 млрд", "$5,5 млрд", 5.5 * B, None, "USD", "billion"),
    ("30 миллиардов долларов к 2025 году", "30 миллиардов долларов", 30 * B, None, "USD", "billion"),
    ("оборот достиг 100 млрд долл.", "100 млрд долл", 100 * B, None, "USD", "billion"),
    ("около 100 млрд долл. США в прошлом году", "100 млрд долл. США", 100 * B, None, "USD", "billion"),
    ("10 млрд долларов США", "10 млрд долларов США", 10 * B, None, "USD", "billion"),
    ("2 трлн рублей", "2 трлн рублей", 2e12, None, "RUB", "trillion"),
    ("в 300 млрд руб.", "300 млрд руб", 300 * B, None, "RUB", "billion"),
    ("300 млрд ₽", "300 млрд ₽", 300 * B, None, "RUB", "billion"),
    ("₽300 млрд", "₽300 млрд", 300 * B, None, "RUB", "billion"),
    ("в рублях: 5 миллионов рублей", "5 миллионов рублей", 5e6, None, "RUB", "million"),
    ("расчёты в 40 млрд рупий", "40 млрд рупий", 40 * B, None, "INR", "billion"),
    ("в индийских рупиях: 7 млрд индийских рупий", "7 млрд индийских рупий", 7 * B, None, "INR", "billion"),
    ("1,2 млрд евро", "1,2 млрд евро", 1.2 * B, None, "EUR", "billion"),
    ("€1,2 млрд", "€1,2 млрд", 1.2 * B, None, "EUR", "billion"),
    ("10 млрд юаней", "10 млрд юаней", 10 * B, None, "CNY", "billion"),
    ("2 млрд фунтов стерлингов", "2 млрд фунтов стерлингов", 2 * B, None, "GBP", "billion"),
    ("в долларах это 6 млрд долларах", "6 млрд долларах", 6 * B, None, "USD", "billion"),
    ("один миллиард долларов", "один миллиард долларов", 1 * B, None, "USD", "billion"),
    ("два миллиарда долларов", "два миллиарда долларов", 2 * B, None, "USD", "billion"),
    ("полтора триллиона рублей", "полтора триллиона рублей", 1.5e12, None, "RUB", "trillion"),
    ("5 млн. долларов", "5 млн. долларов", 5e6, None, "USD", "million"),
    ("500 тыс. долларов", "500 тыс. долларов", 5e5, None, "USD", "thousand"),
    ("60 тысяч долларов", "60 тысяч долларов", 6e4, None, "USD", "thousand"),
    ("6 100 000 долларов", "6 100 000 долларов", 6.1e6, None, "USD", None),
    (f"6{NBSP}100{NBSP}000 долларов", f"6{NBSP}100{NBSP}000 долларов", 6.1e6, None, "USD", None),
    (f"6{THIN}100{THIN}000 рублей", f"6{THIN}100{THIN}000 рублей", 6.1e6, None, "RUB", None),
    (f"6{NNBSP}100 рублей", f"6{NNBSP}100 рублей", 6100, None, "RUB", None),
    ("6,100,000 долларов", "6,100,000 долларов", 6.1e6, None, "USD", None),
    ("6.100.000 рублей", "6.100.000 рублей", 6.1e6, None, "RUB", None),
    ("5.43 млрд долларов", "5.43 млрд долларов", 5.43 * B, None, "USD", "billion"),
    ("5 млрд $", "5 млрд $", 5 * B, None, "USD", "billion"),
    ("500 тыс. руб. в месяц", "500 тыс. руб", 5e5, None, "RUB", "thousand"),
    ("US$ 2,5 млрд", "US$ 2,5 млрд", 2.5 * B, None, "USD", "billion"),
    ("5,43 млрд USD", "5,43 млрд USD", 5.43 * B, None, "USD", "billion"),
    ("2,5 млрд американских долларов", "2,5 млрд американских долларов", 2.5 * B, None, "USD", "billion"),
    ("сделка на миллиард долларов", "миллиард долларов", 1 * B, None, "USD", "billion"),
    # ranges
    ("5–6 млрд долларов", "5–6 млрд долларов", 5 * B, 6 * B, "USD", "billion"),
    ("5-6 млрд долларов", "5-6 млрд долларов", 5 * B, 6 * B, "USD", "billion"),
    ("$64–65 млрд", "$64–65 млрд", 64 * B, 65 * B, "USD", "billion"),
    ("от 5 до 6 млрд долларов", "5 до 6 млрд долларов", 5 * B, 6 * B, "USD", "billion"),
    ("500 млн – 1,2 млрд долларов", "500 млн – 1,2 млрд долларов", 500e6, 1.2 * B, "USD", "million"),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "currency", "scale"), RU_MONEY)
def test_ru_money(text, span, value, high, currency, scale):
    a = amounts_ru.parse_amount(text)
    assert a is not None, text
    assert (a.text, text[a.start : a.end]) == (span, span)
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert (a.currency, a.scale) == (currency, scale)
    assert a.is_money


# --------------------------------------------------------------------------------------------------
# Russian quantities and percentages: text -> (span, value, value_high, scale, unit, approx)
# --------------------------------------------------------------------------------------------------

RU_QUANTITIES = [
    ("1,5 млн баррелей в сутки", "1,5 млн", 1.5e6, None, "million", "barrels per day", False),
    ("почти 2 млн баррелей в день", "2 млн", 2e6, None, "million", "barrels per day", True),
    ("около 600 тыс. автоматов АК-203", "600 тыс", 6e5, None, "thousand", "rifles", True),
    ("свыше 6 100 000 винтовок", "6 100 000", 6.1e6, None, None, "rifles", True),
    ("более 2000 винтовок", "2000", 2000, None, None, "rifles", True),
    ("пять дивизионов С-400", "пять", 5, None, None, "squadrons", False),
    ("пять комплексов С-400", "пять", 5, None, None, "systems", False),
    ("5 дивизионов", "5", 5, None, None, "squadrons", False),
    ("36 истребителей Су-30МКИ", "36", 36, None, None, "fighters", False),
    ("два фрегата", "два", 2, None, None, "frigates", False),
    ("два полковых комплекта С-400", "два", 2, None, None, "systems", False),
    ("пять тысяч винтовок", "пять тысяч", 5000, None, "thousand", "rifles", False),
    ("двести танков", "двести", 200, None, None, "tanks", False),
    ("свыше 1,8 млн барр. в сутки", "1,8 млн", 1.8e6, None, "million", "barrels per day", True),
    ("200 единиц техники", "200", 200, None, None, "units", False),
    ("10 штук", "10", 10, None, None, "units", False),
    ("3,5 млн тонн", "3,5 млн", 3.5e6, None, "million", "tonnes", False),
    ("2–3 полка", "2–3", 2, 3, None, "regiments", False),
    ("100 человек", "100", 100, None, None, "человек", False),
    ("погибли 12", "12", 12, None, None, None, False),
    ("в 3 раза", "3", 3, None, None, "раза", False),
    ("мощностью 1000 МВт", "1000", 1000, None, None, "MW", False),
    ("свыше 1 тыс. МВт", "1 тыс", 1000, None, "thousand", "MW", True),
    ("на 12%", "12%", 12, None, None, "percent", False),
    ("на 12 %", "12 %", 12, None, None, "percent", False),
    ("на 12 процентов", "12 процентов", 12, None, None, "percent", False),
    ("на 2,5 процента", "2,5 процента", 2.5, None, None, "percent", False),
    ("более чем на 30%", "30%", 30, None, None, "percent", True),
    ("почти на 40 процентов", "40 процентов", 40, None, None, "percent", True),
    ("10–15%", "10–15%", 10, 15, None, "percent", False),
    ("на 2 процентных пункта", "2 процентных пункта", 2, None, None, "percentage points", False),
    ("на 25 базисных пунктов", "25 базисных пунктов", 25, None, None, "basis points", False),
    ("на 1,5 п.п.", "1,5 п.п.", 1.5, None, None, "percentage points", False),
    ("на пять процентов", "пять процентов", 5, None, None, "percent", False),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "scale", "unit", "approx"), RU_QUANTITIES)
def test_ru_quantities(text, span, value, high, scale, unit, approx):
    a = amounts_ru.parse_amount(text)
    assert a is not None, text
    assert (a.text, text[a.start : a.end]) == (span, span)
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert a.currency is None and not a.is_money
    assert (a.scale, a.unit, a.approx) == (scale, unit, approx)


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("свыше 65 млрд долларов", True),
        ("около 65 млрд долларов", True),
        ("Около 65 млрд долларов", True),
        ("почти 65 млрд долларов", True),
        ("более 65 млрд долларов", True),
        ("более чем 65 млрд долларов", True),
        ("порядка 65 млрд долларов", True),
        ("примерно 65 млрд долларов", True),
        ("не менее 65 млрд долларов", True),
        ("вплоть до 65 млрд долларов", True),
        ("~65 млрд долларов", True),
        ("65 млрд долларов", False),
        ("выросла до 65 млрд долларов", False),  # "до" alone is "to", not "up to"
        ("несвыше 65 млрд долларов", False),  # only a word of its own qualifies
    ],
)
def test_ru_approx(text, approx):
    a = amounts_ru.parse_amount(text)
    assert a is not None and a.approx is approx


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("$60 за баррель", "per barrel"),
        ("500 долларов за тонну", "per tonne"),
        ("по 60 долл. за баррель", "per barrel"),
        ("60 долл. За год до того", None),  # a new sentence, not a rate
        ("30 млрд долларов в год", "per year"),
        ("30 млрд долларов на закупку", None),
    ],
)
def test_ru_money_rates(text, unit):
    a = amounts_ru.parse_amount(text)
    assert a is not None and a.is_money and a.unit == unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "с X до Y млрд": X is a change's start and takes Y's scale and currency, its span stays the digits
        ("с 10 до 65 млрд долларов", [("10", 10 * B, "USD", "billion"), ("65 млрд долларов", 65 * B, "USD", "billion")]),
        ("выросла с 2 до 3 трлн рублей", [("2", 2e12, "RUB", "trillion"), ("3 трлн рублей", 3e12, "RUB", "trillion")]),
        ("с 10 млрд до 65 млрд долларов",
         [("10 млрд", 10 * B, "USD", "billion"), ("65 млрд долларов", 65 * B, "USD", "billion")]),
        # without "с" nothing is shared
        ("10 до 65 млрд долларов", [("10", 10, None, None), ("65 млрд долларов", 65 * B, "USD", "billion")]),
        ("с пяти до десяти миллиардов долларов",
         [("пяти", 5 * B, "USD", "billion"), ("десяти миллиардов долларов", 10 * B, "USD", "billion")]),
        ("пять и шесть процентов", [("пять", 5, None, None), ("шесть процентов", 6, None, None)]),
        ("ВВП вырос до 5,5 и 5,9 трлн долларов",
         [("5,5", 5.5e12, "USD", "trillion"), ("5,9 трлн долларов", 5.9e12, "USD", "trillion")]),
    ],
)
def test_ru_change_shares_scale(text, expected):
    got = [(a.text, a.value, a.currency, a.scale) for a in amounts_ru.find_amounts(text)]
    assert got == [(t, pytest.approx(v), c, s) for t, v, c, s in expected]


@pytest.mark.parametrize(
    ("module", "text"),
    [(amounts_ru, "доли 21 и 16% соответственно"), (amounts_hi, "क्रमशः 21 और 16 प्रतिशत")],
)
def test_pair_shares_percent(module, text):
    first, second = module.find_amounts(text)
    assert (first.text, first.value, first.unit) == ("21", 21, "percent")
    assert (second.value, second.unit) == (16, "percent")


# --------------------------------------------------------------------------------------------------
# Russian: not amounts
# --------------------------------------------------------------------------------------------------

RU_NO_AMOUNT = [
    "",
    "в 2025 году",
    "к 2030 г.",
    "в 2018-2019 гг.",
    "2024–2025 годы",
    "5 октября 2018 г.",
    "5 октября",
    "1 января",
    "31 декабря 2024 года",
    "14 мая",
    "С-400",
    "ЗРК С-400 «Триумф»",
    "АК-203",
    "Су-30МКИ",
    "МиГ-29К",
    "Т-90С",
    "проект 11356",
    "фрегат проекта 11356",
    "статья 370",
    "№ 5",
    "указ №123",
    "5-й",
    "10-летний",
    "закон 123-ФЗ",
    "в 10:30",
    "+7 (495) 123-45-67",
    "8 800 555-35-35",
    "+7 495 123 45 67",
    "тел. 123-45-67",
    "тел. 84951234567",
    "ИНН 7701234567",
    "G20",
    "два",
    "три страны",
    "с 5 по 7 октября",
    "от 2019 до 2025 года",
    "5–7 октября",
    "МОСКВА, 5 дек — агентство",
    "АСТАНА, 9 июн. — агентство",
    "Москва 24 апреля ‘24",
    "опубликовано 5-10-2018, 12:59",
    "05.10.2018",
    "Aug 7, 2024",
    "С- 300",
    "миллион человек",
    "несколько миллиардов долларов",
    "миллиарды долларов",
    "один из них",
    "ещё два года",
    "1.2.3",
    "$",
    "руб.",
]


@pytest.mark.parametrize("text", RU_NO_AMOUNT)
def test_ru_no_amount(text):
    assert amounts_ru.find_amounts(text) == []
    assert amounts_ru.parse_amount(text) is None


# --------------------------------------------------------------------------------------------------
# Hindi money: text -> (span, value, value_high, currency, scale)
# --------------------------------------------------------------------------------------------------

HI_MONEY = [
    ("व्यापार ३० अरब डॉलर तक", "३० अरब डॉलर", 30 * B, None, "USD", "billion"),
    ("व्यापार 30 अरब डॉलर तक", "30 अरब डॉलर", 30 * B, None, "USD", "billion"),
    ("$5.43 अरब का सौदा", "$5.43 अरब", 5.43 * B, None, "USD", "billion"),
    ("5.43 बिलियन डॉलर", "5.43 बिलियन डॉलर", 5.43 * B, None, "USD", "billion"),
    ("500 मिलियन डॉलर", "500 मिलियन डॉलर", 500e6, None, "USD", "million"),
    ("2 ट्रिलियन डॉलर", "2 ट्रिलियन डॉलर", 2e12, None, "USD", "trillion"),
    ("10 अरब अमेरिकी डॉलर", "10 अरब अमेरिकी डॉलर", 10 * B, None, "USD", "billion"),
    ("10 अरब अमरीकी डालर", "10 अरब अमरीकी डालर", 10 * B, None, "USD", "billion"),
    ("5,000 करोड़ रुपये का सौदा", "5,000 करोड़ रुपये", 5e10, None, "INR", "crore"),
    ("5,000 करोड रुपए", "5,000 करोड रुपए", 5e10, None, "INR", "crore"),
    ("5,000 करो\u095c रुपये", "5,000 करो\u095c रुपये", 5e10, None, "INR", "crore"),
    ("५,००० करोड़ रुपये", "५,००० करोड़ रुपये", 5e10, None, "INR", "crore"),
    ("₹5,000 करोड़", "₹5,000 करोड़", 5e10, None, "INR", "crore"),
    ("रु. 500 करोड़", "रु. 500 करोड़", 5e9, None, "INR", "crore"),
    ("Rs 500 करोड़", "Rs 500 करोड़", 5e9, None, "INR", "crore"),
    ("1.5 लाख करोड़ रुपये", "1.5 लाख करोड़ रुपये", 1.5e12, None, "INR", "lakh crore"),
    ("50 हज़ार करोड़ रुपये", "50 हज़ार करोड़ रुपये", 5e11, None, "INR", "thousand crore"),
    ("50 हजार करोड़ रुपये", "50 हजार करोड़ रुपये", 5e11, None, "INR", "thousand crore"),
    ("2 लाख रुपये", "2 लाख रुपये", 2e5, None, "INR", "lakh"),
    ("10 करोड़ डॉलर", "10 करोड़ डॉलर", 1e8, None, "USD", "crore"),
    ("1,00,000 रुपया", "1,00,000 रुपया", 1e5, None, "INR", None),
    ("1 खरब रुपये", "1 खरब रुपये", 1e11, None, "INR", "kharab"),
    ("100 अरब रूबल", "100 अरब रूबल", 100 * B, None, "RUB", "billion"),
    ("2 अरब यूरो", "2 अरब यूरो", 2 * B, None, "EUR", "billion"),
    ("2 अरब युरो", "2 अरब युरो", 2 * B, None, "EUR", "billion"),
    ("20 अरब युआन", "20 अरब युआन", 20 * B, None, "CNY", "billion"),
    ("सात सौ बिलियन डॉलर", "सात सौ बिलियन डॉलर", 700 * B, None, "USD", "billion"),
    ("दो और तीन अरब डॉलर", "दो", 2 * B, None, "USD", "billion"),
    ("सात\u00a0सौ करोड़ रुपये", "सात\u00a0सौ करोड़ रुपये", 7e9, None, "INR", "crore"),
    ("दो अरब डॉलर", "दो अरब डॉलर", 2 * B, None, "USD", "billion"),
    ("डेढ़ लाख करोड़ रुपये", "डेढ़ लाख करोड़ रुपये", 1.5e12, None, "INR", "lakh crore"),
    ("5-6 अरब डॉलर", "5-6 अरब डॉलर", 5 * B, 6 * B, "USD", "billion"),
    ("5 से 6 अरब डॉलर", "5 से 6 अरब डॉलर", 5 * B, 6 * B, "USD", "billion"),
    ("$64–65 अरब", "$64–65 अरब", 64 * B, 65 * B, "USD", "billion"),
    ("30 अरब डॉलर।", "30 अरब डॉलर", 30 * B, None, "USD", "billion"),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "currency", "scale"), HI_MONEY)
def test_hi_money(text, span, value, high, currency, scale):
    a = amounts_hi.parse_amount(text)
    assert a is not None, text
    assert (a.text, text[a.start : a.end]) == (span, span)
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert (a.currency, a.scale) == (currency, scale)
    assert a.is_money


HI_QUANTITIES = [
    ("6.1 लाख राइफलें", "6.1 लाख", 6.1e5, None, "lakh", "rifles", False),
    ("6 लाख एके-203 राइफलें", "6 लाख", 6e5, None, "lakh", "rifles", False),
    ("6,01,427 राइफलों की आपूर्ति", "6,01,427", 601427, None, None, "rifles", False),
    ("पांच स्क्वाड्रन", "पांच", 5, None, None, "squadrons", False),
    ("पाँच एस-400 स्क्वाड्रन", "पाँच", 5, None, None, "squadrons", False),
    ("36 राफेल विमान", "36", 36, None, None, "aircraft", False),
    ("1.9 मिलियन बैरल प्रतिदिन", "1.9 मिलियन", 1.9e6, None, "million", "barrels per day", False),
    ("20 लाख बैरल प्रति दिन", "20 लाख", 2e6, None, "lakh", "barrels per day", False),
    ("१,२०,००० टन", "१,२०,०००", 1.2e5, None, None, "tonnes", False),
    ("2-3 युद्धपोत", "2-3", 2, 3, None, "warships", False),
    ("पांच हजार राइफलें", "पांच हजार", 5000, None, "thousand", "rifles", False),
    ("12 प्रतिशत", "12 प्रतिशत", 12, None, None, "percent", False),
    ("12% की वृद्धि", "12%", 12, None, None, "percent", False),
    ("10 फ़ीसदी", "10 फ़ीसदी", 10, None, None, "percent", False),
    ("10 फीसदी", "10 फीसदी", 10, None, None, "percent", False),
    ("10-15%", "10-15%", 10, 15, None, "percent", False),
    ("2 प्रतिशत अंक", "2 प्रतिशत अंक", 2, None, None, "percentage points", False),
    ("25 आधार अंक", "25 आधार अंक", 25, None, None, "basis points", False),
    ("लगभग 40 प्रतिशत", "40 प्रतिशत", 40, None, None, "percent", True),
    ("6 लाख से अधिक राइफलें", "6 लाख", 6e5, None, "lakh", "rifles", True),
    ("12 लोग", "12", 12, None, None, "लोग", False),
    ("पांच लाख से अधिक AK203 असॉल्ट राइफलें", "पांच लाख", 5e5, None, "lakh", "rifles", True),
    ("19 परसेंट", "19 परसेंट", 19, None, None, "percent", False),
    ("हमले में 12 की मौत", "12", 12, None, None, None, False),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "scale", "unit", "approx"), HI_QUANTITIES)
def test_hi_quantities(text, span, value, high, scale, unit, approx):
    a = amounts_hi.parse_amount(text)
    assert a is not None, text
    assert (a.text, text[a.start : a.end]) == (span, span)
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert a.currency is None and not a.is_money
    assert (a.scale, a.unit, a.approx) == (scale, unit, approx)


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("लगभग 65 अरब डॉलर", True),
        ("करीब 65 अरब डॉलर", True),
        ("क़रीब 65 अरब डॉलर", True),
        ("तकरीबन 65 अरब डॉलर", True),
        ("कम से कम 65 अरब डॉलर", True),
        ("65 अरब डॉलर से अधिक", True),
        ("65 अरब डॉलर से ज्यादा", True),
        ("65 अरब डॉलर से ज़्यादा का व्यापार", True),
        ("65 अरब डॉलर के करीब", True),
        ("65 अरब डॉलर", False),
        ("65 अरब डॉलर तक पहुंचाने का लक्ष्य", False),  # "तक" is "to" here, not "up to"
    ],
)
def test_hi_approx(text, approx):
    a = amounts_hi.parse_amount(text)
    assert a is not None and a.approx is approx


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("$60 प्रति बैरल", "per barrel"),
        ("30 अरब डॉलर सालाना", "per year"),
        ("30 अरब डॉलर का सौदा", None),
    ],
)
def test_hi_money_rates(text, unit):
    a = amounts_hi.parse_amount(text)
    assert a is not None and a.is_money and a.unit == unit


HI_NO_AMOUNT = [
    "",
    "2025 तक",
    "वर्ष 2025 में",
    "2021-22 में",
    "14 नवंबर 2021",
    "१४ नवंबर २०२१",
    "नवंबर 14, 2021",
    "5 अक्टूबर",
    "8 और 9 जुलाई को",
    "5 से 7 नवंबर तक",
    "एस-400",
    "एस-400 ट्रायम्फ",
    "एके-203",
    "सु-30एमकेआई",
    "अनुच्छेद 370",
    "परियोजना 11356",
    "21वीं सदी",
    "सऊदी अरब",
    "लाखों लोग",
    "करोड़ों रुपये",
    "+91 11 2301 2345",
    "एस- 300 का उन्नत संस्करण",
    "Published: Aug 7, 2024, 6:30 AM IST",
    "14/11/2021",
    "011-2301-2345",
    "मोबाइल 9876543210",
    "2020 से 2025 तक",
    "दो",
    "दो देश",
    "एक बार",
    "अरबों डॉलर",
    "हज़ारों सैनिक",
    "10:30 बजे",
    "₹",
]


@pytest.mark.parametrize("text", HI_NO_AMOUNT)
def test_hi_no_amount(text):
    assert amounts_hi.find_amounts(text) == []
    assert amounts_hi.parse_amount(text) is None


# --------------------------------------------------------------------------------------------------
# Whole sentences: several amounts, order and offsets
# --------------------------------------------------------------------------------------------------

SENTENCES = [
    (
        amounts_ru,
        "Товарооборот вырос до 65,7 млрд долларов, а цель — 100 млрд долларов к 2030 году.",
        [("65,7 млрд долларов", 65.7 * B, "USD"), ("100 млрд долларов", 100 * B, "USD")],
    ),
    (
        amounts_ru,
        "Контракт на 5,43 млрд долларов на пять дивизионов С-400 подписан 5 октября 2018 г.",
        [("5,43 млрд долларов", 5.43 * B, "USD"), ("пять", 5, None)],
    ),
    (
        amounts_ru,
        "Россия поставляла около 1,9 млн баррелей в сутки, это на 35% больше, чем в 2022 году.",
        [("1,9 млн", 1.9e6, None), ("35%", 35, None)],
    ),
    (
        amounts_ru,
        "Спецпредставитель сообщил по телефону +7 (495) 123-45-67, что сделка оценена в $2 млрд.",
        [("$2 млрд", 2 * B, "USD")],
    ),
    (
        amounts_hi,
        "भारत और रूस का व्यापार 65.7 अरब डॉलर रहा, जबकि 2030 तक 100 अरब डॉलर का लक्ष्य है।",
        [("65.7 अरब डॉलर", 65.7 * B, "USD"), ("100 अरब डॉलर", 100 * B, "USD")],
    ),
    (
        amounts_hi,
        "5,000 करोड़ रुपये के सौदे में 6,01,427 एके-203 राइफलें बनेंगी, यह 6 दिसंबर 2021 को तय हुआ।",
        [("5,000 करोड़ रुपये", 5e10, "INR"), ("6,01,427", 601427, None)],
    ),
    (
        amounts_hi,
        "एस-400 की पांच स्क्वाड्रन के लिए $5.43 अरब का अनुबंध हुआ था।",
        [("पांच", 5, None), ("$5.43 अरब", 5.43 * B, "USD")],
    ),
]


@pytest.mark.parametrize(("module", "text", "expected"), SENTENCES)
def test_sentences(module, text, expected):
    found = module.find_amounts(text)
    assert [(a.text, a.currency) for a in found] == [(t, c) for t, _, c in expected]
    for a, (_, value, _) in zip(found, expected, strict=True):
        assert a.value == pytest.approx(value)
        assert text[a.start : a.end] == a.text
    assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    ("module", "text"),
    [(amounts_ru, c[0]) for c in RU_MONEY + RU_QUANTITIES] + [(amounts_hi, c[0]) for c in HI_MONEY + HI_QUANTITIES],
)
def test_offsets_with_padding(module, text):
    padded = "Сообщение:\t" + text + " (источник)"
    got = module.find_amounts(padded)
    assert got
    for a in got:
        assert padded[a.start : a.end] == a.text


def test_same_amount_type_as_english():
    for a in (amounts_ru.parse_amount("5 млрд долларов"), amounts_hi.parse_amount("5 अरब डॉलर")):
        assert isinstance(a, Amount) and a.is_money


# --------------------------------------------------------------------------------------------------
# USD: through nlp.fx, as for English
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("module", "text", "on", "low", "high"),
    [
        (amounts_ru, "300 млрд рублей", datetime.date(2024, 1, 1), 3.0e9, 3.5e9),
        (amounts_ru, "5,43 млрд долларов", datetime.date(2018, 10, 5), 5.43e9, 5.43e9),
        (amounts_ru, "1,2 млрд евро", datetime.date(2023, 1, 1), 1.25e9, 1.35e9),
        (amounts_hi, "1.5 लाख करोड़ रुपये", datetime.date(2024, 1, 1), 1.7e10, 1.9e10),
        (amounts_hi, "$5.43 अरब", datetime.date(2018, 10, 5), 5.43e9, 5.43e9),
    ],
)
def test_usd_through_fx(module, text, on, low, high):
    a = module.parse_amount(text)
    c = to_usd(a.value, a.currency, on)
    assert c is not None and low <= c.usd <= high


# --------------------------------------------------------------------------------------------------
# Robustness: never raise, linear time
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("module", [amounts_ru, amounts_hi])
@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01", "\ud800 5 млрд", "млрд " * 20, "1 " * 200, "1," * 100, "9" * 400 + " млрд долларов",
     "- " * 50 + "5", "от от 5 до", "लाख करोड़ " * 20, "से " * 50, "₹" * 30 + "5"],
)
def test_never_raises(module, text):
    found = module.find_amounts(text)
    for a in found:
        assert text[a.start : a.end] == a.text


@pytest.mark.parametrize("module", [amounts_ru, amounts_hi])
def test_non_str_input(module):
    assert module.find_amounts(None) == []  # type: ignore[arg-type]
    assert module.parse_amount(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("module", "alphabet"),
    [(amounts_ru, "0123456789 ,.-–$₽млрдтыс долларовруб%отдо\u00a0\n"),
     (amounts_hi, "0123456789०१२३ ,.-$₹अरबलाखकरोड़डॉलररुपये से%\n")],
)
def test_fuzz(module, alphabet):
    rng = random.Random(14)
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        found = module.find_amounts(text)
        for a in found:
            assert text[a.start : a.end] == a.text
        assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    ("module", "sentence", "per"),
    [
        (amounts_ru, "Оборот 65,7 млрд долларов, 600 тыс. автоматов и 1 000 тонн к 2025 году; ", 3),
        (amounts_hi, "व्यापार 65.7 अरब डॉलर, 6 लाख राइफलें और 1,000 टन, 2025 तक; ", 3),
    ],
)
def test_large_input(module, sentence, per):
    n = 3000
    t0 = time.perf_counter()
    found = module.find_amounts(sentence * n)
    assert time.perf_counter() - t0 < 10
    assert len(found) == per * n
    for text in ("1 " * 30_000, "1 000 " * 15_000, "+7 " * 30_000):
        t0 = time.perf_counter()
        module.find_amounts(text)
        assert time.perf_counter() - t0 < 10


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [("ru", "на 5,43 млрд долларов", "5,43 млрд долларов"), ("hi", "5.43 अरब डॉलर का", "5.43 अरब डॉलर"),
     ("en", "a $5.43 billion deal", "$5.43 billion"), (None, "a $5.43 billion deal", "$5.43 billion")],
)
def test_reader_by_language(lang, text, span):
    assert [a.text for a in amounts_common.find_amounts_in(text, lang)] == [span]


@pytest.mark.parametrize("module", [amounts_ru, amounts_hi, amounts_common])
def test_docstring_examples(module):
    # tests/test_doctests.py lists modules by name; these run here so that file stays untouched
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 2
