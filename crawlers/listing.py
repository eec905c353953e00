"""Shared logic of press-release listing spiders: article links with their dates, then "next page".

Real listings differ in markup but not in shape: a list of links to releases,
each near a printed date, and a pager. A site spider supplies the link pattern
and, if needed, how to read the release date from the release page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from scrapy.http import TextResponse

from crawlers.base_spider import ArticleSpider
from crawlers.dates import parse_published
from crawlers.urls import canonicalise

# "July 09, 2024", "9 July 2024", "09 JUL 2024", "09-07-2024", "09.07.2024", "2024-07-09"
DATE_IN_TEXT = re.compile(
    r"\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
NEXT_XPATH = (
    '//a[@rel="next"]/@href'
    ' | //li[contains(concat(" ", normalize-space(@class), " "), " next ")]/a/@href'
    ' | //a[contains(concat(" ", normalize-space(@class), " "), " next ")]/@href'
    ' | //a[normalize-space(translate(text(), "NEXT", "next"))="next"'
    ' or normalize-space(text())="»" or normalize-space(text())="›"'
    ' or starts-with(normalize-space(translate(text(), "NEXT", "next")), "next ")]/@href'
)


@dataclass(frozen=True)
class ListingEntry:
    url: str
    title: str | None
    date_text: str | None


def listing_entries(response: TextResponse, link_pattern: re.Pattern[str]) -> list[ListingEntry]:
    """Links matching `link_pattern`, each with the first date printed in its row (li/tr/div)."""
    found: dict[str, ListingEntry] = {}
    for link in response.xpath("//a[@href]"):
        href = link.attrib["href"].strip()
        if not link_pattern.search(href):
            continue
        url = canonicalise(href, base=response.url)
        if url in found:
            continue
        title = " ".join(" ".join(link.xpath(".//text()").getall()).split()) or link.attrib.get("title")
        row = link.xpath("ancestor::*[self::li or self::tr or self::article or self::div][1]")
        row_text = " ".join(" ".join(row.xpath(".//text()").getall()).split()) if row else ""
        match = DATE_IN_TEXT.search(row_text)
        found[url] = ListingEntry(url, title or None, match.group(0) if match else None)
    return list(found.values())


class ListingSpider(ArticleSpider):
    kind = "listing"
    #: hrefs of release pages on this site
    link_pattern: re.Pattern[str] = re.compile(r"$^")
    #: stop after this many listing pages (override with -a max_pages=N)
    max_pages: int = 5

    def __init__(self, *args, max_pages: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_pages is not None:
            self.max_pages = int(max_pages)

    async def start(self):
        yield self.index_request(self.target_url, callback=self.parse_listing, cb_kwargs={"page": 1})

    def parse_listing(self, response, page: int):
        entries = listing_entries(response, self.link_pattern)
        if not entries:
            self.count_error(
                "listing-empty",
                f"listing-empty: {response.url}: no links matching "
                f"{self.link_pattern.pattern}; the layout may have changed",
            )
            return
        dated: list[datetime] = []
        for entry in entries:
            listed = parse_published(
                entry.date_text, now=datetime.now(self.default_tz), default_tz=self.default_tz
            )
            if listed.value:
                dated.append(listed.value)
            if self.is_stale(listed.value):
                self.crawler.stats.inc_value("irwatch/skipped/stale-entry")
                continue
            if self.is_too_new(listed.value):
                self.crawler.stats.inc_value("irwatch/skipped/after-until")
                continue
            # the ParsedDate, not its instant: a listed "July 09, 2024" is that day, not 8 July 18:30 UTC
            yield self.article_request(entry.url, hint={"title": entry.title, "published": listed})
        # listings are newest first: once a whole page is older than `since`, later pages are too
        if dated and all(self.is_stale(d) for d in dated):
            return
        if page >= self.max_pages:
            return
        next_href = response.xpath(NEXT_XPATH).get()
        if next_href:
            yield response.follow(
                next_href.strip(),
                callback=self.parse_listing,
                errback=self.on_error,
                cb_kwargs={"page": page + 1},
            )
