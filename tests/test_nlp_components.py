"""Component tests on spacy.blank("en"): one sentence in, labels and span texts out."""

from __future__ import annotations

import pytest
import spacy

from nlp.gazetteer import SPANS_KEY, gazetteer_patterns
from nlp.inflect import forms
from nlp.pipeline import ModelMissingWarning, build

ALL_FILES = ["systems.jsonl", "orgs.jsonl", "regimes.jsonl", "countries.jsonl", "triggers.jsonl", "extra.jsonl"]


@pytest.fixture(scope="module")
def gazetteer():
    nlp = spacy.blank("en")
    nlp.add_pipe("irwatch_gazetteer", config={"patterns": {"@misc": "irwatch.gazetteer_patterns.v1",
                                                            "files": ALL_FILES}})
    return nlp


@pytest.fixture(scope="module")
def blank_pipeline():
    with pytest.warns(ModelMissingWarning):
        return build(models=[])


def spans(nlp, text, label):
    doc = nlp(text)
    return [(s.text, s.kb_id_) for s in doc.spans[SPANS_KEY] if s.label_ == label]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("India took delivery of the S-400 Triumf.", ("S-400 Triumf", "S-400")),
        ("The S400 squadrons are deployed.", ("S400", "S-400")),
        ("Production of AK-203 rifles began at Korwa.", ("AK-203", "AK-203")),
        ("The IAF flies the Su-30MKI.", ("Su-30MKI", "Su-30MKI")),
        ("INS Tushil was commissioned at Kaliningrad.", ("INS Tushil", "Talwar-class frigate")),
        ("Units 3 and 4 of Kudankulam are under construction.", ("Kudankulam", "Kudankulam")),
        ("The BrahMos missile is a joint venture.", ("BrahMos missile", "BrahMos")),
    ],
)
def test_systems(gazetteer, text, expected):
    assert expected in spans(gazetteer, text, "SYSTEM")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("India may face CAATSA sanctions.", "CAATSA"),
        ("The Countering America's Adversaries Through Sanctions Act applies.", "CAATSA"),
        ("The G7 price cap of $60 took effect.", "oil price cap"),
        ("Washington threatened secondary tariffs on buyers.", "secondary tariffs"),
    ],
)
def test_regimes(gazetteer, text, expected):
    assert expected in {kb for _, kb in spans(gazetteer, text, "REGIME")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("New Delhi and Moscow agreed.", {"India", "Russia"}),
        ("The US and Turkey disagreed.", {"United States", "Turkey"}),
        ("Let us see what happens.", set()),  # "us" the pronoun is not the United States
    ],
)
def test_countries(gazetteer, text, expected):
    assert {kb for _, kb in spans(gazetteer, text, "GPE_DOMAIN")} == expected


def test_lemma_patterns_match_without_a_lemmatizer(gazetteer):
    assert ("signed", "deal:signed") in spans(gazetteer, "India signed the contract.", "STATUS_CUE")
    assert ("waiver", "sanction:waived") in spans(gazetteer, "Lawmakers sought a waiver.", "STATUS_CUE")


@pytest.mark.parametrize("lemma, form", [("sign", "signed"), ("deliver", "delivering"), ("scrap", "scrapped"),
                                         ("shelve", "shelved"), ("buy", "bought"), ("supply", "supplied")])
def test_inflections(lemma, form):
    assert form in forms(lemma)


def test_pattern_loader_reports_the_bad_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"label": "SYSTEM", "pattern": "S-400", "id": "S-400"}\n{oops\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        gazetteer_patterns(["bad.jsonl"], directory=str(tmp_path))


def _events(nlp, text):
    return nlp(text)._.irw_events


def test_blank_pipeline_extracts_a_deal(blank_pipeline):
    [event] = [e for e in _events(blank_pipeline, "India signed a Rs 5,000 crore deal for 6.1 lakh AK-203 rifles.")
               if e["type"] == "deal"]
    assert (event["system"], event["status"], event["quantity"], event["currency"]) == ("AK-203", "signed", 610000,
                                                                                          "INR")


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("The US warned India could face CAATSA sanctions over the S-400.", "threatened"),
        ("Washington granted India a CAATSA waiver for the S-400 deal.", "waived"),
        ("The US imposed CAATSA sanctions on Russia's arms exporter Rosoboronexport over India sales.", "imposed"),
        ("The US has not imposed CAATSA sanctions on India.", "discussed"),
    ],
)
def test_blank_pipeline_sanction_status(blank_pipeline, sentence, status):
    [event] = [e for e in _events(blank_pipeline, sentence) if e["type"] == "sanction"]
    assert event["regime"] == "CAATSA" and event["caatsa"] is True and event["status"] == status


def test_blank_pipeline_offsets_point_at_the_sentence(blank_pipeline):
    text = "Trade news. India-Russia trade reached $65.7 billion in 2023-24."
    [event] = [e for e in _events(blank_pipeline, text) if e["type"] == "trade_figure"]
    assert text[event["start"]:event["end"]] == event["sentence"]
    assert text[event["mention_start"]:event["mention_end"]] == "$65.7 billion"
