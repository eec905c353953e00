"""RetryMiddleware that waits before retrying: Retry-After when the server sends it, else exponential.

Scrapy's own RetryMiddleware re-queues at once, which is exactly wrong for a
429 or a struggling 503: it answers an overloaded server with more load.
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)


def backoff_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: str | None = None,
    now: datetime | None = None,
    jitter: float = 0.0,
) -> float:
    """Seconds to wait before retry number `attempt` (1-based).

    >>> backoff_delay(3, base=2.0, cap=60.0)
    8.0
    >>> backoff_delay(1, base=2.0, cap=60.0, retry_after="120")
    60.0
    """
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            return min(float(value), cap)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            now = now or datetime.now(UTC)
            return max(0.0, min((when - now).total_seconds(), cap))
    delay = min(base * 2 ** (attempt - 1), cap)
    return delay * (1 + jitter)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings, crawler: Crawler):
        super().__init__(settings)
        self.crawler = crawler
        self.base = settings.getfloat("IRWATCH_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("IRWATCH_RETRY_BACKOFF_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler.settings, crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if result is response or request.meta.get("dont_retry"):
            return result
        attempt = result.meta.get("retry_times", 1)
        retry_after = response.headers.get("Retry-After")
        delay = backoff_delay(
            attempt,
            base=self.base,
            cap=self.cap,
            retry_after=retry_after.decode("latin-1") if retry_after else None,
            jitter=random.uniform(0, 0.25),  # spread retries so parallel requests do not return in step
        )
        if delay > 0:
            log.info(
                "HTTP %s from %s: waiting %.1fs before retry %s", response.status, request.url, delay, attempt
            )
            await sleep(delay)
        return result
