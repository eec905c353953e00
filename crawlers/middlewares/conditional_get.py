"""Conditional GET for feeds, sitemaps and listing pages, remembered in feed_state.

Requests marked meta["irwatch_conditional"] get If-None-Match / If-Modified-Since
from the last 200; a 304 is counted (irwatch/not_modified) and ends there.

A 200's validators are saved only when the crawl closes normally with no error a
retry could cure (timeouts, 5xx, a failed store): saving them earlier would make the
next run's 304 hide the articles this run failed to fetch or store.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals

from crawlers.failures import SkipRequest
from crawlers.session import store_session
from irwatch.store import feed_state

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

log = logging.getLogger(__name__)


class ConditionalGetMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.session = store_session(crawler)
        self.pending: dict[str, tuple[str | None, str | None]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("irwatch_conditional") or request.meta.get("irwatch_validators_sent"):
            return None
        etag, last_modified = feed_state.load(self.session.conn, request.url)
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified
        request.meta["irwatch_validators_sent"] = True
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("irwatch_conditional"):
            return response
        if response.status == 304:
            feed_state.touch(self.session.conn, request.url, status=304)
            self.crawler.stats.inc_value("irwatch/not_modified")
            log.info("not modified: %s (304); nothing to do", request.url)
            raise SkipRequest("not-modified", f"not-modified: {request.url}: 304 since the last crawl")
        if response.status == 200:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            self.pending[request.url] = (
                etag.decode("latin-1") if etag else None,
                last_modified.decode("latin-1") if last_modified else None,
            )
            feed_state.touch(self.session.conn, request.url, status=200)
        elif response.status not in (301, 302, 303, 307, 308):
            feed_state.touch(self.session.conn, request.url, status=response.status)
        return response

    def spider_closed(self, spider, reason: str) -> None:
        curable = retryable_errors(self.crawler.stats.get_stats())
        if reason != "finished" or curable:
            if self.pending:
                log.info("validators of %d feed(s) not saved: crawl %s with %s; next run fetches them in full",
                         len(self.pending), reason, curable or "no errors")
            return
        for url, (etag, last_modified) in self.pending.items():
            feed_state.save(self.session.conn, url, etag=etag, last_modified=last_modified, status=200)


# errors that say nothing about the next attempt: the page is gone, refused or malformed for good
# (a 404 is not among them: feeds often list a story a moment before it is published)
PERMANENT_ERRORS = ("http-410", "bad-scheme", "private-address", "robots", "too-large", "redirect-loop", "date-",
                    "not-article")


def retryable_errors(stats: dict) -> dict[str, int]:
    """irwatch/error/<kind> counters a rerun might cure (timeouts, 5xx, store failures).

    >>> retryable_errors({"irwatch/error/http-410": 1, "irwatch/error/timeout": 2})
    {'timeout': 2}
    """
    out = {}
    for key, value in stats.items():
        if key.startswith("irwatch/error/") and value:
            kind = key.removeprefix("irwatch/error/")
            if not kind.startswith(PERMANENT_ERRORS):
                out[kind] = value
    return out
