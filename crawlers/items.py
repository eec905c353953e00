"""The one item every spider yields."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    """One fetched article page.

    Dates are UTC ISO 8601 strings with an explicit offset ("2024-07-09T10:30:00+00:00")
    or None, so that `-O out.jsonl` and the database see the same value. Beside the
    UTC instant, the publisher's own view of it: `published_offset_minutes` (int, the
    UTC offset it stated, 330 for +05:30; None when it gave a bare date or a time
    without a zone) and `published_local_date` ('YYYY-MM-DD', the publication day on
    its calendar, never moved by the UTC conversion; None when undated).
    """

    url = scrapy.Field()  # the URL that answered (after redirects)
    canonical_url = scrapy.Field()  # <link rel=canonical> / og:url, tracking stripped, absolute
    source = scrapy.Field()  # sources.name, or an ad hoc name for `-a url=`
    title = scrapy.Field()
    published_at = scrapy.Field()
    published_from = scrapy.Field()  # which evidence gave the date: "meta article:published_time", "htmldate", ...
    published_offset_minutes = scrapy.Field()
    published_local_date = scrapy.Field()
    modified_at = scrapy.Field()
    authors = scrapy.Field()  # list[str]
    language = scrapy.Field()  # ISO 639-1 identified from the text (crawlers.pipelines.language)
    language_confidence = scrapy.Field()
    language_script = scrapy.Field()
    declared_language = scrapy.Field()  # what the page's <html lang> or Content-Language says
    text = scrapy.Field()  # main text, paragraphs separated by "\n"
    html_sha256 = scrapy.Field()  # of the raw response body
    fetched_at = scrapy.Field()
    http_status = scrapy.Field()
