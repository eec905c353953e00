"""Store kept articles (upsert by canonical URL, versioned) and remember dropped URLs.

Enabled only with IRWATCH_STORE; otherwise NotConfigured and the crawl writes
nowhere but its feed export (-O out.jsonl).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy import signals

from crawlers.session import store_session
from crawlers.urls import canonicalise
from irwatch.store.articles import record_drop, upsert_article

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


_CODE = re.compile(r"([a-z][a-z0-9-]{1,39}): ")


def drop_code(message: str) -> str:
    """'off-topic: https://…: …' → 'off-topic'; messages without a code count as 'other'.

    >>> drop_code("too-short: https://x.test/a: 12 words")
    'too-short'
    """
    match = _CODE.match(message)
    return match.group(1) if match else "other"


# drops that depend on this run's arguments, not on the page: a later backfill with an earlier
# --since must still fetch a URL this run dropped as stale
NOT_REMEMBERED = {"stale"}


class StorePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.session = store_session(crawler)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        _ = self.session.run_id  # the crawl_runs row exists from the start, even if nothing is stored

    def process_item(self, item):
        outcome = upsert_article(
            self.session.conn, dict(item), source_id=self.session.source_id, crawl_run_id=self.session.run_id
        )
        self.crawler.stats.inc_value(f"irwatch/store/{outcome}")
        if outcome == "rejected":
            # quarantined in rejected_rows with its reason; counted as an error so the run shows it
            self.crawler.stats.inc_value("irwatch/error/store-rejected")
        log.debug("stored %s: %s", item["canonical_url"], outcome)
        return item

    def item_dropped(self, item, response, exception) -> None:
        url = item.get("url") or (response.url if response is not None else None)
        if not url:
            return
        message = str(exception)
        if drop_code(message) in NOT_REMEMBERED:
            return
        canonical = item.get("canonical_url") or canonicalise(url)
        record_drop(
            self.session.conn,
            url=url,
            canonical_url=canonical,
            source_name=self.session.source_name,
            reason_code=drop_code(message),
            reason=message,
            crawl_run_id=self.session.run_id,
        )
