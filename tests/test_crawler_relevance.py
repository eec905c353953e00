"""crawlers/relevance.py: the cheap India–Russia prefilter (recall first)."""

from __future__ import annotations

import pytest

from crawlers.relevance import india_russia_relevance


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Modi meets Putin in Moscow", ""),
        ("India, Russia agree timeline for S-400 squadrons", ""),
        ("", "New Delhi and Moscow signed three agreements."),
        ("Jaishankar calls Lavrov", ""),
        ("Indian refiners buy more Russian crude", ""),
        (
            "Rupee-rouble trade settlement speeds up",
            "Exporters in Mumbai say payments from Moscow arrive faster.",
        ),
        ("Korwa plant to ramp up AK-203 output", "The plant in India will make 1.2 lakh rifles a year."),
        ("CAATSA waiver still pending", "Washington has not decided on India's purchase."),
        ("Kudankulam unit 3 gets fuel", ""),  # self-sufficient domain term
        ("BrahMos maker eyes exports", ""),  # Indo-Russian joint venture
        ("Indo-Russian rifle plant", ""),
        ("India–Russia trade crosses $65 billion", ""),  # en dash
        ("Rosneft-backed Nayara", "The refinery in Gujarat, India, processes Urals crude."),
        ("HAL to make Su-30MKI parts", "India wants more local content."),
        ("Sukhoi upgrade", "The IAF will upgrade 84 jets."),  # IAF (India) + Sukhoi (domain)
        ("भारत और रूस के बीच समझौता", ""),  # Hindi
        ("Индия и Россия подписали соглашение", ""),  # Russian
        ("Soviet-era MiG-29s", "Indian Navy pilots trained on them."),
    ],
)
def test_relevant(title, text):
    verdict = india_russia_relevance(title, text)
    assert verdict.relevant, verdict.reason
    assert verdict.evidence


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        (
            "India beat Zimbabwe in Harare",
            "Kohli scored a century.",
            "mentions India but no Russia-side or domain term",
        ),
        (
            "Kharif sowing crosses 400 lakh hectare",
            "Paddy sown on 59 lakh hectare.",
            "no India–Russia terms in title or text",
        ),
        (
            "Putin meets Xi in Beijing",
            "Russia and China signed energy deals.",
            "mentions 'Putin' but no India-side term",
        ),
        ("S-400 deployed in Crimea", "", "mentions 'S-400' but no India-side term"),
        ("US elections", "The Democrats chose a candidate.", "no India–Russia terms in title or text"),
        ("", "", "no India–Russia terms in title or text"),
        (None, None, "no India–Russia terms in title or text"),
    ],
)
def test_off_topic(title, text, reason):
    verdict = india_russia_relevance(title, text)
    assert not verdict.relevant
    assert verdict.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "The hal of the house was crowded.",  # "HAL" only as the upper-case acronym
        "Russian dolls on sale in Paris.",  # Russia side only
        "Indiana Jones returns.",  # "India" only as a whole word
        "Moscowitz wrote the report.",
    ],
)
def test_word_boundaries_and_case(text):
    assert not india_russia_relevance("", text).relevant
