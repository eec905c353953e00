"""The crawl stage end to end: run_crawl → scrapy subprocess → fixture site → test database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import psycopg
import pytest

from irwatch.crawl import CrawlError, CrawlFailed, run_crawl
from irwatch.sources import adhoc_feed_name
from tests.crawl_site_server import FIXTURE_DIR, CrawlSite

pytestmark = pytest.mark.db

EXPECTED = json.loads((FIXTURE_DIR / "expected.json").read_text(encoding="utf-8"))["pages"]
# fast and loopback-only: 10.0.0.1 stays refused, which is what the redirect case checks
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": 0,
    "DOWNLOAD_TIMEOUT": 1.5,
    "RETRY_TIMES": 1,
    "IRWATCH_RETRY_BACKOFF_BASE": 0.05,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "IRWATCH_ALLOW_PRIVATE": "127.0.0.0/8",
    "LOG_LEVEL": "INFO",
}
KEPT = {path for path, page in EXPECTED.items() if page["rss2_outcome"] in ("kept", "kept-or-duplicate")}
KEPT_CANONICAL = {EXPECTED[p]["canonical_path"] for p in KEPT}


@pytest.fixture
def site():
    with CrawlSite() as running:
        yield running


def _rows(dsn: str, query: str, *params) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query, params).fetchall()


def _truncate(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "truncate article_versions, articles, dropped_urls, feed_state, crawl_runs, sources "
            "restart identity cascade"
        )


@pytest.fixture(scope="module")
def crawled(dsn):
    """One first crawl shared by the read-only tests, which come first in this file: the tests after
    them empty the database (clean_db) and crawl again for themselves."""
    _truncate(dsn)
    with CrawlSite() as running:
        summary = run_crawl(dsn, feed_url=running.url("/feeds/rss2.xml"), extra_settings=FAST)
        yield dsn, running, summary


@pytest.fixture
def first_crawl(clean_db, site):
    summary = run_crawl(clean_db, feed_url=site.url("/feeds/rss2.xml"), extra_settings=FAST)
    return clean_db, site, summary


def test_first_crawl_stores_each_kept_article_once(crawled):
    dsn, site, summary = crawled
    stored = {row[0][len(site.base) :] for row in _rows(dsn, "select canonical_url from articles")}
    assert stored == KEPT_CANONICAL
    assert summary.new_articles == len(KEPT_CANONICAL) == 10
    assert summary.new_versions == 0
    assert summary.unchanged == 0


def test_stored_fields_match_the_pages(crawled):
    dsn, site, _ = crawled
    rows = _rows(
        dsn,
        """select canonical_url, title, published_at, language, version, tagged_version, source_name,
                               html_sha256, text_sha256, http_status, crawl_run_id from articles""",
    )
    by_path = {row[0][len(site.base) :]: row for row in rows}
    for path in KEPT:
        page = EXPECTED[path]
        (
            canonical,
            title,
            published_at,
            language,
            version,
            tagged,
            source_name,
            html_sha,
            text_sha,
            status,
            run,
        ) = by_path[page["canonical_path"]]
        assert title == page["title"], path
        if page["published_at"] and not path.startswith(("/PressRelease", "/press-releases")):
            assert published_at.astimezone(UTC).isoformat() == page["published_at"], path
        elif page["published_on"]:
            assert published_at.astimezone(UTC).date().isoformat() == page["published_on"], path
        else:
            assert published_at is None, path
        assert language == "en"
        assert version == 1 and tagged is None
        assert source_name == adhoc_feed_name(site.url("/feeds/rss2.xml"))
        assert len(html_sha) == 64 and len(text_sha) == 64
        assert status == 200
        assert run is not None


def test_every_article_has_its_first_version_row(crawled):
    dsn, _, _ = crawled
    assert _rows(
        dsn,
        """select count(*) from articles a join article_versions v
                          on v.article_id = a.article_id and v.version = 1
                         and v.text_sha256 = a.text_sha256""",
    ) == [(10,)]


def test_crawl_run_row_counts_every_bad_case(crawled):
    dsn, _, summary = crawled
    [run] = _rows(
        dsn,
        """select status, requests, articles_kept, articles_dropped, drop_reasons, errors, stats,
                                 finished_at is not null from crawl_runs""",
    )
    status, requests, kept, dropped, drop_reasons, errors, stats, finished = run
    assert status == "finished" and finished
    assert kept == 10
    assert dropped == 3
    assert drop_reasons == {"duplicate": 1, "off-topic": 1, "too-short": 1}
    assert errors == {
        "date-in-future": 1,  # the Rosatom page's article:published_time is in 2091
        "date-too-old": 1,  # ... and its JSON-LD says 1970
        "http-404": 1,
        "http-500": 1,  # after one retry
        "private-address": 1,  # /to-private → 10.0.0.1, refused before connecting
        "redirect-loop": 1,  # /loop/a → /loop/b → /loop/a
        "robots-disallowed": 1,  # /private/ in robots.txt
        "timeout": 1,  # /slow-story, beyond DOWNLOAD_TIMEOUT=1.5
        "too-large": 1,  # /huge-story, 20 MB > DOWNLOAD_MAXSIZE
    }
    assert requests >= 20
    assert stats["irwatch/store/new"] == 10
    assert stats["finish_reason"] == "finished"
    assert summary.drop_reasons == drop_reasons and summary.errors == errors
    assert summary.runs[0]["status"] == "finished"


def test_dropped_urls_remember_reason_code_and_reason(crawled):
    dsn, site, _ = crawled
    rows = {
        r[0][len(site.base) :]: r[1:] for r in _rows(dsn, "select url, reason_code, reason from dropped_urls")
    }
    assert rows["/sport/cricket/india-clinch-series-in-harare-2024071101"][0] == "off-topic"
    assert "no Russia-side" in rows["/sport/cricket/india-clinch-series-in-harare-2024071101"][1]
    assert rows["/news/briefs/russia-india-trade-brief-20240711"][0] == "too-short"
    assert [code for code, _ in rows.values()].count("duplicate") == 1


def test_cp1252_page_is_decoded(crawled):
    dsn, _, _ = crawled
    [(text,)] = _rows(dsn, "select text from articles where canonical_url like '%%/cp1252/%%'")
    assert "it’s closer to a week" in text and "Café owners" in text and "\ufffd" not in text


def test_second_crawl_stores_nothing_twice(first_crawl):
    dsn, site, _ = first_crawl
    again = run_crawl(dsn, feed_url=site.url("/feeds/rss2.xml"), extra_settings=FAST)
    assert again.new_articles == 0 and again.new_versions == 0
    # the first crawl had timeouts and 5xx, so its validators were not kept: the feed is read in full
    # (and the pages it failed on are tried again), but nothing already stored is stored twice
    assert again.runs[0]["not_modified"] == 0
    assert _rows(dsn, "select count(*), max(version) from articles") == [(10, 1)]
    assert _rows(dsn, "select count(*) from crawl_runs") == [(2,)]
    assert "If-None-Match" not in [h for p, h in site.request_headers if p == "/feeds/rss2.xml"][-1]


def _clean_feed(site, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>clean</title>{items}</channel></rss>'


def test_clean_crawl_keeps_validators_and_the_next_feed_answers_304(clean_db):
    with CrawlSite() as site:
        site.override("/feeds/clean.xml", _clean_feed(site, ["/politics/1815551"]), "application/rss+xml")
        run_crawl(clean_db, feed_url=site.url("/feeds/clean.xml"), extra_settings=FAST)
        again = run_crawl(clean_db, feed_url=site.url("/feeds/clean.xml"), extra_settings=FAST)
        conditional = [h for p, h in site.request_headers if p == "/feeds/clean.xml"][-1]
    assert again.runs[0]["not_modified"] == 1  # the feed answered 304 to If-None-Match
    assert conditional.get("If-None-Match", "").startswith('"')


def test_an_article_that_failed_is_fetched_on_the_next_run(clean_db):
    """A 304 for the feed must not hide an article the previous run could not fetch."""
    with CrawlSite() as site:
        site.override("/feeds/flaky.xml", _clean_feed(site, ["/politics/1815551", "/flaky/story"]),
                      "application/rss+xml")
        first = run_crawl(clean_db, feed_url=site.url("/feeds/flaky.xml"), extra_settings=FAST)
        assert first.errors.get("http-404") == 1 and first.new_articles == 1
        body, _ = site.page("/politics/1815551")
        site.override("/flaky/story", body.replace(b"/politics/1815551", b"/flaky/story"))
        second = run_crawl(clean_db, feed_url=site.url("/feeds/flaky.xml"), extra_settings=FAST)
    assert second.runs[0]["not_modified"] == 0
    assert _rows(clean_db, "select count(*) from articles where url like '%%/flaky/story'") == [(1,)]


def test_known_urls_are_not_fetched_again_when_the_feed_changes(first_crawl):
    dsn, site, _ = first_crawl
    feed = (FIXTURE_DIR / "feeds" / "rss2.xml").read_text(encoding="utf-8")
    site.override(
        "/feeds/rss2.xml",
        feed.replace("Crawl site - India and Russia", "Crawl site (new build)"),
        "application/xml",
    )
    before = site.hits["/politics/1815551"]
    again = run_crawl(dsn, feed_url=site.url("/feeds/rss2.xml"), extra_settings=FAST)
    assert site.hits["/politics/1815551"] == before  # already stored: skipped without a request
    assert again.new_articles == 0
    stats = _rows(dsn, "select stats from crawl_runs order by crawl_run_id desc limit 1")[0][0]
    assert stats["irwatch/skipped/seen-article"] >= 9
    assert stats["irwatch/skipped/seen-dropped"] == 3


def test_edited_story_becomes_version_2_and_is_untagged(first_crawl):
    dsn, site, _ = first_crawl
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "update articles set tagged_version = 'test-v1' where canonical_url like '%%/politics/1815551'"
        )
    page = (FIXTURE_DIR / "politics" / "1815551").read_text(encoding="utf-8")
    site.override(
        "/politics/1815551",
        page.replace(
            "exceeded $65 billion last year",
            "exceeded $65 billion last year, according to revised customs data,",
        ),
    )
    feed = (FIXTURE_DIR / "feeds" / "rss2.xml").read_text(encoding="utf-8")
    site.override(
        "/feeds/rss2.xml",
        feed.replace(
            "<link>{{BASE}}/politics/1815551</link><pubDate>Wed, 10 Jul 2024 08:32:00 +0000</pubDate>",
            "<link>{{BASE}}/politics/1815551</link><pubDate>Wed, 10 Jul 2024 08:32:00 +0000</pubDate>"
            f"<atom:updated>{datetime.now(UTC).isoformat(timespec='seconds')}</atom:updated>",
        ),
        "application/xml",
    )
    again = run_crawl(dsn, feed_url=site.url("/feeds/rss2.xml"), extra_settings=FAST)
    assert again.new_versions == 1 and again.new_articles == 0
    [(version, tagged, text)] = _rows(
        dsn,
        "select version, tagged_version, text from articles where canonical_url like '%%/politics/1815551'",
    )
    assert version == 2 and tagged is None and "revised customs data" in text
    versions = _rows(
        dsn,
        """select v.version from article_versions v join articles a using (article_id)
                             where a.canonical_url like '%%/politics/1815551' order by 1""",
    )
    assert versions == [(1,), (2,)]


def test_unknown_source_is_refused_before_crawling(clean_db):
    with pytest.raises(CrawlError, match="no source named 'nowhere'"):
        run_crawl(clean_db, sources=["nowhere"])


def test_failed_subprocess_raises_with_log_tail_and_marks_the_run_failed(clean_db, site):
    with pytest.raises(CrawlFailed) as caught:
        run_crawl(
            clean_db,
            feed_url=site.url("/feeds/rss2.xml"),
            extra_settings={**FAST, "IRWATCH_ALLOW_PRIVATE": "not-a-network"},
        )
    assert "IRWATCH_ALLOW_PRIVATE" in str(caught.value)
    assert _rows(clean_db, "select status from crawl_runs") == [("failed",)]
    assert caught.value.summary.runs[0]["status"] == "failed"


def test_progress_lines(clean_db, site):
    lines: list[str] = []
    run_crawl(clean_db, feed_url=site.url("/feeds/atom.xml"), extra_settings=FAST, progress=lines.append)
    name = adhoc_feed_name(site.url("/feeds/atom.xml"))
    assert lines[-1] == f"crawled {name}: 5 requests, 3 kept, 0 dropped"


def test_registered_sources_are_crawled_with_the_spider_for_their_kind(clean_db, site):
    with psycopg.connect(clean_db) as conn:
        conn.execute(
            """insert into sources (name, kind, url, tier) values
                        ('crawl-site-news-sitemap', 'sitemap', %s, 'media'),
                        ('crawl-site-atom', 'feed', %s, 'media')""",
            (site.url("/sitemaps/index.xml"), site.url("/feeds/atom.xml")),
        )
    summary = run_crawl(
        clean_db,
        sources=["crawl-site-news-sitemap", "crawl-site-atom"],
        extra_settings=FAST,
        since=date(2024, 7, 1),
    )
    assert [(r["source_name"], r["spider"], r["status"]) for r in summary.runs] == [
        ("crawl-site-news-sitemap", "sitemap", "finished"),
        ("crawl-site-atom", "feed", "finished"),
    ]
    assert summary.new_articles == 6
    source_ids = _rows(clean_db, "select count(*) from articles where source_id is not null")
    assert source_ids == [(6,)]


def test_listing_source_with_an_explicit_spider(clean_db, site):
    with psycopg.connect(clean_db) as conn:
        conn.execute(
            "insert into sources (name, kind, url, tier) values ('mea-fixture', 'listing', %s, 'official')",
            (site.url("/press-releases.htm?51/Press_Releases"),),
        )
    summary = run_crawl(clean_db, sources=["mea-fixture"], spider="mea", extra_settings=FAST)
    assert summary.runs[0]["spider"] == "mea" and summary.new_articles == 3
    published = _rows(
        clean_db, "select published_at from articles where canonical_url like %s", "%dtl/37950%"
    )
    assert published[0][0].astimezone(UTC).isoformat() == "2024-07-08T18:30:00+00:00"  # July 09 in IST


def test_a_listing_host_without_spider_is_refused_when_named(clean_db):
    with psycopg.connect(clean_db) as conn:
        conn.execute(
            "insert into sources (name, kind, url) values ('mid', 'listing', 'https://mid.ru/en/news/')"
        )
    with pytest.raises(CrawlError, match="no listing spider knows mid.ru"):
        run_crawl(clean_db, sources=["mid"])


def test_feed_links_to_local_files_are_refused(clean_db, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><article><p>DB_PASSWORD=hunter2 India Russia S-400</p></article></body></html>")
    with CrawlSite() as site:
        items = f"<item><title>x</title><link>file://{secret}</link></item>"
        site.override("/feeds/evil.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>e</title>'
                      f"{items}</channel></rss>", "application/rss+xml")
        summary = run_crawl(clean_db, feed_url=site.url("/feeds/evil.xml"), extra_settings=FAST)
    assert summary.errors.get("bad-scheme") == 1
    assert _rows(clean_db, "select count(*) from articles") == [(0,)]
