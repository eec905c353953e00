"""One RSS 1.0 / RSS 2.0 / Atom feed → its article pages.

scrapy crawl feed -a url=https://example.com/rss.xml -O out.jsonl
scrapy crawl feed -a source=tass-world -a since=2024-07-01 -s IRWATCH_STORE=1
"""

from __future__ import annotations

from crawlers.base_spider import ArticleSpider
from crawlers.feeds import parse_feed


class FeedSpider(ArticleSpider):
    name = "feed"
    kind = "feed"

    async def start(self):
        yield self.index_request(self.target_url, callback=self.parse_feed)

    def parse_feed(self, response):
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        feed = parse_feed(response.body, response.url, content_type=content_type)
        if feed.error:
            self.count_error(
                "feed-malformed",
                f"feed-malformed: {response.url}: {feed.error}; "
                f"{len(feed.entries)} entries could still be read",
            )
        for entry in feed.entries:
            if self.is_stale(entry.published or entry.updated):
                self.crawler.stats.inc_value("irwatch/skipped/stale-entry")
                continue
            if self.is_too_new(entry.published or entry.updated):
                self.crawler.stats.inc_value("irwatch/skipped/after-until")
                continue
            yield self.article_request(
                entry.link,
                lastmod=entry.updated or entry.published,
                hint={
                    "title": entry.title,
                    "published": entry.published_as_stated,
                    "updated": entry.updated,
                    "authors": list(entry.authors),
                },
            )
