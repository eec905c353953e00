"""crawlers/extraction.py, feeds.py, sitemaps.py on the saved fixture pages, offline, frozen clock."""

from __future__ import annotations

import asyncio
import gzip
import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawlers.dates import parse_published, to_iso
from crawlers.extraction import (
    extract_article,
    extract_canonical,
    extract_language,
    extract_published,
    fallback_text,
)
from crawlers.feeds import parse_feed
from crawlers.sitemaps import SitemapError, parse_sitemap, sitemap_body
from crawlers.spiders.feed import FeedSpider
from tests.crawl_site_server import FIXTURE_DIR, expected_pages, word_f1

NOW = datetime(2024, 7, 12, 12, 0, tzinfo=UTC)
BASE = "https://crawl-site.test"
EXPECTED = expected_pages()
METADATA_DATED = [
    p
    for p, page in EXPECTED.items()
    if page["published_at"] and not p.startswith(("/PressRelease", "/press-releases"))
]


def page_html(path: str) -> str:
    page = EXPECTED[path]
    raw = (FIXTURE_DIR / page["file"]).read_bytes().replace(b"{{BASE}}", BASE.encode())
    return raw.decode("cp1252" if page["file"].startswith("cp1252/") else "utf-8")


def extract(path: str, **kwargs):
    return extract_article(page_html(path), BASE + path, now=NOW, **kwargs)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_title(path):
    title = extract(path, page_title=None, feed_title=EXPECTED[path]["title"]).title
    assert title == EXPECTED[path]["title"]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_canonical_url(path):
    assert extract(path).canonical_url == BASE + EXPECTED[path]["canonical_path"]


@pytest.mark.parametrize("path", METADATA_DATED)
def test_published_at_from_page_metadata(path):
    assert to_iso(extract(path).published_at) == EXPECTED[path]["published_at"]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_main_text_word_f1(path):
    assert word_f1(extract(path).text, EXPECTED[path]["text"]) >= 0.85


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_authors(path):
    assert extract(path).authors == EXPECTED[path]["authors"]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_language(path):
    assert extract(path).language == EXPECTED[path]["language"]


def test_impossible_dates_are_rejected_with_reasons_and_left_null():
    result = extract("/news/world/rosatom-kudankulam-fuel-delivery")
    assert result.published_at is None
    assert [r.split(": ")[1] for r in result.date_rejections] == ["in-future", "too-old"]


def test_feed_date_is_the_last_resort():
    result = extract("/news/world/rosatom-kudankulam-fuel-delivery", feed_published="2024-07-11T10:00:00Z")
    assert to_iso(result.published_at) == "2024-07-11T10:00:00+00:00" and result.published_from == "feed"


def test_page_layout_date_in_local_time():
    result = extract(
        "/PressReleasePage.aspx?PRID=2032001",
        page_date="09 JUL 2024 7:30PM",
        default_tz=ZoneInfo("Asia/Kolkata"),
    )
    assert (
        to_iso(result.published_at) == "2024-07-09T14:00:00+00:00" and result.published_from == "page layout"
    )


def test_htmldate_day_is_refined_by_a_feed_time_on_that_day():
    result = extract(
        "/press-releases.htm?dtl/37950/Joint_Statement_following_the_22nd_IndiaRussia_Annual_Summit",
        feed_published="2024-07-09T13:00:00Z",
    )
    assert to_iso(result.published_at) == "2024-07-09T13:00:00+00:00"


def test_modified_at_from_metadata():
    assert to_iso(
        extract("/news/national/india-russia-s-400-third-squadron/article68401234.ece").modified_at
    ) == ("2024-07-10T02:40:00+00:00")


def test_headline_is_not_repeated_as_the_first_line_of_text():
    result = extract("/politics/1815551")
    assert not result.text.startswith(result.title)


