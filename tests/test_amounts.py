"""Tests for nlp.amounts (money/quantity reader) and nlp.fx (dated USD conversion)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import random
import time

import pytest

from nlp.amounts import Amount, find_amounts, parse_amount
from nlp.fx import RATES_PATH, Conversion, to_usd

B = 1e9

# --------------------------------------------------------------------------------------------------
# Money: input -> (value, value_high, currency, scale)
# --------------------------------------------------------------------------------------------------

MONEY = [
    ("$30 billion", 30 * B, None, "USD", "billion"),
    ("$30bn", 30 * B, None, "USD", "billion"),
    ("$30 bn", 30 * B, None, "USD", "billion"),
    ("$30B", 30 * B, None, "USD", "billion"),
    ("US$ 5.43 billion", 5.43 * B, None, "USD", "billion"),
    ("US$5.43bn", 5.43 * B, None, "USD", "billion"),
    ("US $ 5 bn", 5 * B, None, "USD", "billion"),
    ("USD 100 bn", 100 * B, None, "USD", "billion"),
    ("USD 100 billion", 100 * B, None, "USD", "billion"),
    ("$5.43-billion", 5.43 * B, None, "USD", "billion"),
    ("$100-billion", 100 * B, None, "USD", "billion"),
    ("$ 2.5 billion", 2.5 * B, None, "USD", "billion"),
    ("$1 trillion", 1e12, None, "USD", "trillion"),
    ("$500m", 500e6, None, "USD", "million"),
    ("$500 million", 500e6, None, "USD", "million"),
    ("$500 mn", 500e6, None, "USD", "million"),
    ("$60,000", 60000, None, "USD", None),
    ("100 USD", 100, None, "USD", None),
    ("65.7 billion dollars", 65.7 * B, None, "USD", "billion"),
    ("30 billion US dollars", 30 * B, None, "USD", "billion"),
    ("30 billion U.S. dollars", 30 * B, None, "USD", "billion"),
    ("one billion dollars", 1 * B, None, "USD", "billion"),
    ("a 30-billion-dollar deal", 30 * B, None, "USD", "billion"),
    ("Rs 5,000 crore", 5e10, None, "INR", "crore"),
    ("Rs. 5000 crore", 5e10, None, "INR", "crore"),
    ("Rs.5000 crore", 5e10, None, "INR", "crore"),
    ("Rs5,000cr", 5e10, None, "INR", "crore"),
    ("₹5,000 cr", 5e10, None, "INR", "crore"),
    ("₹5,000 crores", 5e10, None, "INR", "crore"),
    ("INR 40,000 crore", 4e11, None, "INR", "crore"),
    ("Rs 1.5 lakh crore", 1.5e12, None, "INR", "lakh crore"),
    ("Rs 2 lakh-crore", 2e12, None, "INR", "lakh crore"),
    ("Rs 10 lakh crore", 1e13, None, "INR", "lakh crore"),
    ("Rs 50 thousand crore", 5e11, None, "INR", "thousand crore"),
    ("₹ 2 lakh", 2e5, None, "INR", "lakh"),
    ("Rs 1,00,000 crore", 1e12, None, "INR", "crore"),
    ("Rs 40,000-crore deal", 4e11, None, "INR", "crore"),
    ("₹5k", 5000, None, "INR", "thousand"),
    ("5,000 crore rupees", 5e10, None, "INR", "crore"),
    ("1.5 trillion roubles", 1.5e12, None, "RUB", "trillion"),
    ("300 billion rubles", 300 * B, None, "RUB", "billion"),
    ("RUB 300bn", 300 * B, None, "RUB", "billion"),
    ("300bn RUB", 300 * B, None, "RUB", "billion"),
    ("5 million Russian roubles", 5e6, None, "RUB", "million"),
    ("€1.2 billion", 1.2 * B, None, "EUR", "billion"),
    ("EUR 1.2bn", 1.2 * B, None, "EUR", "billion"),
    ("1.2 billion euros", 1.2 * B, None, "EUR", "billion"),
    ("£500m", 500e6, None, "GBP", "million"),
    ("GBP 2 billion", 2 * B, None, "GBP", "billion"),
    ("CNY 10 billion", 10 * B, None, "CNY", "billion"),
    ("10 billion yuan", 10 * B, None, "CNY", "billion"),
    # ranges
    ("$64–65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("$64-65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("$64 to $65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("$64 to 65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("between $64 billion and $65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("$64 billion-$65 billion", 64 * B, 65 * B, "USD", "billion"),
    ("$1.2-1.5 trillion", 1.2e12, 1.5e12, "USD", "trillion"),
    ("Rs 5,000-6,000 crore", 5e10, 6e10, "INR", "crore"),
    ("64-65 billion dollars", 64 * B, 65 * B, "USD", "billion"),
    ("$500 million-$1.2 billion", 500e6, 1.2 * B, "USD", "million"),
    # rates
    ("$60 a barrel", 60, None, "USD", None),
    ("$60 per barrel", 60, None, "USD", None),
]


@pytest.mark.parametrize(("text", "value", "high", "currency", "scale"), MONEY)
def test_money(text, value, high, currency, scale):
    a = parse_amount(text)
    assert a is not None, text
    assert a.value == pytest.approx(value)
    if high is None:
        assert a.value_high is None
    else:
        assert a.value_high == pytest.approx(high)
    assert a.currency == currency
    assert a.scale == scale
    assert a.is_money
    assert text[a.start : a.end] == a.text


# --------------------------------------------------------------------------------------------------
# Exact span of the value expression
# --------------------------------------------------------------------------------------------------

SPANS = [
    ("$30 billion by 2025", "$30 billion"),
    ("a Rs 40,000-crore deal", "Rs 40,000-crore"),
    ("worth about $5bn.", "$5bn"),
    ("65.7 billion dollars in trade", "65.7 billion dollars"),
    ("$64 to $65 billion this year", "$64 to $65 billion"),
    ("between $64 billion and $65 billion", "$64 billion and $65 billion"),
    ("$60 a barrel", "$60"),
    ("over 6 lakh AK-203 rifles", "6 lakh"),
    ("1.9 million barrels per day", "1.9 million"),
    ("up 35 per cent", "35 per cent"),
    ("two frigates", "two"),
    ("(Rs 5,000 crore)", "Rs 5,000 crore"),
    ("Rs 5,000 cr.", "Rs 5,000 cr"),
    ("US$ 5.43 billion", "US$ 5.43 billion"),
]


@pytest.mark.parametrize(("text", "span"), SPANS)
def test_span_text(text, span):
    a = parse_amount(text)
    assert a is not None
    assert a.text == span
    assert text[a.start : a.end] == span


# --------------------------------------------------------------------------------------------------
# Quantities: input -> (value, value_high, scale, unit, approx)
# --------------------------------------------------------------------------------------------------

QUANTITIES = [
    ("6.1 lakh rifles", 610000, None, "lakh", "rifles", False),
    ("6,01,427 rifles", 601427, None, None, "rifles", False),
    # choice: the unit is the noun after a model designator
    ("over 6 lakh AK-203 rifles", 600000, None, "lakh", "rifles", True),
    ("five squadrons", 5, None, None, "squadrons", False),
    ("Five S-400 squadrons", 5, None, None, "squadrons", False),
    ("two frigates", 2, None, None, "frigates", False),
    ("twenty-five tanks", 25, None, None, "tanks", False),
    ("a dozen Su-30MKI jets", 12, None, None, "jets", False),
    ("two dozen tanks", 24, None, None, "tanks", False),
    ("half a dozen ships", 6, None, None, "ships", False),
    ("two hundred tanks", 200, None, None, "tanks", False),
    ("two to three squadrons", 2, 3, None, "squadrons", False),
    ("one to two regiments", 1, 2, None, "regiments", False),
    ("1.9 million barrels per day", 1.9e6, None, "million", "barrels per day", False),
    ("1.9 million barrels a day", 1.9e6, None, "million", "barrels per day", False),
    ("1.9 mn bpd", 1.9e6, None, "million", "barrels per day", False),
    ("3.5 million tonnes per annum", 3.5e6, None, "million", "tonnes per annum", False),
    ("1,000,000 tonnes", 1e6, None, None, "tonnes", False),
    ("36 Rafale jets", 36, None, None, "jets", False),
    ("84 jets", 84, None, None, "jets", False),
    ("some 20,000 troops", 20000, None, None, "troops", True),
    ("10-year deal", 10, None, None, "year", False),
    ("100km", 100, None, None, "km", False),
    ("1,000 MW", 1000, None, None, "MW", False),
    ("5-7 frigates", 5, 7, None, "frigates", False),
    ("1.5 lakh crore", 1.5e12, None, "lakh crore", None, False),
    ("killed 12", 12, None, None, None, False),
    ("2,000 rifles", 2000, None, None, "rifles", False),
]


@pytest.mark.parametrize(("text", "value", "high", "scale", "unit", "approx"), QUANTITIES)
def test_quantities(text, value, high, scale, unit, approx):
    a = parse_amount(text)
    assert a is not None, text
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert a.currency is None
    assert not a.is_money
    assert a.scale == scale
    assert a.unit == unit
    assert a.approx is approx


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("$60 a barrel", "per barrel"),
        ("$60 per barrel", "per barrel"),
        ("$60/bbl", "per barrel"),
        ("$30 billion a year", "per year"),
        ("$30 billion deal", None),
        ("Rs 5,000 crore contract", None),
    ],
)
def test_money_units(text, unit):
    a = parse_amount(text)
    assert a is not None and a.is_money
    assert a.unit == unit


# --------------------------------------------------------------------------------------------------
# Percentages: not money, unit "percent"
# --------------------------------------------------------------------------------------------------

PERCENTS = [
    ("35%", 35, None, "percent"),
    ("35 %", 35, None, "percent"),
    ("35 per cent", 35, None, "percent"),
    ("35 percent", 35, None, "percent"),
    ("35 per-cent", 35, None, "percent"),
    ("5 pc", 5, None, "percent"),
    ("5pc", 5, None, "percent"),
    ("up 12.5% year-on-year", 12.5, None, "percent"),
    ("10-15%", 10, 15, "percent"),
    ("10%-15%", 10, 15, "percent"),
    ("10 to 15 per cent", 10, 15, "percent"),
    ("between 40 and 50 per cent", 40, 50, "percent"),
    ("2 percentage points", 2, None, "percentage points"),
    ("25 basis points", 25, None, "basis points"),
]


@pytest.mark.parametrize(("text", "value", "high", "unit"), PERCENTS)
def test_percentages(text, value, high, unit):
    a = parse_amount(text)
    assert a is not None
    assert a.value == pytest.approx(value)
    assert (a.value_high is None) if high is None else (a.value_high == pytest.approx(high))
    assert a.currency is None and not a.is_money
    assert a.unit == unit
    assert a.scale is None


# --------------------------------------------------------------------------------------------------
# Approximation words
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("about $30 billion", True),
        ("around $30 billion", True),
        ("nearly $30 billion", True),
        ("over $30 billion", True),
        ("more than $30 billion", True),
        ("some $30 billion", True),
        ("~$30 billion", True),
        ("~ $30 billion", True),
        ("approximately Rs 5,000 crore", True),
        ("roughly 1.9 million barrels per day", True),
        ("Nearly 6 lakh rifles", True),
        ("$30 billion", False),
        ("the $30 billion target", False),
        ("Rover $30 billion", False),  # "over" inside a word is not a qualifier
        ("handsome 5 frigates", False),  # neither is "some"
    ],
)
def test_approx(text, approx):
    a = parse_amount(text)
    assert a is not None
    assert a.approx is approx


# --------------------------------------------------------------------------------------------------
# Negative cases
# --------------------------------------------------------------------------------------------------

NO_AMOUNT = [
    "",
    "Su-30MKI",
    "S-400",
    "AK-203",
    "MiG-29",
    "MiG-29K",
    "T-90S",
    "Tu-160",
    "Project 11356",
    "Project-75I",
    "INS Tushil",
    "12 noon",
    "at 10 pm",
    "at 10 p.m.",
    "10:30 am",
    "1800 hrs",
    "4 December 2025",
    "4 Dec 2025",
    "Dec. 4",
    "December 4, 2025",
    "on May 5",
    "4-5 December",
    "Dec 4-5",
    "4th December",
    "2025",
    "by 2025",
    "in 1971",
    "between 2020 and 2025",
    "2024-25",
    "FY25",
    "2025-12-04",
    "the 1990s",
    "G20",
    "4G",
    "21st century",
    "2+2 dialogue",
    "24/7",
    "COVID-19",
    "Article 370",
    "No. 5",
    "HK$5 billion",
    "one of the largest",
    "one official said",
    "fifty-fifty",
    "five of them",
    "1.2.3",
    "it was 1,23 units",
    "a billion-dollar deal",
    "$",
    "Rs.",
    "₹",
]


@pytest.mark.parametrize("text", NO_AMOUNT)
def test_no_amount(text):
    assert find_amounts(text) == []
    assert parse_amount(text) is None


NO_MONEY = NO_AMOUNT + [
    "35%",
    "35 per cent",
    "six lakh rifles",
    "5,000 crore",  # no rupee marker: a plain quantity
    "1.9 million barrels per day",
    "INS Tushil, a Project 11356 frigate, was commissioned on 9 December 2024 at 12 noon.",
    "Deliveries of the S-400 and the Su-30MKI upgrade will run to 2026, officials said on Dec. 4.",
    "The AK-203 plant in Amethi and the MiG-29 fleet.",
    "30 m long",
    "500m away",
]


@pytest.mark.parametrize("text", NO_MONEY)
def test_no_money(text):
    assert not [a for a in find_amounts(text) if a.is_money]


# --------------------------------------------------------------------------------------------------
# Whole sentences: several amounts, offsets, order
# --------------------------------------------------------------------------------------------------

SENTENCES = [
    (
        "trade of $65.7 billion against a target of $30 billion by 2025",
        [("$65.7 billion", 65.7 * B, "USD"), ("$30 billion", 30 * B, "USD")],
    ),
    (
        "The Rs 5,000-crore deal for 6,01,427 AK-203 rifles was signed on 6 December 2021.",
        [("Rs 5,000-crore", 5e10, "INR"), ("6,01,427", 601427, None)],
    ),
    (
        "Russia supplied about 1.9 million barrels per day of crude in 2023, up 35% from 2022.",
        [("1.9 million", 1.9e6, None), ("35%", 35, None)],
    ),
    (
        "Oil at $60 a barrel under the G7 price cap; Urals traded near $55 per barrel.",
        [("$60", 60, "USD"), ("$55", 55, "USD")],
    ),
    (
        "India's imports from Russia rose from $10 billion to $65 billion in 2024-25.",
        [("$10 billion", 10 * B, "USD"), ("$65 billion", 65 * B, "USD")],
    ),
    (
        "The deal worth ~$3bn covers two frigates and five squadrons.",
        [("$3bn", 3 * B, "USD"), ("two", 2, None), ("five", 5, None)],
    ),
    (
        "it costs 5 million roubles (about $60,000)",
        [("5 million roubles", 5e6, "RUB"), ("$60,000", 60000, "USD")],
    ),
    (
        "₹2.5 lakh crore to ₹3 lakh crore",
        [("₹2.5 lakh crore", 2.5e12, "INR"), ("₹3 lakh crore", 3e12, "INR")],
    ),
    (
        "$5 billion and $6 billion",
        [("$5 billion", 5 * B, "USD"), ("$6 billion", 6 * B, "USD")],
    ),
    (
        "On May 5, 2025, the Rs 300 crore order for 12 Su-30MKI jets was cleared.",
        [("Rs 300 crore", 3e9, "INR"), ("12", 12, None)],
    ),
    (
        "Bilateral trade hit $68.7 billion in FY2024-25; the target is $100 billion by 2030, "
        "and rupee-rouble settlement covers 1.5 trillion roubles.",
        [("$68.7 billion", 68.7 * B, "USD"), ("$100 billion", 100 * B, "USD"),
         ("1.5 trillion roubles", 1.5e12, "RUB")],
    ),
    (
        "India will buy 26 Rafale-M jets for €6.6 billion and five S-400 squadrons for $5.43 billion.",
        [("26", 26, None), ("€6.6 billion", 6.6 * B, "EUR"), ("five", 5, None),
         ("$5.43 billion", 5.43 * B, "USD")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text, expected):
    found = find_amounts(text)
    assert [(a.text, a.currency) for a in found] == [(t, c) for t, _, c in expected]
    for a, (_, value, _) in zip(found, expected, strict=True):
        assert a.value == pytest.approx(value)
        assert text[a.start : a.end] == a.text
    # left to right, non-overlapping
    assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


@pytest.mark.parametrize("text", [s for s, _ in SENTENCES] + [c[0] for c in MONEY] + [q[0] for q in QUANTITIES])
def test_offsets(text):
    padded = "Reported:\t" + text + " (source)"
    for a in find_amounts(padded):
        assert padded[a.start : a.end] == a.text
        assert 0 <= a.start < a.end <= len(padded)


def test_parse_amount_is_first():
    text = "Rs 1.5 lakh crore and $30bn"
    assert parse_amount(text) == find_amounts(text)[0]
    assert parse_amount(text).text == "Rs 1.5 lakh crore"


def test_amount_is_frozen():
    a = parse_amount("$30 billion")
    assert isinstance(a, Amount)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# Robustness: never raise, linear time
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "\x00$5\x02bn\x7f",
        "$5\u200bbn",
        "\ud800 $5 billion",  # lone surrogate
        "९ करोड़ रुपये",  # Devanagari digits are not read
        "Rs" * 50,
        "$" * 50 + "5",
        "1," * 100,
        "9" * 400 + " billion dollars",
        "0." + "9" * 400,
        "-" * 100 + "5",
        "between between between 5 and",
        "lakh crore lakh crore",
    ],
)
def test_never_raises(text):
    found = find_amounts(text)
    assert isinstance(found, list)
    for a in found:
        assert text[a.start : a.end] == a.text


def test_non_str_input():
    assert find_amounts(None) == []  # type: ignore[arg-type]
    assert parse_amount(None) is None  # type: ignore[arg-type]


def test_fuzz_random_text():
    rng = random.Random(20251204)
    alphabet = "0123456789 ,.-–$₹€£Rscrorelakhbillionmnper%tobetweenand\n\t\x00AK-S"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        found = find_amounts(text)
        for a in found:
            assert text[a.start : a.end] == a.text
        assert all(x.end <= y.start for x, y in zip(found, found[1:], strict=False))


SENTENCE = "India bought 6,01,427 AK-203 rifles for Rs 5,000 crore and $64-65 billion of crude by 2025; "


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE * (200_000 // len(SENTENCE) + 1),
        "1" * 200_000,
        "1," * 100_000,
        "1,11" * 50_000,
        "$" * 200_000,
        "Rs " * 70_000,
        "a-" * 100_000,
        "5 " * 100_000,
        "5 " + "a" * 200_000,
        "5 " + "A-1" * 70_000,
        "between " * 25_000,
        "".join(random.Random(7).choice("0123456789 ,.-$₹lakhcrore%") for _ in range(200_000)),
    ],
    ids=["sentences", "digits", "commas", "indian-commas", "dollars", "rs", "hyphens", "fives",
         "long-word", "long-designator", "between", "random"],
)
def test_large_input_is_fast(text):
    t0 = time.perf_counter()
    found = find_amounts(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, elapsed
    for a in found[:50]:
        assert text[a.start : a.end] == a.text


def test_large_input_finds_all():
    n = 2_000
    found = find_amounts(SENTENCE * n)
    assert len(found) == 3 * n
    assert {a.text for a in found} == {"6,01,427", "Rs 5,000 crore", "$64-65 billion"}


# --------------------------------------------------------------------------------------------------
# FX conversion
# --------------------------------------------------------------------------------------------------

def test_fx_table_shape():
    with RATES_PATH.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == ["currency", "year", "month", "usd_per_unit", "source"]
    yearly = {(r["currency"], int(r["year"])) for r in rows if not r["month"]}
    for cur in ("INR", "RUB", "EUR", "CNY", "GBP"):
        for year in range(2010, 2027):
            assert (cur, year) in yearly, (cur, year)
    for r in rows:
        assert 0 < float(r["usd_per_unit"]) < 3
        assert r["source"]


@pytest.mark.parametrize(
    ("currency", "year", "per_usd"),
    [
        ("INR", 2023, 82.4),
        ("RUB", 2022, 68.5),
        ("RUB", 2023, 85.2),
        ("RUB", 2024, 92.6),
        ("INR", 2014, 61.0),
        ("EUR", 2023, 1 / 1.08),
        ("GBP", 2024, 1 / 1.28),
        ("CNY", 2023, 7.08),
    ],
)
def test_fx_known_annual_rates(currency, year, per_usd):
    with RATES_PATH.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if (r["currency"], r["year"], r["month"]) == (currency, str(year), "")]
    assert len(rows) == 1
    assert 1 / float(rows[0]["usd_per_unit"]) == pytest.approx(per_usd, rel=0.01)
    assert rows[0]["source"].startswith("annual average")
    if (currency, year) != ("RUB", 2022):  # RUB 2022 has monthly rows, which win for a dated lookup
        c = to_usd(1.0, currency, datetime.date(year, 7, 1))
        assert c is not None and c.rate == float(rows[0]["usd_per_unit"])
        assert (c.rate_year, c.rate_month) == (year, None)


def test_fx_inr_crore_differs_by_year():
    value = parse_amount("Rs 5,000 crore").value
    c21 = to_usd(value, "INR", datetime.date(2021, 3, 1))
    c23 = to_usd(value, "INR", datetime.date(2023, 3, 1))
    assert isinstance(c21, Conversion) and isinstance(c23, Conversion)
    assert c21.rate != c23.rate
    assert (c21.rate_year, c23.rate_year) == (2021, 2023)
    assert c21.usd == pytest.approx(value * c21.rate)
    assert c23.usd == pytest.approx(value * c23.rate)
    assert c21.usd > c23.usd  # the rupee weakened between 2021 and 2023
    assert 6.6e8 < c21.usd < 6.9e8 and 5.9e8 < c23.usd < 6.2e8
    assert c21.currency == c23.currency == "INR"


@pytest.mark.parametrize(
    ("currency", "on", "year", "month"),
    [
        ("RUB", datetime.date(2022, 3, 15), 2022, 3),  # monthly row wins
        ("RUB", datetime.date(2022, 6, 30), 2022, 6),
        ("RUB", datetime.datetime(2022, 12, 1, 9, 30), 2022, 12),
        ("RUB", datetime.date(2023, 3, 15), 2023, None),  # no monthly rows: yearly
        ("INR", datetime.date(2024, 2, 1), 2024, None),
        ("INR", datetime.date(2026, 1, 1), 2026, None),
        ("INR", datetime.date(2040, 1, 1), 2026, None),  # after the table: latest row
        ("EUR", datetime.date(2005, 1, 1), 2010, None),  # before the table: earliest row
        ("INR", None, 2026, None),  # no date: latest year
    ],
)
def test_fx_rate_choice(currency, on, year, month):
    c = to_usd(1000.0, currency, on)
    assert c is not None
    assert (c.rate_year, c.rate_month) == (year, month)
    assert c.usd == pytest.approx(1000.0 * c.rate)


def test_fx_ruble_crash_month_differs_from_year():
    march = to_usd(1e9, "RUB", datetime.date(2022, 3, 10))
    year = to_usd(1e9, "RUB", datetime.date(2021, 3, 10))
    assert march.rate < year.rate  # the rouble fell sharply in March 2022
    assert 1 / march.rate > 90


@pytest.mark.parametrize("currency", ["USD", "usd", " USD "])
def test_fx_usd_is_identity(currency):
    c = to_usd(30e9, currency, datetime.date(2023, 1, 1))
    assert c == Conversion(usd=30e9, rate=1.0, rate_year=2023, rate_month=None, currency="USD")
    assert to_usd(5.0, currency).rate == 1.0


@pytest.mark.parametrize("currency", ["XYZ", "JPY", "", None, "US$"])
def test_fx_unknown_currency(currency):
    assert to_usd(1.0, currency) is None  # type: ignore[arg-type]
    assert to_usd(1.0, currency, datetime.date(2023, 1, 1)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "on", "low", "high"),
    [
        ("Rs 1.5 lakh crore", datetime.date(2024, 1, 1), 1.7e10, 1.9e10),
        ("300 billion rubles", datetime.date(2024, 1, 1), 3.0e9, 3.5e9),
        ("€1.2 billion", datetime.date(2023, 1, 1), 1.25e9, 1.35e9),
        ("£500m", datetime.date(2024, 1, 1), 6.2e8, 6.6e8),
        ("10 billion yuan", datetime.date(2023, 1, 1), 1.35e9, 1.5e9),
    ],
)
def test_fx_amount_round_trip(text, on, low, high):
    a = parse_amount(text)
    c = to_usd(a.value, a.currency, on)
    assert low < c.usd < high
