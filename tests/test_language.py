"""nlp/language.py: languages identified by lingua, on real excerpts (by id from ../shared/) and on
mixed, short and transliterated strings of our own."""

from __future__ import annotations

import pytest

from nlp.language import identify


@pytest.mark.parametrize(
    ("item_id", "code"),
    [
        ("pool-54ff101681", "en"), ("pool-8449d530e9", "en"), ("pool-1d9357873a", "en"), ("pool-a40c03c445", "en"),
        ("pool-df35ce0eeb", "ru"), ("pool-50c347ee1d", "ru"), ("pool-b3b8e25367", "ru"), ("pool-23dfa11f0d", "ru"),
        ("pool-7d7cb335c3", "hi"), ("pool-c0b1e026c0", "hi"), ("pool-ab46bface7", "hi"), ("pool-473bdcd3d2", "hi"),
    ],
)
def test_real_excerpts(pool, item_id, code):
    guess = identify(pool[item_id]["text"])
    assert guess.code == code and guess.confidence >= 0.5


def test_every_pool_item_gets_its_collected_language(pool):
    found = {i: identify(r["text"]).code for i, r in pool.items()}
    wrong = [(i, r["lang"], found[i]) for i, r in pool.items() if found[i] != r["lang"]]
    assert not wrong


@pytest.mark.parametrize(
    ("text", "code", "script"),
    [
        ("The first two squadrons reached the western front last spring.", "en", "Latn"),
        ("Поставки второго полка задерживаются до конца года, сообщил источник.", "ru", "Cyrl"),
        ("दूसरी खेप अगले साल तक पहुंचने की उम्मीद है, सूत्रों ने बताया।", "hi", "Deva"),
        # mixed: an English report quoting a Russian phrase is English
        ("The spokesman said the talks were useful and used the phrase «полное взаимопонимание» twice.", "en", "Latn"),
        # transliterated Hindi and Russian, which lingua alone reads as English
        ("Bharat aur Roos ke beech naya samjhauta hua hai", "hi", "Latn"),
        ("Rossiya i Indiya obsudili postavki v etom godu", "ru", "Latn"),
        # too short to tell: no language, no confidence
        ("S-400", None, "Latn"),
        ("", None, None),
        (None, None, None),
    ],
)
def test_own_table(text, code, script):
    guess = identify(text)
    assert (guess.code, guess.script) == (code, script)
    if code is None:
        assert guess.confidence == 0.0
