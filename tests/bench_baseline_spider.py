"""The baseline for `python -m tests.bench_crawl`: a minimal Scrapy spider that fetches the same
feed's pages and runs bare trafilatura.extract on each, with none of irwatch's middlewares,
pipelines or metadata extraction. Run with `scrapy runspider`; not a test module."""

import re

import scrapy
import trafilatura


class BareTrafilaturaSpider(scrapy.Spider):
    name = "bare_trafilatura"
    custom_settings = {"ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "INFO",
                       "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "DOWNLOAD_DELAY": 0}

    async def start(self):
        yield scrapy.Request(self.url, callback=self.parse_feed)

    def parse_feed(self, response):
        for link in re.findall(r"<link>([^<]+)</link>", response.text):
            yield scrapy.Request(link.replace("&amp;", "&"), callback=self.parse_page, dont_filter=True)

    def parse_page(self, response):
        yield {"url": response.url, "text": trafilatura.extract(response.text, url=response.url) or ""}
