"""Story identity on invented texts: copies match however they were cut, stock text and new facts do not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from irwatch.stories import signature as sg

ROOT = Path(__file__).resolve().parent.parent

# An invented report, one paragraph a line.
BASE = [
    "Moscow and New Delhi agreed on Tuesday to set up a joint plant in Nagpur that will assemble "
    "spare gearboxes for the Indian Navy's ageing fleet of Kilo-class submarines.",
    "The plant, run by a consortium of three Indian firms and a Russian shipyard, is expected to turn out "
    "forty gearboxes a year once it reaches full capacity in late 2027.",
    "Officials from both governments said the first units would be fitted to two boats now in dry dock "
    "at Visakhapatnam, where repairs have stalled for want of parts.",
    "A senior navy officer, who asked not to be named, said the deal would cut the waiting time for "
    "major overhauls from three years to less than eighteen months.",
    "The Russian side will train about 120 Indian technicians at its yard on the White Sea before "
    "production begins, according to a statement from the consortium.",
    "Payment for the Russian components will be settled in rupees through a special account held at "
    "a state-run bank in Mumbai, the statement added.",
    "Shares of the largest Indian partner, a mid-sized engineering group based in Pune, rose nearly "
    "four percent in early trade after the announcement.",
]
EXTRA = (
    "Analysts at a Bengaluru think tank noted that the navy has long complained about the slow supply "
    "of parts for its Soviet-era vessels, and that local assembly had been discussed for more than a decade."
)
CAATSA = (
    "CAATSA, the Countering America's Adversaries Through Sanctions Act, is a US federal law enacted in "
    "2017 to punish countries that do significant business with Russia's defence sector."
)


def page(paragraphs, title="Russia, India to build submarine gearboxes in Nagpur", published=None):
    return sg.sign(title, "\n\n".join(paragraphs), published, "Example Wire")


def reworded():
    """The same report, reworded sentence by sentence as a desk would."""
    return [
        "New Delhi and Moscow on Tuesday agreed to set up a joint plant at Nagpur to assemble spare "
        "gearboxes for the Indian Navy's ageing Kilo-class submarine fleet.",
        "Run by a consortium of three Indian companies and a Russian shipyard, the plant should produce "
        "forty gearboxes a year when it reaches full capacity in late 2027.",
        "The first units will go to two boats lying in dry dock at Visakhapatnam, where repairs have "
        "stalled because parts are missing, officials of both governments said.",
        "The deal would reduce the wait for major overhauls from three years to under eighteen months, "
        "a senior navy officer said on condition of anonymity.",
        "Before production starts, about 120 Indian technicians will be trained at the Russian yard on "
        "the White Sea, the consortium said in a statement.",
    ]


@pytest.mark.parametrize(
    ("case", "other"),
    [
        ("trimmed copy", BASE[:3]),
        ("copy with a paragraph appended", BASE + [EXTRA]),
        ("re-ordered copy", [BASE[3], BASE[0], BASE[5], BASE[1], BASE[6], BASE[2], BASE[4]]),
        ("copy with a new headline and a paragraph dropped", BASE[:4] + BASE[5:]),
        (
            "copy with furniture around it",
            ["Also read: Navy orders new tugs", *BASE, "Subscribe to our newsletter"],
        ),
        ("copy reworded sentence by sentence", reworded()),
    ],
)
def test_copies_match(case, other):
    title = "Nagpur plant to make Kilo gearboxes" if "headline" in case else None
    decision = sg.same_story(page(BASE), page(other, title=title))
    assert decision.same, (case, decision)


@pytest.mark.parametrize(
    ("case", "a", "b"),
    [
        (
            "two stories sharing only the stock CAATSA sentence",
            [
                "India's state refiners paid for a cargo of Urals crude in dirhams last week, two traders said.",
                CAATSA,
            ],
            ["The navy commissioned its second stealth frigate built at a Russian yard on Friday.", CAATSA],
        ),
        (
            "a follow-up with a new vote",
            [
                "A US Senate panel on Monday introduced a bill that would widen sanctions on buyers of "
                "Russian air defence systems.",
                *BASE[1:6],
            ],
            [
                "The US Senate on Thursday passed a bill by 68 votes to 30 that would widen sanctions on "
                "buyers of Russian air defence systems.",
                *BASE[1:6],
            ],
        ),
        (
            "a follow-up with a new figure in the lead",
            [
                "India will buy 12 more Su-30MKI jets from HAL, the defence ministry said on Monday.",
                *BASE[2:6],
            ],
            [
                "India will buy 26 more Su-30MKI jets from HAL, the defence ministry said on Monday.",
                *BASE[2:6],
            ],
        ),
    ],
)
def test_different_events_do_not_merge(case, a, b):
    decision = sg.same_story(page(a, title=None), page(b, title=None))
    assert not decision.same, (case, decision)


def test_stock_sentence_is_not_signed():
    assert sg.clean_sentences(CAATSA + "\n" + BASE[0]) == [BASE[0]]


@pytest.mark.parametrize(
    ("days", "same"),
    [(0, True), (1, True), (5, True), (30, False)],
)
def test_publication_dates_far_apart_are_different_stories(days, same):
    a = page(BASE, published="2024-03-01")
    b = page(BASE, published=f"2024-03-{1 + days:02d}" if days < 30 else "2024-03-31")
    assert sg.same_story(a, b).same is same


def test_reworded_copy_must_be_close_in_time():
    a = page(BASE, published="2024-03-01")
    assert sg.same_story(a, page(reworded(), published="2024-03-02")).same
    assert not sg.same_story(a, page(reworded(), published="2024-03-05")).same


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("By Asha Menon", None),
        ("Also Read: Russia offers India new reactors", None),
        ("Sign up for our daily newsletter to get the top stories.", None),
        ("Updated: 12 Mar 2024, 09:41 PM IST", None),
        ("(With inputs from agencies)", None),
        ("Your email address will not be published.", None),
        (
            "NEW DELHI: India signed a deal for two frigates on Monday.",
            "India signed a deal for two frigates on Monday.",
        ),
        (
            "MOSCOW (Reuters) - Russia said it would ship more coal to India.",
            "Russia said it would ship more coal to India.",
        ),
        (
            "India signed a $5.43 billion deal with Russia in October 2018 for five S-400 units.",
            None,
        ),
        (
            "The frigate will be handed over to the navy in May next year.",
            "The frigate will be handed over to the navy in May next year.",
        ),
    ],
)
def test_boilerplate_patterns(line, kept):
    assert sg.clean_sentences(line) == ([kept] if kept else [])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("imports rose to 2,80,000 tonnes", "imports rose to 280,000 tonnes"),
        ("exports fell 10 per cent", "exports fell 10%"),
        ("a record 1.29m tonnes", "a record 1.29 million tonnes"),
        ("two reactors", "2 reactors"),
    ],
)
def test_spelling_of_numbers_does_not_matter(a, b):
    assert sg.tokens(a) == sg.tokens(b)


def test_common_sentences_are_those_of_unrelated_stories():
    stock = (
        "Officials say the two countries have long enjoyed a special and privileged strategic partnership."
    )
    unrelated = [
        ["India's refiners bought record volumes of Russian crude oil in March, tanker data showed.", stock],
        [
            "A Russian shipyard delivered a stealth frigate to the Indian Navy at Kaliningrad on Friday.",
            stock,
        ],
        [
            "Indian pharmaceutical exports to Russia rose sharply in the first quarter, trade figures showed.",
            stock,
        ],
        ["A delegation from Chennai port visited Vladivostok to discuss a direct container service.", stock],
    ]
    assert len(unrelated) >= sg.COMMON_MIN_STORIES
    copies = [BASE, BASE[:5], BASE[1:]]
    sigs = [page(p, title=None) for p in unrelated + copies]
    common = sg.common_sentences(sigs)
    assert sg.sentence_keys(page([stock], title=None))[0] in common
    assert not set(sg.sentence_keys(page(BASE, title=None))) & common


def test_band_keys_shape():
    keys = sg.band_keys(page(BASE))
    assert len(keys) == sg.SHINGLE_BANDS + sg.WORD_BANDS
    assert all(0 <= k < 2**63 for k in keys)
    assert len(sg.minhash_values(page(BASE))) == sg.SHINGLE_PERM + sg.WORD_PERM
    assert sg.band_keys(sg.sign(None, "")) == []


def test_copies_share_band_keys_and_unrelated_pages_do_not():
    base = set(sg.band_keys(page(BASE)))
    assert base & set(sg.band_keys(page(BASE[:4])))
    assert base & set(sg.band_keys(page(reworded())))
    other = page(
        [
            "The navy commissioned its second stealth frigate built at a Russian yard on Friday, officials said."
        ]
    )
    assert not base & set(sg.band_keys(other))


_PRINT_KEYS = (
    "import sys, json; from irwatch.stories import signature as sg; "
    "print(json.dumps(sg.band_keys(sg.sign(sys.argv[1], sys.argv[2]))))"
)


@pytest.mark.parametrize("hash_seed", ["0", "12345"])
def test_band_keys_stable_across_processes(hash_seed):
    import json
    import os

    title, text = "Nagpur gearbox plant", "\n\n".join(BASE)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", _PRINT_KEYS, title, text],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(out.stdout) == sg.band_keys(sg.sign(title, text))


def test_empty_pages_are_never_the_same_story():
    decision = sg.same_story(sg.sign(None, ""), page(BASE))
    assert not decision.same
    assert decision.reason == "no text to compare"


def test_decision_is_symmetric():
    a, b = page(BASE), page(BASE[:3] + [EXTRA])
    assert sg.same_story(a, b) == sg.same_story(b, a)


@pytest.mark.parametrize("name", ["irwatch.stories.signature", "irwatch.stories.evaluate"])
def test_docstring_examples(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_common_sentences_are_left_out_of_the_decision():
    stock = (
        "The two countries have for decades described their ties as a special and privileged strategic "
        "partnership built on defence, energy and space cooperation."
    )
    a = page(["India's refiners bought record volumes of Russian crude in March, tanker data showed.", stock])
    b = page(["A Russian shipyard handed a stealth frigate to the Indian Navy on Friday.", stock])
    common = frozenset(sg.sentence_keys(page([stock], title=None)))
    assert sg.same_story(a, b).containment >= sg.COPY_CONTAINMENT
    assert not sg.same_story(a, b, common).same
