"""What every irwatch spider shares: its arguments, article requests, article parsing, failure counting.

Spider arguments (all spiders):
  -a url=URL        what to crawl (feed, sitemap or listing URL)
  -a source=NAME    a registered source (sources table, else crawlers/sources.yaml); with url=,
                    only names the crawl
  -a since=YYYY-MM-DD  skip entries dated before that day (UTC)
  -a until=YYYY-MM-DD  skip entries dated on or after that day (UTC): a backfill chunk is [since, until)

Spiders stay database-free: the source lookup goes through crawlers.source_lookup,
and "already stored?" is answered by SeenUrlsMiddleware.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, tzinfo
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawlers.dates import local_iso, parse_since, to_iso
from crawlers.extraction import extract_article
from crawlers.failures import classify
from crawlers.items import ArticleItem
from crawlers.source_lookup import UnknownSource, resolve_source
from irwatch.sources import adhoc_feed_name

INLINE_EXTRACT_BYTES = 512 * 1024


async def _call(fn, *args, **kwargs):
    return fn(*args, **kwargs)


class ArticleSpider(scrapy.Spider):
    #: the sources.kind this spider crawls
    kind: str = "feed"
    #: naive dates on this site are in this zone (PIB and MEA write IST without an offset)
    default_tz: tzinfo = UTC
    #: URL crawled when neither url= nor source= is given (listing spiders)
    default_url: str | None = None

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.target_url = url
        self.source_arg = source
        self.since: datetime | None = parse_since(since)
        self.until: datetime | None = parse_since(until)
        self.source_name: str = source or ""

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._resolve_target(crawler.settings)
        return spider

    def _resolve_target(self, settings) -> None:
        """Fail before crawling when the arguments do not name something to crawl."""
        if self.source_arg and not self.target_url:
            dsn = settings.get("IRWATCH_DSN") if settings.getbool("IRWATCH_STORE") else None
            source = resolve_source(self.source_arg, dsn=dsn, registry_path=settings.get("IRWATCH_REGISTRY"))
            if source["kind"] != self.kind:
                raise UnknownSource(
                    f"source {self.source_arg!r} is a {source['kind']}; "
                    f"crawl it with that spider, not {self.name!r}"
                )
            self.target_url = source["url"]
        if not self.target_url:
            self.target_url = self.default_url
        if not self.target_url:
            raise UnknownSource(f"spider {self.name!r} needs -a url=URL or -a source=NAME")
        if not self.source_name:
            # a site spider crawls one site whatever the URL;
            # a generic one is named after the URL it was given
            self.source_name = self.name if self.default_url else adhoc_feed_name(self.target_url)

    # --- requests ---------------------------------------------------------------------------
    def index_request(self, url: str, callback, **kwargs: Any) -> scrapy.Request:
        """A feed / sitemap / listing page: fetched with conditional GET when storing, unless windowed.

        A crawl limited by -a since/until (a backfill chunk) skips the entries outside its window: it must
        read the index whatever an earlier crawl saw, and its validators would let the next crawl's 304
        hide the entries it skipped."""
        meta = {"irwatch_index": True, "irwatch_conditional": self.since is None and self.until is None,
                **kwargs.pop("meta", {})}
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, **kwargs)

    def article_request(
        self, url: str, *, lastmod: datetime | None = None, hint: dict | None = None
    ) -> scrapy.Request:
        """An article page; `hint` carries what the index said (title, dates) as fallbacks."""
        meta = {"irwatch_article": True, "irwatch_lastmod": to_iso(lastmod), "irwatch_hint": hint or {}}
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def is_stale(self, when: datetime | None) -> bool:
        """Older than -a since? Undated entries are not stale (recall first; validation decides later)."""
        return bool(self.since and when and when < self.since)

    def is_too_new(self, when: datetime | None) -> bool:
        """On or after -a until? Undated entries are kept, as for `since`."""
        return bool(self.until and when and when >= self.until)

    # --- parsing ------------------------------------------------------------------------------
    def page_date(self, response: TextResponse) -> str | None:
        """A publication date printed in the page layout; site spiders override this."""
        return None

    def page_title(self, response: TextResponse) -> str | None:
        """The headline where the layout puts it, when <title> is generic; site spiders override this."""
        return None

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        if not isinstance(response, TextResponse):
            self.count_error(
                "not-html",
                f"not-html: {response.url}: {response.headers.get('Content-Type', b'?')!r} "
                "is not a page we can extract text from",
            )
            return
        now = datetime.now(UTC)
        hint = response.meta.get("irwatch_hint") or {}
        # Extraction is CPU work (a few ms a page). Pages big enough to stall the reactor go to a
        # worker thread so other downloads' timeouts keep running; the rest run inline, which on
        # a small machine is faster than paying for a thread hop per page.
        run = asyncio.to_thread if len(response.body) > INLINE_EXTRACT_BYTES else _call
        extracted = await run(
            extract_article,
            response.text,
            response.url,
            now=now,
            default_tz=self.default_tz,
            page_date=self.page_date(response),
            page_title=self.page_title(response),
            feed_published=hint.get("published"),
            feed_updated=hint.get("updated"),
            feed_title=hint.get("title"),
        )
        for rejection in extracted.date_rejections:
            code = rejection.split(": ", 2)[1].split(":", 1)[0] if ": " in rejection else "bad"
            self.count_error(f"date-{code}", f"date rejected: {response.url}: {rejection}")
        yield ArticleItem(
            url=response.url,
            canonical_url=extracted.canonical_url,
            source=self.source_name,
            title=extracted.title,
            published_at=to_iso(extracted.published_at),
            published_from=extracted.published_from,
            published_offset_minutes=extracted.published_offset_minutes,
            published_local_date=local_iso(extracted.published_local_date),
            modified_at=to_iso(extracted.modified_at),
            authors=extracted.authors or list(hint.get("authors") or []),
            declared_language=extracted.language,
            text=extracted.text,
            html_sha256=hashlib.sha256(response.body).hexdigest(),
            fetched_at=to_iso(now),
            http_status=response.status,
        )

    # --- failures -------------------------------------------------------------------------------
    def count_error(self, kind: str, message: str) -> None:
        self.crawler.stats.inc_value(f"irwatch/error/{kind}")
        self.logger.warning(message)

    def on_error(self, failure: Failure) -> None:
        verdict = classify(failure)
        if verdict is None:
            self.logger.debug(str(failure.value))
            return
        kind, message = verdict
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get("irwatch_index"):
            # the feed, sitemap or listing itself failed: the source is down, not one page
            self.crawler.stats.inc_value("irwatch/index_failed")
        url = getattr(request, "url", None)
        if url and not message.startswith(f"{kind}: "):
            message = f"{kind}: {url}: {message}"
        self.count_error(kind, message)
