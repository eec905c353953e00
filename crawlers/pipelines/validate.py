"""Required fields, date sanity, minimum length, the `since` cutoff.

Documented choice for impossible dates: the article is kept with
published_at = null and the reason logged and counted (errors["date-<code>"]);
a wrong date is a metadata bug, not a reason to lose the story.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawlers.dates import parse_published, to_iso

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
REQUIRED = ("url", "canonical_url", "source", "html_sha256", "fetched_at")


def word_count(text: str | None) -> int:
    return len((text or "").split())


class ValidatePipeline:
    def __init__(self, crawler: Crawler, min_words: int):
        self.crawler = crawler
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("IRWATCH_MIN_WORDS"))

    def process_item(self, item):
        url = item.get("url") or "<no url>"
        missing = [key for key in REQUIRED if not item.get(key)]
        if missing:
            raise DropItem(
                f"incomplete: {url}: missing {', '.join(missing)}; the spider must set these for every page"
            )
        if not item.get("title"):
            raise DropItem(
                f"incomplete: {url}: no title in JSON-LD, og:title, <h1> or <title>; "
                "check whether the page is an article or needs a site-specific spider"
            )
        words = word_count(item.get("text"))
        if words < self.min_words:
            raise DropItem(
                f"too-short: {url}: {words} words of main text, need {self.min_words} "
                "(IRWATCH_MIN_WORDS); likely a teaser, paywall or index page"
            )
        now = datetime.now(UTC)
        for key in ("published_at", "modified_at"):
            if item.get(key):
                parsed = parse_published(item[key], now=now)
                if parsed.value is None:
                    code = parsed.reason.split(":", 1)[0]
                    log.warning("bad date: %s: %s %s; stored as null", url, key, parsed.reason)
                    self.crawler.stats.inc_value(f"irwatch/error/date-{code}")
                    if key == "published_at":
                        # the stated offset and day describe the refused value: they go with it
                        item["published_offset_minutes"] = None
                        item["published_local_date"] = None
                        item["published_from"] = None
                item[key] = to_iso(parsed.value)
        since = getattr(self.crawler.spider, "since", None)
        if since and item.get("published_at") and datetime.fromisoformat(item["published_at"]) < since:
            raise DropItem(
                f"stale: {url}: published {item['published_at']} is older than since={since.date()}"
            )
        return item
