"""Stop a redirect that leads back to a URL already visited in the same chain.

Without this, A → B → A is silently eaten by Scrapy's duplicate filter and the
page just disappears from the crawl; here it becomes a counted "redirect-loop"
error naming the chain. Sits at 610 so its process_response runs before
RedirectMiddleware (600) builds the next request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from w3lib.url import safe_url_string

from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class RedirectLoopMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in _REDIRECT_STATUSES or "Location" not in response.headers:
            return response
        if request.meta.get("dont_redirect"):
            return response
        location = response.headers["Location"].decode("latin-1")
        target = safe_url_string(urljoin(request.url, location))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            path = " → ".join([*chain, target])
            raise RefusedRequest(
                "redirect-loop", f"redirect-loop: {chain[0]}: {path}; the site redirects in a circle"
            )
        return response
