"""Drop obviously off-topic articles before they reach the database (IRWATCH_PREFILTER, default on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from crawlers.relevance import india_russia_relevance

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RelevancePrefilterPipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePrefilterPipeline:
        if not crawler.settings.getbool("IRWATCH_PREFILTER"):
            raise NotConfigured("IRWATCH_PREFILTER is off: every article is kept")
        return cls()

    def process_item(self, item):
        verdict = india_russia_relevance(item.get("title"), item.get("text"))
        if not verdict.relevant:
            raise DropItem(
                f"off-topic: {item.get('url')}: {verdict.reason} "
                "(extend crawlers/relevance.py if this should have been kept)"
            )
        return item
