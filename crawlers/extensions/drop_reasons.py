"""Count dropped items by reason code (irwatch/drop/<code>), with or without a database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals

from crawlers.pipelines.store import drop_code

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class DropReasonCounter:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropReasonCounter:
        return cls(crawler)

    def item_dropped(self, item, response, exception) -> None:
        self.stats.inc_value(f"irwatch/drop/{drop_code(str(exception))}")
