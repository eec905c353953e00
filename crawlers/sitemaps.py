"""Sitemaps (urlset with optional Google News extension) and sitemap indexes.

Parsed with lxml with entity resolution and network access off (XXE), and in
recover mode so one bad entry does not lose the file.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from crawlers.dates import ParsedDate, parse_published

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class SitemapError(ValueError):
    pass


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None
    news_published_as_stated: ParsedDate = ParsedDate(None)  # with the offset and day the sitemap wrote
    news_title: str | None = None

    @property
    def news_published(self) -> datetime | None:
        return self.news_published_as_stated.value


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[SitemapEntry]


def sitemap_body(body: bytes, *, max_size: int) -> bytes:
    """The XML of a sitemap, gunzipped if needed (bounded by max_size against gzip bombs)."""
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
        data = fh.read(max_size + 1)
    if len(data) > max_size:
        raise SitemapError(f"gzipped sitemap expands beyond {max_size} bytes")
    return data


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_sitemap(body: bytes, *, now: datetime | None = None) -> Sitemap:
    now = now or datetime.now(UTC)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty or unreadable XML")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element is <{kind}>, expected <urlset> or <sitemapindex>")
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        # loc/lastmod only from the entry's own children: <image:loc> deeper down is not the page
        for child in node:
            if _local(child.tag) in ("loc", "lastmod") and (child.text or "").strip():
                fields[_local(child.tag)] = child.text.strip()
        for child in node.iter(f"{{{NEWS_NS}}}publication_date", f"{{{NEWS_NS}}}title"):
            if (child.text or "").strip():
                fields[f"news_{_local(child.tag)}"] = child.text.strip()
        if "loc" not in fields:
            continue
        entries.append(
            SitemapEntry(
                loc=fields["loc"],
                lastmod=parse_published(fields.get("lastmod"), now=now).value,
                news_published_as_stated=parse_published(fields.get("news_publication_date"), now=now),
                news_title=fields.get("news_title"),
            )
        )
    return Sitemap(kind, entries)
