"""Incremental crawling: do not fetch an article URL that is already stored or was dropped.

Applies to requests the spiders mark with meta["irwatch_article"]. A URL is
fetched again only when its feed entry / sitemap lastmod (meta["irwatch_lastmod"])
is newer than when we stored or dropped it — that is how an edited story
becomes version 2 — or when IRWATCH_REFETCH is set.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawlers.failures import SkipRequest
from crawlers.session import store_session
from crawlers.urls import canonicalise
from irwatch.store.articles import last_seen

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class SeenUrlsMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.session = store_session(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlsMiddleware:
        if crawler.settings.getbool("IRWATCH_REFETCH"):
            raise NotConfigured("IRWATCH_REFETCH is on: every article URL is fetched again")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("irwatch_article") or request.meta.get("redirect_urls"):
            return None
        urls = list(dict.fromkeys([request.url, canonicalise(request.url)]))
        seen = last_seen(self.session.conn, urls)
        if seen is None:
            return None
        kind, seen_at = seen
        lastmod = request.meta.get("irwatch_lastmod")
        if lastmod:
            lastmod_dt = datetime.fromisoformat(lastmod)
            if lastmod_dt > seen_at:
                self.crawler.stats.inc_value("irwatch/refetched/modified")
                log.info(
                    "refetching %s: modified %s after it was %s %s",
                    request.url,
                    lastmod,
                    "stored" if kind == "article" else "dropped",
                    seen_at.isoformat(),
                )
                return None
        self.crawler.stats.inc_value(f"irwatch/skipped/seen-{kind}")
        raise SkipRequest(
            f"seen-{kind}",
            f"seen: {request.url}: already {'stored' if kind == 'article' else 'dropped'} "
            f"at {seen_at.isoformat()} and not modified since",
        )
