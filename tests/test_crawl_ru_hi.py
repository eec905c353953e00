"""A crawl of Russian- and Hindi-language pages over real HTTP (the fixture site): all four are kept
(none dropped as off-topic), stored with their identified language, their publisher's day and their text."""

from __future__ import annotations

from datetime import UTC

import psycopg
import pytest

from irwatch.crawl import run_crawl
from tests.crawl_site_server import CrawlSite, expected_pages
from tests.test_crawl_store import FAST

pytestmark = pytest.mark.db

EXPECTED = expected_pages()
FEED = "/feeds/ru-hi.xml"
PAGES = {p: page for p, page in EXPECTED.items() if page["language"] in ("ru", "hi")}


@pytest.fixture(scope="module")
def crawled(dsn):
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "truncate article_versions, articles, dropped_urls, feed_state, crawl_runs, sources "
            "restart identity cascade"
        )
    with CrawlSite() as site:
        summary = run_crawl(dsn, feed_url=site.url(FEED), extra_settings=FAST)
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(
                "select canonical_url, title, language, language_script, published_at, text from articles"
            ).fetchall()
        yield site, summary, {row[0][len(site.base) :]: row for row in rows}


def test_every_russian_and_hindi_page_is_kept(crawled):
    _, summary, by_path = crawled
    assert set(by_path) == {page["canonical_path"] for page in PAGES.values()}
    assert summary.new_articles == len(PAGES) == 4
    assert not any(reason.startswith("off-topic") for reason in summary.drop_reasons), summary.drop_reasons


@pytest.mark.parametrize("path", sorted(PAGES))
def test_stored_language_title_and_day(crawled, path):
    _, _, by_path = crawled
    page = PAGES[path]
    _, title, language, script, published_at, text = by_path[page["canonical_path"]]
    assert language == page["language"]
    assert script == {"ru": "Cyrl", "hi": "Deva"}[language]
    assert title == page["title"]
    if path.startswith("/PressRelease"):
        # as for English PIB pages: only the pib spider reads "Posted On" as IST; a generic feed crawl
        # reads the printed clock without a zone, so only the day is sure
        assert published_at.astimezone(UTC).date().isoformat() == page["published_on"]
    else:
        assert published_at.astimezone(UTC).isoformat() == page["published_at"]
    assert page["text"].split("\n")[0] in text
    assert "Читайте также" not in text and "यह भी पढ़ें" not in text
