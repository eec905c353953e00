"""Open the crawl_runs row when the spider opens; write its counts when it closes.

requests         downloader/request_count (robots.txt and retries included: what the sites saw)
articles_kept    items that passed every pipeline
articles_dropped items dropped, by code in drop_reasons
errors           irwatch/error/<kind> (failed downloads, refusals, malformed feeds, bad dates,
                 "pipeline-<Exception>" when a pipeline raised) plus spider_exceptions/<Type>
                 as "spider-exception-<Type>"
stats            the selection in STATS_KEPT plus every irwatch/* counter
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from scrapy import signals

from crawlers.session import store_session
from irwatch.store import crawl_runs as runs

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

STATS_KEPT = (
    "downloader/request_count",
    "downloader/response_count",
    "downloader/response_bytes",
    "item_scraped_count",
    "item_dropped_count",
    "retry/count",
    "retry/max_reached",
    "robotstxt/request_count",
    "robotstxt/forbidden",
    "dupefilter/filtered",
    "elapsed_time_seconds",
    "finish_reason",
    "start_time",
    "finish_time",
    "log_count/ERROR",
    "log_count/WARNING",
)


def summarise(stats: dict) -> dict:
    """Scrapy's stats dict → the crawl_runs columns (pure; tested on a literal dict)."""

    def counters(prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}

    errors = counters("irwatch/error/")
    for name, count in counters("spider_exceptions/").items():
        errors[f"spider-exception-{name}"] = count
    kept = {}
    for key, value in sorted(stats.items()):
        if key in STATS_KEPT or key.startswith(("irwatch/", "downloader/response_status_count/")):
            kept[key] = value.isoformat() if isinstance(value, datetime) else value
    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "kept": int(stats.get("item_scraped_count", 0)),
        "dropped": int(stats.get("item_dropped_count", 0)),
        "drop_reasons": counters("irwatch/drop/"),
        "errors": errors,
        "stats": kept,
    }


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.session = store_session(crawler)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        _ = self.session.run_id

    def item_error(self, item, response, failure) -> None:
        # a pipeline raised (e.g. the database went away mid-crawl): Scrapy logs the traceback,
        # this makes it visible in crawl_runs.errors as well
        self.crawler.stats.inc_value(f"irwatch/error/pipeline-{type(failure.value).__name__}")

    def spider_closed(self, spider, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        summary = summarise(stats)
        status = "finished" if reason == "finished" else "failed"
        try:
            runs.finish_run(
                self.session.conn,
                self.session.run_id,
                status=status,
                requests=summary["requests"],
                kept=summary["kept"],
                dropped=summary["dropped"],
                drop_reasons=summary["drop_reasons"],
                errors=summary["errors"],
                stats=summary["stats"],
            )
            log.info(
                "crawl_runs row %s %s: %s requests, %s kept, %s dropped, errors %s",
                self.session.run_id,
                status,
                summary["requests"],
                summary["kept"],
                summary["dropped"],
                summary["errors"],
            )
        finally:
            self.session.close()