@pytest.mark.parametrize(
    ("html", "canonical"),
    [
        ('<link rel="canonical" href="/a/b?utm_source=x">', f"{BASE}/a/b"),
        ('<meta property="og:url" content="https://crawl-site.test/a/b#top">', f"{BASE}/a/b"),
        ('<link rel="canonical" href="/">', f"{BASE}/news/story-about-things"),  # root canonical: a CMS bug
        ('<link rel="canonical" href="  ">', f"{BASE}/news/story-about-things"),
        ("", f"{BASE}/news/story-about-things"),
    ],
)
def test_extract_canonical(html, canonical):
    tree = lxml.html.document_fromstring(f"<html><head>{html}</head><body><p>x</p></body></html>")
    meta = {el.get("property"): [el.get("content")] for el in tree.iter("meta")}
    assert extract_canonical(tree, meta, f"{BASE}/news/story-about-things?utm_medium=rss") == canonical


@pytest.mark.parametrize(
    ("html", "language"),
    [
        ('<html lang="en-IN">', "en"),
        ('<html lang="hi">', "hi"),
        ('<html lang="ru_RU">', "ru"),
        ('<html><head><meta property="og:locale" content="en_GB">', "en"),
        ("<html>", None),
        ('<html lang="x-klingon">', None),
    ],
)
def test_extract_language(html, language):
    tree = lxml.html.document_fromstring(html + "<body><p>x</p></body></html>")
    meta = {el.get("property").lower(): [el.get("content")] for el in tree.iter("meta")}
    assert extract_language(tree, meta) == language


def test_fallback_prefers_article_paragraphs_and_skips_boilerplate():
    tree = lxml.html.document_fromstring(
        "<html><body><nav><p>Home News</p></nav><article><p>First paragraph.</p>"
        "<div class='related'><p>Related link</p></div><p>Second paragraph.</p></article>"
        "<div class='comments'><p>A comment</p></div></body></html>"
    )
    assert fallback_text(tree) == "First paragraph.\nSecond paragraph."


def test_fallback_picks_the_densest_block_without_article():
    tree = lxml.html.document_fromstring(
        "<html><body><div id='side'><p>Short.</p></div><div id='main'><p>" + "word " * 50 + "</p><p>more</p>"
        "</div><footer><p>" + "footer " * 80 + "</p></footer></body></html>"
    )
    assert fallback_text(tree).startswith("word word") and "footer" not in fallback_text(tree)


def test_text_falls_back_when_trafilatura_finds_nothing():
    html = (
        "<html><body><table><tr><td><p>"
        + "Moscow and New Delhi agreed. " * 20
        + "</p></td></tr></table></body></html>"
    )
    result = extract_article(html, f"{BASE}/x", now=NOW)
    assert "Moscow and New Delhi agreed." in result.text


