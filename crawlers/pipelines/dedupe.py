"""Drop a second copy within one crawl: same canonical URL (AMP page, tracking variants) or same text.

Across crawls the store pipeline's upsert by canonical_url does the same job.
"""

from __future__ import annotations

import hashlib

from scrapy.exceptions import DropItem


class DedupePipeline:
    def __init__(self):
        self._by_canonical: dict[str, str] = {}
        self._by_text: dict[str, str] = {}

    def process_item(self, item):
        url, canonical = item["url"], item["canonical_url"]
        first = self._by_canonical.get(canonical)
        if first is not None:
            raise DropItem(
                f"duplicate: {url}: canonical URL {canonical} was already kept in this crawl from {first}"
            )
        digest = hashlib.sha256(item["text"].encode("utf-8")).hexdigest()
        first = self._by_text.get(digest)
        if first is not None:
            raise DropItem(
                f"duplicate: {url}: same text as {first} kept in this crawl; "
                "if they are different stories the extractor is returning boilerplate"
            )
        self._by_canonical[canonical] = url
        self._by_text[digest] = url
        return item
