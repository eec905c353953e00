"""A sitemap, a Google News sitemap or a sitemap index → article pages, filtered by lastmod.

scrapy crawl sitemap -a url=https://example.com/sitemap-news.xml -a since=2024-07-01
"""

from __future__ import annotations

from crawlers.base_spider import ArticleSpider
from crawlers.sitemaps import SitemapError, parse_sitemap, sitemap_body
from crawlers.urls import is_article_url


class SitemapSpider(ArticleSpider):
    name = "sitemap"
    kind = "sitemap"

    async def start(self):
        yield self.index_request(self.target_url, callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        try:
            body = sitemap_body(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = parse_sitemap(body)
        except SitemapError as exc:
            self.count_error("sitemap-malformed", f"sitemap-malformed: {response.url}: {exc}")
            return
        for entry in sitemap.entries:
            if sitemap.kind == "sitemapindex":
                if self.is_stale(entry.lastmod):
                    self.crawler.stats.inc_value("irwatch/skipped/stale-sitemap")
                    continue
                yield self.index_request(response.urljoin(entry.loc), callback=self.parse_sitemap)
                continue
            if self.is_stale(entry.news_published or entry.lastmod):
                self.crawler.stats.inc_value("irwatch/skipped/stale-entry")
                continue
            if self.is_too_new(entry.news_published or entry.lastmod):
                self.crawler.stats.inc_value("irwatch/skipped/after-until")
                continue
            url = response.urljoin(entry.loc)
            if not is_article_url(url):
                self.crawler.stats.inc_value("irwatch/skipped/not-article-url")
                self.logger.debug("not an article URL: %s", url)
                continue
            yield self.article_request(
                url,
                lastmod=entry.lastmod or entry.news_published,
                hint={
                    "title": entry.news_title,
                    "published": entry.news_published_as_stated,
                    "updated": entry.lastmod,
                },
            )
