"""Conditional GET for feeds, sitemaps and listing pages, remembered in feed_state.

Requests marked meta["irwatch_conditional"] get If-None-Match / If-Modified-Since
from the last 200; a 304 is counted (irwatch/not_modified) and ends there.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crawlers.failures import SkipRequest
from crawlers.store import feed_state
from crawlers.store.session import store_session

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

log = logging.getLogger(__name__)


class ConditionalGetMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.session = store_session(crawler)

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
            feed_state.save(
                self.session.conn,
                request.url,
                etag=etag.decode("latin-1") if etag else None,
                last_modified=last_modified.decode("latin-1") if last_modified else None,
                status=200,
            )
        elif response.status not in (301, 302, 303, 307, 308):
            feed_state.touch(self.session.conn, request.url, status=response.status)
        return response
