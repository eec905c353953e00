"""`scrapy crawl … -O out.jsonl` as a user runs it: a real subprocess, the fixture site, no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from irwatch.config import PROJECT_ROOT
from irwatch.sources import adhoc_feed_name
from tests.crawl_site_server import FIXTURE_DIR, CrawlSite, word_f1

EXPECTED = json.loads((FIXTURE_DIR / "expected.json").read_text(encoding="utf-8"))["pages"]
FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "DOWNLOAD_TIMEOUT=1.5",
    "-s",
    "RETRY_TIMES=1",
    "-s",
    "IRWATCH_RETRY_BACKOFF_BASE=0.05",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]
# pages whose publication instant is in machine-readable metadata (official pages print it in the layout,
# which only their own spiders read; through a generic feed they get the feed's timestamp for that day)
METADATA_DATED = {
    p
    for p, page in EXPECTED.items()
    if page["published_at"] and not p.startswith(("/PressRelease", "/press-releases"))
}


def scrapy_crawl(tmp_path: Path, spider: str, *args: str, env: dict | None = None) -> tuple[list[dict], str]:
    out = tmp_path / f"{spider}.jsonl"
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("IRWATCH_")}
    clean_env.update({"IRWATCH_ALLOW_PRIVATE": "127.0.0.0/8", **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", spider, *args, "-O", str(out), *FAST],
        cwd=PROJECT_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = (
        [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    )
    return items, proc.stderr


@pytest.fixture(scope="module")
def rss2(tmp_path_factory):
    with CrawlSite() as site:
        items, log = scrapy_crawl(
            tmp_path_factory.mktemp("rss2"), "feed", "-a", f"url={site.url('/feeds/rss2.xml')}"
        )
        yield site, {item["url"][len(site.base) :]: item for item in items}, log


def _item(rss2, path):
    site, items, _ = rss2
    page = EXPECTED[path]
    for item in items.values():
        if item["canonical_url"] == site.base + page["canonical_path"]:
            return site, page, item
    raise AssertionError(f"no item for {path}; got {sorted(items)}")


KEPT = sorted(p for p, page in EXPECTED.items() if page["rss2_outcome"] == "kept")


def test_one_line_per_kept_article(rss2):
    _, items, _ = rss2
    assert len(items) == 10


@pytest.mark.parametrize("path", KEPT)
def test_title(rss2, path):
    _, page, item = _item(rss2, path)
    assert item["title"] == page["title"]


@pytest.mark.parametrize("path", KEPT)
def test_canonical_url(rss2, path):
    site, page, item = _item(rss2, path)
    assert item["canonical_url"] == site.base + page["canonical_path"]


@pytest.mark.parametrize("path", KEPT)
def test_published_at(rss2, path):
    _, page, item = _item(rss2, path)
    if path in METADATA_DATED:
        assert item["published_at"] == page["published_at"]
    elif page["published_on"]:
        assert item["published_at"][:10] == page["published_on"]
    else:
        assert item["published_at"] is None  # the page's only dates are impossible (2091, 1970)


@pytest.mark.parametrize("path", KEPT)
def test_text_is_the_story(rss2, path):
    _, page, item = _item(rss2, path)
    assert word_f1(item["text"], page["text"]) >= 0.85, item["text"]


@pytest.mark.parametrize("path", KEPT)
def test_language(rss2, path):
    _, page, item = _item(rss2, path)
    assert item["language"] == page["language"]


@pytest.mark.parametrize("path", KEPT)
def test_authors(rss2, path):
    _, page, item = _item(rss2, path)
    assert item["authors"] == page["authors"]


def test_source_is_the_ad_hoc_feed_name(rss2):
    site, items, _ = rss2
    assert {item["source"] for item in items.values()} == {adhoc_feed_name(site.url("/feeds/rss2.xml"))}


def test_operational_fields(rss2):
    _, items, _ = rss2
    for item in items.values():
        assert len(item["html_sha256"]) == 64
        assert item["http_status"] == 200
        assert item["fetched_at"].endswith("+00:00")


def test_tracking_parameters_never_reach_canonical_urls(rss2):
    _, items, _ = rss2
    assert not [
        i["canonical_url"]
        for i in items.values()
        if "utm_" in i["canonical_url"] or "ref=" in i["canonical_url"]
    ]


def test_gzip_page_is_decoded(rss2):
    _, _, item = _item(rss2, "/gzip/news/shipping/chennai-vladivostok-corridor-first-year")
    assert item["text"].startswith("When the Eastern Maritime Corridor")


def test_cp1252_page_without_charset_is_decoded(rss2):
    _, _, item = _item(rss2, "/cp1252/india-russia-rupee-rouble-trade.html")
    assert "it’s closer to a week" in item["text"] and "Café" in item["text"]


def test_comments_related_stories_and_banners_are_not_text(rss2):
    _, items, _ = rss2
    text = "\n".join(i["text"] for i in items.values())
    for boilerplate in (
        "We use cookies",
        "Related stories",
        "rkumar_77",
        "insist on full technology transfer",
        "Subscribe now",
        "Also Read",
        "internal-note",
        "robots.txt disallows",
    ):
        assert boilerplate not in text


def test_bad_cases_are_logged_with_their_reason(rss2):
    _, _, log = rss2
    for line in (
        "robots-disallowed: ",
        "http-404: ",
        "http-500: ",
        "timeout: ",
        "too-large: ",
        "redirect-loop: ",
        "private-address: http://10.0.0.1/",
        "Dropped: off-topic: ",
        "Dropped: too-short: ",
        "Dropped: duplicate: ",
        "date rejected: ",
    ):
        assert line in log


def test_ten_dot_address_is_never_contacted(rss2):
    _, _, log = rss2
    assert "Crawled (200) <GET http://10.0.0.1" not in log
    assert "refused before connecting" in log


def test_prefilter_can_be_switched_off(tmp_path):
    with CrawlSite() as site:
        items, _ = scrapy_crawl(
            tmp_path, "feed", "-a", f"url={site.url('/feeds/rss2.xml')}", env={"IRWATCH_PREFILTER": "0"}
        )
    assert any("/sport/cricket/" in i["url"] for i in items)


def test_loopback_is_refused_by_default(tmp_path):
    with CrawlSite() as site:
        items, log = scrapy_crawl(
            tmp_path, "feed", "-a", f"url={site.url('/feeds/rss2.xml')}", env={"IRWATCH_ALLOW_PRIVATE": "0"}
        )
    assert items == []
    assert "127.0.0.1 is a loopback address" in log


@pytest.mark.parametrize(
    ("feed", "expected_paths"),
    [
        (
            "/feeds/atom.xml",
            {
                "/politics/1815551",
                "/world-news/modi-putin-kudankulam-units-talks-6012345",
                "/cp1252/india-russia-rupee-rouble-trade.html",
            },
        ),
        (
            "/feeds/rss1.rdf",
            {
                "/PressReleasePage.aspx?PRID=2032001",
                "/press-releases.htm?dtl/37950/Joint_Statement_following_the_22nd_IndiaRussia_Annual_Summit",
            },
        ),
    ],
)
def test_atom_and_rss1_feeds(tmp_path, feed, expected_paths):
    with CrawlSite() as site:
        items, _ = scrapy_crawl(tmp_path, "feed", "-a", f"url={site.url(feed)}")
    assert {i["canonical_url"][len(site.base) :] for i in items} == expected_paths


def test_malformed_feed_is_counted_and_what_can_be_read_is_crawled(tmp_path):
    with CrawlSite() as site:
        items, log = scrapy_crawl(tmp_path, "feed", "-a", f"url={site.url('/feeds/broken.xml')}")
    assert "feed-malformed: " in log
    assert "'irwatch/error/feed-malformed': 1" in log
    assert {i["canonical_url"][len(site.base) :] for i in items} <= {
        "/politics/1815551",
        "/news/world/lavrov-jaishankar-phone-call",
    }


def test_sitemap_index_filtered_by_since(tmp_path):
    with CrawlSite() as site:
        items, log = scrapy_crawl(
            tmp_path, "sitemap", "-a", f"url={site.url('/sitemaps/index.xml')}", "-a", "since=2024-07-01"
        )
    assert {i["canonical_url"][len(site.base) :] for i in items} == {
        "/news/national/india-russia-s-400-third-squadron/article68401234.ece",
        "/news/defence/india-russia-ak-203-rifle-deliveries/articleshow/111612345.cms",
        "/news/shipping/chennai-vladivostok-corridor-first-year",
    }
    assert "'irwatch/skipped/stale-sitemap': 1" in log  # archive-2019.xml is never fetched
    assert "'irwatch/skipped/stale-entry': 1" in log  # the 2023 story in the news sitemap
    assert "'irwatch/skipped/not-article-url': 1" in log  # /tag/russia/
    assert "archive-2019.xml" not in log.split("Spider opened", 1)[1].split("Dumping Scrapy stats")[0]


def test_sitemap_without_since_reads_the_archive(tmp_path):
    with CrawlSite() as site:
        items, _ = scrapy_crawl(tmp_path, "sitemap", "-a", f"url={site.url('/sitemaps/index.xml')}")
    assert any("dtl/31600" in i["url"] for i in items)


def test_mea_listing_with_pagination(tmp_path):
    with CrawlSite() as site:
        items, _ = scrapy_crawl(
            tmp_path, "mea", "-a", f"url={site.url('/press-releases.htm?51/Press_Releases')}"
        )
    by_path = {i["canonical_url"][len(site.base) :]: i for i in items}
    assert set(by_path) == {p for p in EXPECTED if p.startswith("/press-releases.htm")}  # page 2 followed
    for path, item in by_path.items():
        assert item["title"] == EXPECTED[path]["title"]
        assert item["source"] == "mea"
        # "July 09, 2024" on an IST page is 2024-07-08T18:30:00+00:00
        assert item["published_at"].endswith("T18:30:00+00:00")
        assert word_f1(item["text"], EXPECTED[path]["text"]) >= 0.85


def test_mea_listing_since_stops_before_old_pages(tmp_path):
    with CrawlSite() as site:
        items, _ = scrapy_crawl(
            tmp_path,
            "mea",
            "-a",
            f"url={site.url('/press-releases.htm?51/Press_Releases')}",
            "-a",
            "since=2024-07-01",
        )
    assert [i["canonical_url"].split("dtl/")[1][:5] for i in items] == ["37950"]


def test_pib_listing_reads_posted_on_and_headline(tmp_path):
    with CrawlSite() as site:
        items, log = scrapy_crawl(tmp_path, "pib", "-a", f"url={site.url('/allRel.aspx')}")
    by_path = {i["canonical_url"][len(site.base) :]: i for i in items}
    assert set(by_path) == {"/PressReleasePage.aspx?PRID=2032001", "/PressReleasePage.aspx?PRID=2031500"}
    for path, item in by_path.items():
        assert item["title"] == EXPECTED[path]["title"]
        assert item["published_at"] == EXPECTED[path]["published_at"]  # "Posted On" read as IST
    assert "Dropped: off-topic: " in log  # the kharif sowing release


def test_unknown_source_fails_the_crawl(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "feed", "-a", "source=no-such-source"],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("IRWATCH_")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert "no source named 'no-such-source'" in proc.stderr