def _feed(name: str) -> bytes:
    return (FIXTURE_DIR / "feeds" / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


@pytest.mark.parametrize(
    ("name", "links", "version"),
    [
        ("rss2.xml", 20, "rss20"),
        ("atom.xml", 3, "atom10"),
        ("rss1.rdf", 2, "rss10"),
    ],
)
def test_parse_feed_formats(name, links, version):
    feed = parse_feed(_feed(name), f"{BASE}/feeds/{name}", now=NOW)
    assert feed.error is None and len(feed.entries) == links and feed.version == version


def test_atom_relative_links_and_dates():
    entries = parse_feed(_feed("atom.xml"), f"{BASE}/feeds/atom.xml", now=NOW).entries
    assert entries[1].link == f"{BASE}/world-news/modi-putin-kudankulam-units-talks-6012345"
    assert to_iso(entries[1].published) == "2024-07-09T12:50:41+00:00"
    assert to_iso(entries[1].updated) == "2024-07-09T13:32:10+00:00"
    assert entries[0].updated is None  # same as published: not a modification


def test_rss_entry_without_date():
    entries = parse_feed(_feed("rss2.xml"), f"{BASE}/feeds/rss2.xml", now=NOW).entries
    rosatom = next(e for e in entries if "rosatom" in e.link)
    assert rosatom.published is None


def test_malformed_feed_reports_an_error():
    feed = parse_feed(_feed("broken.xml"), f"{BASE}/feeds/broken.xml", now=NOW)
    assert feed.error


def test_html_is_not_a_feed():
    assert parse_feed(b"<html><body><p>hello</p></body></html>", f"{BASE}/", now=NOW).error


def _sitemap(name: str) -> bytes:
    return (FIXTURE_DIR / "sitemaps" / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def test_news_sitemap_entries():
    sitemap = parse_sitemap(_sitemap("news.xml"), now=NOW)
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 5
    first = sitemap.entries[0]
    assert first.loc.endswith("article68401234.ece")  # not the <image:loc>
    assert to_iso(first.news_published) == "2024-07-09T16:15:00+00:00"
    assert first.news_title == "India, Russia agree timeline for last two S-400 squadrons"
    assert to_iso(first.lastmod) == "2024-07-10T02:40:00+00:00"


def test_sitemap_index_entries():
    sitemap = parse_sitemap(_sitemap("index.xml"), now=NOW)
    assert sitemap.kind == "sitemapindex"
    assert [to_iso(e.lastmod)[:10] for e in sitemap.entries] == ["2024-07-11", "2019-12-31"]


def test_gzipped_sitemap_and_gzip_bomb():
    body = gzip.compress(_sitemap("news.xml"))
    assert sitemap_body(body, max_size=10_000_000) == _sitemap("news.xml")
    with pytest.raises(SitemapError, match="expands beyond"):
        sitemap_body(gzip.compress(b" " * 100_000), max_size=1000)


@pytest.mark.parametrize("body", [b"", b"<html><body>x</body></html>", b"not xml at all"])
def test_not_a_sitemap(body):
    with pytest.raises(SitemapError):
        parse_sitemap(body, now=NOW)


def test_sitemap_entities_are_not_resolved():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.test/&x;</loc></url></urlset>'
    )
    entries = parse_sitemap(xxe, now=NOW).entries
    assert all("root:" not in e.loc for e in entries)


# --- the publisher's offset and day ------------------------------------------------------------------

IST_PAGES = ("/PressRelease", "/press-releases")
LOCAL_DATED = [p for p, page in EXPECTED.items() if page["published_on"]]


@pytest.mark.parametrize("path", LOCAL_DATED)
def test_published_local_date_is_the_publishers_day(path):
    # the site spiders read PIB and MEA pages in IST; their pages print the day without a zone
    tz = ZoneInfo("Asia/Kolkata") if path.startswith(IST_PAGES) else UTC
    result = extract(path, default_tz=tz)
    assert result.published_local_date.isoformat() == EXPECTED[path]["published_on"]


@pytest.mark.parametrize(
    ("path", "offset"),
    [
        ("/news/national/india-russia-s-400-third-squadron/article68401234.ece", 330),
        ("/politics/1815551", 180),
        ("/PressReleasePage.aspx?PRID=2032001", None),  # "Posted On" has no zone: read as IST, stated as none
        ("/news/world/rosatom-kudankulam-fuel-delivery", None),  # undated
    ],
)
def test_published_offset_minutes(path, offset):
    tz = ZoneInfo("Asia/Kolkata") if path.startswith(IST_PAGES) else UTC
    assert extract(path, default_tz=tz).published_offset_minutes == offset


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_an_ist_page_just_after_midnight_is_that_days_page():
    html = _page('<meta property="article:published_time" content="2024-07-10T00:30:00+05:30">', "<p>x</p>")
    result = extract_article(html, f"{BASE}/a", now=NOW)
    assert to_iso(result.published_at) == "2024-07-09T19:00:00+00:00"
    assert (result.published_offset_minutes, result.published_local_date) == (330, date(2024, 7, 10))


def test_a_page_with_an_xml_declaration_is_read():
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + _page(
        '<meta property="article:published_time" content="2024-07-09T10:00:00+05:30">', "<p>x</p>"
    )
    chosen, _ = extract_published(html, f"{BASE}/a", now=NOW)
    assert chosen.day == date(2024, 7, 9)


@pytest.mark.parametrize(
    ("url", "body", "day", "source"),
    [
        (
            f"{BASE}/a",
            "<article><h1>Talks in Moscow</h1><p class='meta'>Published: 9 July 2024</p><p>Text.</p></article>",
            date(2024, 7, 9),
            "printed after a label",
        ),
        (
            f"{BASE}/a",
            "<h1>Talks in Moscow</h1><div>By a correspondent, 09.07.2024, 14:30</div><p>Text.</p>",
            date(2024, 7, 9),
            "printed under the headline",
        ),
        (
            f"{BASE}/2024/07/09/talks-in-moscow",
            "<h1>Talks</h1><p>Text without a date.</p>",
            date(2024, 7, 9),
            "url",
        ),
        (
            f"{BASE}/a",
            "<article><h1>Talks</h1><time datetime='2024-07-09T10:00:00+05:30'>9 July</time><p>Text.</p>"
            "<div class='related'><time datetime='2024-05-01T10:00:00+05:30'>1 May</time></div></article>",
            date(2024, 7, 9),
            "<time datetime>",
        ),
    ],
)
def test_dates_the_page_shows(url, body, day, source):
    chosen, _ = extract_published(_page(body=body), url, now=NOW)
    assert (chosen.day, chosen.source) == (day, source)


def test_a_comment_date_labelled_published_is_not_the_articles():
    body = (
        "<article><h1>Talks</h1><p>Text.</p></article>"
        "<div class='comments'><p>Posted on 11 July 2024 by a reader</p></div>"
    )
    chosen, _ = extract_published(_page(body=body), f"{BASE}/a", now=NOW)
    assert chosen is None or chosen.source != "printed after a label"


def test_atom_entries_keep_the_feeds_offset():
    entries = parse_feed(_feed("atom.xml"), f"{BASE}/feeds/atom.xml", now=NOW).entries
    assert [e.published_as_stated.offset_minutes for e in entries[:2]] == [180, 330]
    assert entries[1].published_as_stated.local_date == date(2024, 7, 9)


def test_feed_dates_are_read_from_the_text_first():
    rss = (
        b'<rss version="2.0"><channel><title>t</title><item><link>https://a.test/x</link>'
        b"<pubDate>Wed, 10 Jul 2024 00:30:00 IST</pubDate></item></channel></rss>"
    )
    (entry,) = parse_feed(rss, "https://a.test/feed", now=NOW).entries
    # feedparser alone would take IST for UTC and put this at 00:30 UTC
    assert to_iso(entry.published) == "2024-07-09T19:00:00+00:00"
    assert entry.published_as_stated.offset_minutes == 330


def test_news_sitemap_keeps_the_offset():
    first = parse_sitemap(_sitemap("news.xml"), now=NOW).entries[0]
    assert (first.news_published_as_stated.offset_minutes, first.news_published_as_stated.local_date) == (
        330,
        date(2024, 7, 9),
    )


def test_a_feed_date_given_as_stated_keeps_its_day():
    stated = parse_published("2024-07-10T00:30:00+05:30", now=NOW)
    result = extract_article(
        _page(body="<p>No date on the page.</p>"), f"{BASE}/a", now=NOW, feed_published=stated
    )
    assert (result.published_from, result.published_local_date, result.published_offset_minutes) == (
        "feed",
        date(2024, 7, 10),
        330,
    )


def test_the_item_carries_offset_and_local_day_as_json():
    spider = FeedSpider.from_crawler(get_crawler(FeedSpider), url=f"{BASE}/feeds/rss2.xml")
    html = _page('<meta property="article:published_time" content="2024-07-10T00:30:00+05:30">', "<h1>T</h1>")
    response = HtmlResponse(
        url=f"{BASE}/a", body=html.encode(), encoding="utf-8", request=Request(f"{BASE}/a")
    )

    async def first_item():
        return [item async for item in spider.parse_article(response)][0]

    item = asyncio.run(first_item())
    assert item["published_at"] == "2024-07-09T19:00:00+00:00"
    assert item["published_offset_minutes"] == 330
    assert item["published_local_date"] == "2024-07-10"
    json.dumps(dict(item))  # `-O out.jsonl` must be able to write it


def test_an_undated_feed_entry_is_not_reported_again_as_a_rejected_date():
    undated = parse_published(None, now=NOW)
    result = extract_article(
        _page(body="<p>No date on the page.</p>"), f"{BASE}/a", now=NOW, feed_published=undated
    )
    assert result.published_at is None and result.date_rejections == []
