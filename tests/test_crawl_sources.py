"""irwatch/sources.py: the YAML registry, its sync into `sources`, ad hoc feeds."""

from __future__ import annotations

import doctest

import pytest
import yaml

import irwatch.sources
from irwatch.crawl import spider_for
from irwatch.sources import (
    REGISTRY_PATH,
    RegistryError,
    adhoc_feed_name,
    find_source,
    load_registry,
    register_feed,
    sync_sources,
)

GOOD = {
    "name": "tass-english",
    "title": "TASS",
    "homepage": "https://tass.com/",
    "kind": "feed",
    "url": "https://tass.com/rss/v2.xml",
    "tier": "wire",
    "country": "RU",
    "language": "en",
    "confirmed": True,
    "evidence": "somewhere",
    "note": "",
}


def write(tmp_path, entries) -> str:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    return path


def test_the_committed_registry_is_valid():
    registry = load_registry(REGISTRY_PATH)
    assert registry and len({e["name"] for e in registry}) == len(registry)


def test_every_registered_feed_and_sitemap_has_a_spider():
    for entry in load_registry(REGISTRY_PATH):
        if (
            entry["kind"] in ("feed", "sitemap")
            or "mea.gov.in" in entry["url"]
            or "pib.gov.in" in entry["url"]
        ):
            assert spider_for(entry) in ("feed", "sitemap", "mea", "pib")


def test_load_registry_fills_defaults(tmp_path):
    entry = {k: v for k, v in GOOD.items() if k not in ("language", "confirmed", "note", "evidence")}
    [loaded] = load_registry(write(tmp_path, [entry]))
    assert loaded["language"] == "en" and loaded["confirmed"] is False and loaded["note"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Bad Name"}, "must be lowercase"),
        ({"kind": "api"}, "kind 'api' must be one of feed, sitemap, listing"),
        ({"tier": "blog"}, "tier 'blog' must be one of official, wire, media"),
        ({"url": "tass.com/rss"}, "must be an absolute http"),
        ({"confirmed": "yes"}, "confirmed must be true or false"),
        ({"colour": "red"}, "unknown keys ['colour']"),
    ],
)
def test_load_registry_refuses_bad_entries(tmp_path, change, message):
    with pytest.raises(RegistryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_registry(write(tmp_path, [{**GOOD, **change}]))


def test_load_registry_refuses_duplicate_names(tmp_path):
    with pytest.raises(RegistryError, match="used twice"):
        load_registry(write(tmp_path, [GOOD, GOOD]))


def test_load_registry_refuses_a_non_list(tmp_path):
    with pytest.raises(RegistryError, match="expected a list"):
        load_registry(write(tmp_path, {"sources": [GOOD]}))


def test_missing_registry(tmp_path):
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "nope.yaml")


@pytest.mark.db
def test_sync_sources_upserts_by_name_and_leaves_enabled_alone(conn):
    assert sync_sources(conn, [GOOD]) == 1
    conn.execute("update sources set enabled = false")
    first = find_source(conn, "tass-english")
    assert sync_sources(conn, [GOOD]) == 1  # unchanged: the row is not rewritten
    assert find_source(conn, "tass-english") == first
    sync_sources(conn, [{**GOOD, "url": "https://tass.com/rss/v3.xml"}])
    row = find_source(conn, "tass-english")
    assert row["url"] == "https://tass.com/rss/v3.xml" and row["enabled"] is False and row["tier"] == "wire"
    assert conn.execute("select count(*) from sources").fetchone() == (1,)


@pytest.mark.db
def test_sync_the_committed_registry(conn):
    registry = load_registry()
    assert sync_sources(conn) == len(registry)
    assert conn.execute("select count(*) from sources").fetchone() == (len(registry),)


@pytest.mark.db
def test_register_feed_is_idempotent_and_refuses_to_repoint_a_name(conn):
    url = "https://example.com/rss/world.xml"
    name = register_feed(conn, url, title="Example world")
    assert name == adhoc_feed_name(url) and register_feed(conn, url) == name
    row = find_source(conn, name)
    assert (row["kind"], row["url"], row["confirmed"], row["homepage"]) == (
        "feed",
        url,
        False,
        "https://example.com/",
    )
    with pytest.raises(RegistryError, match="already exists"):
        register_feed(conn, "https://example.com/other.xml", name=name)
    with pytest.raises(RegistryError, match="absolute http"):
        register_feed(conn, "file:///etc/passwd")


@pytest.mark.db
def test_register_feed_repoints_a_moved_feed_only_when_asked(conn):
    name = register_feed(conn, "http://127.0.0.1:4000/feed.xml", name="local-demo")
    assert register_feed(conn, "http://127.0.0.1:5000/feed.xml", name="local-demo", repoint=True) == name
    row = find_source(conn, name)
    assert (row["url"], row["homepage"]) == ("http://127.0.0.1:5000/feed.xml", "http://127.0.0.1:5000/")
    assert conn.execute("select count(*) from sources").fetchone() == (1,)


def test_doctests():
    assert doctest.testmod(irwatch.sources).failed == 0
