"""The whole pipeline (slow: loads en_core_web_sm) and the `python -m nlp tag` interface."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.tagger import ArticleTagger, chunks

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def tagger():
    return ArticleTagger()


def test_full_pipeline_loads_the_real_model(tagger):
    assert "en_core_web_sm" in tagger.version and "patterns-" in tagger.version
    assert tagger.nlp.has_pipe("parser") and tagger.nlp.has_pipe("irwatch_events")


def test_trade_targets_are_kept_apart_from_actuals(tagger):
    text = ("Bilateral trade between India and Russia reached a record $65.7 billion in FY2023-24, far above "
            "the $30 billion target set for 2025. The two sides now aim for $100 billion by 2030.")
    result = tagger.tag({"id": "t", "title": None, "text": text})
    figures = {(e["amount_usd"], e["is_target"], e["year"]) for e in result["events"] if e["type"] == "trade_figure"}
    assert figures == {(65.7e9, False, 2024), (30e9, True, 2025), (100e9, True, 2030)}


def test_distractor_dyads_are_not_our_trade_figures(tagger):
    text = ("India and Russia discussed trade on Monday. Separately, India and the US set a goal of $500 billion "
            "in trade by 2030, while Russia-China trade topped $240 billion.")
    result = tagger.tag({"id": "d", "title": "India, Russia review trade", "text": text})
    assert [e for e in result["events"] if e["type"] == "trade_figure"] == []


def test_turkey_only_caatsa_story_is_not_relevant_but_india_s400_story_is(tagger):
    turkey = tagger.tag({"id": 1, "title": "US sanctions Turkey", "text":
                         "The US imposed CAATSA sanctions on Turkey's defence procurement agency in December 2020 "
                         "over its purchase of the Russian S-400 system. Ankara called the move a grave mistake."})
    india = tagger.tag({"id": 2, "title": "India gets S-400 despite CAATSA threat", "text":
                        "Russia has begun delivering the S-400 air defence system to India. Washington has not "
                        "decided on a CAATSA waiver for New Delhi, though Turkey was sanctioned for the same purchase."})
    assert not turkey["relevant"] and turkey["events"] == [] and not turkey["caatsa"]
    assert india["relevant"] and india["caatsa"]


@pytest.mark.parametrize(
    "record, skipped",
    [
        ({"id": "empty", "text": ""}, "empty: no text"),
        ({"id": "none", "text": None, "title": None}, "empty: no text"),
        ({"id": "ru", "text": "Россия и Индия подписали соглашение о поставках нефти и обсудили торговлю. " * 5},
         "language: ru"),
    ],
)
def test_bad_inputs_give_a_clear_result(tagger, record, skipped):
    result = tagger.tag(record)
    assert result["skipped"].startswith(skipped) and result["events"] == [] and result["relevant"] is False


def test_control_characters_keep_offsets_into_the_original_text(tagger):
    text = "India\x00 and Russia\x07 signed the S-400 contract worth $5.43 billion in October 2018."
    result = tagger.tag({"id": "c", "text": text})
    [deal] = [e for e in result["events"] if e["type"] == "deal"]
    assert text[deal["mention_start"]:deal["mention_end"]] == "S-400"
    assert deal["status"] == "signed" and deal["value_usd"] == pytest.approx(5.43e9)


def test_very_long_text_is_chunked_not_refused(tagger):
    # the filler is on the story's subject: a trained classifier reading the start of a text rightly rejects
    # thirty thousand characters of weather around one line about the pair (ANNOTATION.md, section 1)
    filler = "Officials from India and Russia met again that week to review defence cooperation.\n" * 370
    text = filler + "India and Russia signed a contract for two Talwar-class frigates worth $1 billion.\n" + filler
    result = tagger.tag({"id": "long", "text": text})
    [deal] = [e for e in result["events"] if e["type"] == "deal"]
    assert text[deal["start"]:deal["end"]].startswith("India and Russia signed")


def test_chunks_cover_the_text_exactly():
    text = ("A sentence. " * 5000) + "\n" + ("Another one. " * 5000)
    pieces = list(chunks(text, 20_000))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p for o, p in pieces)


def test_cli_tags_stdin_to_stdout():
    lines = [
        {"id": "a", "title": None, "text": "India and Russia agreed to raise bilateral trade to $100 billion by 2030.",
         "url": None, "published_at": "2024-07-09"},
        {"id": "b", "text": "Completely unrelated cricket score update from Chennai."},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\nnot json\n"
    out = subprocess.run([sys.executable, "-m", "nlp", "tag", "-", "-o", "-"], cwd=ROOT, input=stdin,
                         capture_output=True, text=True, check=True)
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in results] == ["a", "b", None]
    assert results[2]["skipped"].startswith("unreadable: line 3")
    assert results[0]["relevant"] and not results[1]["relevant"]
    [figure] = results[0]["events"]
    assert figure["type"] == "trade_figure" and figure["is_target"] and figure["amount_usd"] == 100e9
    assert "line 3: skipped" in out.stderr


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("India-Russia trade touches $68.7 bn in FY25", "2025-05-10", [(68.7e9, "bilateral_trade", 2025, False)]),
        ("Bilateral trade between India and Russia has grown to about $66 billion, and the target of $100 billion "
         "by 2030 is achievable.", "2025-04-01",
         [(66e9, "bilateral_trade", 2025, False), (100e9, "bilateral_trade", 2030, True)]),
        ("India's imports from Russia rose to about $61.4 billion in 2023-24 while exports to Russia were only "
         "about $4.26 billion.", None, [(61.4e9, "imports", 2024, False), (4.26e9, "exports", 2024, False)]),
        ("Moscow and New Delhi agreed to boost trade turnover to $100 bn by 2030.", None,
         [(100e9, "bilateral_trade", 2030, True)]),
        ("Russia-China trade hit $245 billion in 2024 while India-Russia trade was about $66 billion.", None,
         [(66e9, "bilateral_trade", 2024, False)]),
        ("India's bilateral trade with Russia stood at $68.7 billion in 2024-25, up from $65.7 billion a year "
         "earlier.", None, [(68.7e9, "bilateral_trade", 2025, False), (65.7e9, "bilateral_trade", 2024, False)]),
    ],
)
def test_trade_figure_table(tagger, text, published, expected):
    result = tagger.tag({"id": "t", "text": text, "published_at": published})
    got = [(pytest.approx(e["amount_usd"], rel=0.02), e["metric"], e["year"], e["is_target"])
           for e in result["events"] if e["type"] == "trade_figure"]
    assert got == expected


def test_giant_headline_is_cut_not_fatal(tagger):
    result = tagger.tag({"id": "t", "title": "India Russia " * 200_000, "text": "India and Russia signed a deal."})
    assert result["skipped"] is None


@pytest.mark.parametrize(
    "text, relevant",
    [
        ("Indian refiners bought more crude in October than in any month this year. Reliance raised intake at "
         "its Jamnagar plant. Moscow has kept offering barrels below the benchmark. The Kremlin said energy "
         "cooperation remained strong.", True),
        ("Infantry battalions have begun receiving AK-203 rifles made at Korwa.", True),
        ("Leaders from Brazil, Russia, India, China and South Africa gathered in Kazan for the summit.", False),
        ("Russia's defence ministry said its air defences downed dozens of Ukrainian drones overnight.", False),
        ("Modi and Trump set a goal of $500 billion in India-US trade by 2030.", False),
        ("Rosneft agreed to sell crude to Reliance Industries under a ten-year term deal.", True),
    ],
)
def test_relevance_table(tagger, text, relevant):
    assert tagger.tag({"id": "r", "text": text})["relevant"] is relevant


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The US Treasury sanctioned Rosneft and Lukoil, prompting Indian refiners to cut purchases of Russian oil.",
         {("OFAC SDN", "imposed")}),
        ("Washington could impose secondary tariffs on India over its purchases of Russian oil.",
         {("secondary tariffs", "threatened")}),
        ("India's S-400 deal with Russia could attract sanctions under CAATSA.", {("CAATSA", "threatened")}),
        ("The US has not imposed CAATSA sanctions on India over its Russian S-400 purchase.", {("CAATSA", "discussed")}),
        # a waiver urged is not one granted (ANNOTATION.md, section 3)
        ("Lawmakers urged a CAATSA waiver for India over its S-400 deal with Russia.", {("CAATSA", "discussed")}),
        ("Indian refiners kept buying Russian crude below the G7 price cap.", {("oil price cap", "imposed")}),
    ],
)
def test_sanction_table(tagger, text, expected):
    events = tagger.tag({"id": "s", "text": text})["events"]
    assert {(e["regime"], e["status"]) for e in events if e["type"] == "sanction"} == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("India, Russia ink pact for two more S-400 squadrons.", ("S-400", "signed")),
        ("Russia offers Su-57 fighter jets to India with full technology transfer.", ("Su-57", "proposed")),
        ("The Defence Acquisition Council cleared the procurement of Igla-S systems from Russia.", ("Igla-S", "approved")),
        ("India is expected to sign a deal with Russia for more S-400 missiles.", ("S-400", "negotiating")),
        ("INS Tamal, the last Russian-built frigate for India, was commissioned at Kaliningrad.",
         ("Talwar-class frigate", "commissioned")),
        ("India pulled out of the fighter programme with Russia, the Su-57 project, over costs.", ("Su-57", "cancelled")),
    ],
)
def test_deal_status_table(tagger, text, expected):
    events = tagger.tag({"id": "d", "text": text})["events"]
    assert expected in {(e["system"], e["status"]) for e in events if e["type"] == "deal"}
