"""Drop a second copy within one crawl: same canonical URL (AMP page, tracking variants) or same text.

Across crawls the store pipeline's upsert by canonical_url does the same job. A page that
claims an already-kept canonical URL but carries a different story (a CMS template whose
canonical tag was never filled in) is kept under its own URL instead of being dropped.
"""

from __future__ import annotations

import hashlib
import logging
import re

from scrapy.exceptions import DropItem

from crawlers.urls import canonicalise

log = logging.getLogger(__name__)
SAME_STORY = 0.5  # word-set Jaccard at or above which two texts are one story


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """
    >>> same_story(_words("India and Russia signed the deal"), _words("India, Russia signed the deal today"))
    True
    >>> same_story(_words("India and Russia signed the deal"), _words("Cricket scores from Chennai"))
    False
    """
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SAME_STORY


class DedupePipeline:
    def __init__(self):
        self._by_canonical: dict[str, tuple[str, frozenset[str]]] = {}
        self._by_text: dict[str, str] = {}

    def process_item(self, item):
        url, canonical = item["url"], item["canonical_url"]
        words = _words(item["text"])
        seen = self._by_canonical.get(canonical)
        if seen is not None:
            first, first_words = seen
            if same_story(words, first_words):
                raise DropItem(
                    f"duplicate: {url}: canonical URL {canonical} was already kept in this crawl from {first}"
                )
            own = canonicalise(url)
            log.warning("canonical URL %s of %s also names a different story (%s); keeping it as %s",
                        canonical, url, first, own)
            item["canonical_url"] = canonical = own
            if canonical in self._by_canonical:
                raise DropItem(f"duplicate: {url}: already kept in this crawl as {canonical}")
        digest = hashlib.sha256(item["text"].encode("utf-8")).hexdigest()
        first = self._by_text.get(digest)
        if first is not None:
            raise DropItem(
                f"duplicate: {url}: same text as {first} kept in this crawl; "
                "if they are different stories the extractor is returning boilerplate"
            )
        self._by_canonical[canonical] = (url, words)
        self._by_text[digest] = url
        return item
