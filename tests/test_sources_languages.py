"""crawlers/sources.yaml covers Russian- and Hindi-language outlets and the officials who confirm them (issue 14)."""

from __future__ import annotations

from collections import Counter

import pytest

from irwatch.sources import REGISTRY_PATH, load_registry

REGISTRY = load_registry(REGISTRY_PATH)
# the languages the crawl routes; a typo such as "rus" or "hin" would silently skip tagging
LANGUAGES = {"en", "ru", "hi"}


def by_language(language: str) -> list[dict]:
    return [e for e in REGISTRY if e["language"] == language]


def test_every_language_is_one_irwatch_routes():
    assert {e["language"] for e in REGISTRY} <= LANGUAGES


@pytest.mark.parametrize(("language", "at_least"), [("ru", 10), ("hi", 5)])
def test_enough_media_outlets_in_each_language(language, at_least):
    outlets = {e["homepage"] for e in by_language(language) if e["tier"] != "official"}
    assert len(outlets) >= at_least


@pytest.mark.parametrize(
    ("host", "language"),
    [("kremlin.ru", "ru"), ("mid.ru", "ru"), ("pib.gov.in", "hi")],
)
def test_official_sources_in_the_language_they_publish(host, language):
    official = [e for e in by_language(language) if e["tier"] == "official" and host in e["url"]]
    assert official, f"no official {language} source on {host}"


@pytest.mark.parametrize(("language", "country"), [("ru", {"RU"}), ("hi", {"IN", "INT"})])
def test_country_matches_the_language(language, country):
    assert {e["country"] for e in by_language(language)} <= country


def test_confirmed_entries_say_where_the_url_was_found():
    for entry in by_language("ru") + by_language("hi"):
        if entry["confirmed"]:
            assert entry["evidence"], entry["name"]


def test_no_url_is_registered_twice():
    urls = Counter(e["url"] for e in REGISTRY)
    assert [u for u, n in urls.items() if n > 1] == []
