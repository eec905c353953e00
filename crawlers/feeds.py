"""RSS 0.9x/1.0/2.0 and Atom feeds → entries, via feedparser (which also copes with bad encodings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from crawlers.dates import ParsedDate, parse_published

# Not errors: feedparser flags a declared-vs-actual charset mismatch it has already handled.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None
    published_as_stated: ParsedDate  # the instant with the offset and day the feed wrote
    updated: datetime | None
    authors: tuple[str, ...] = ()

    @property
    def published(self) -> datetime | None:
        return self.published_as_stated.value


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    error: str | None = None  # set when the XML is broken; entries may still hold what could be read
    version: str = ""


def parse_feed(
    body: bytes, url: str, *, now: datetime | None = None, content_type: str | None = None
) -> ParsedFeed:
    now = now or datetime.now(UTC)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    error = None
    if parsed.bozo and not isinstance(parsed.bozo_exception, _BENIGN):
        error = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.version and not parsed.entries:
        error = error or "not an RSS or Atom document"
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            alternates = [
                lk.get("href") for lk in entry.get("links", []) if lk.get("rel", "alternate") == "alternate"
            ]
            link = alternates[0] if alternates else None
        if not link:
            continue
        published = entry_date(entry, "published", now=now)
        updated = entry_date(entry, "updated", now=now).value
        if updated == published.value:
            updated = (
                None  # feedparser copies the one date into both fields; only a distinct one means "modified"
            )
        authors = tuple(a.get("name") for a in entry.get("authors", []) if a.get("name"))
        entries.append(FeedEntry(urljoin(url, link.strip()), entry.get("title"), published, updated, authors))
    return ParsedFeed(parsed.feed.get("title"), entries, error, parsed.version or "")


def entry_date(entry: dict, key: str, *, now: datetime) -> ParsedDate:
    """An entry's "published" or "updated" date, with the offset the feed wrote.

    The text is read first: feedparser's *_parsed value is UTC with the offset
    dropped, and it takes zones it does not know ("IST") for UTC. Its reading is
    the fallback for text only it understands.
    """
    # dict.get, not entry.get: FeedParserDict silently maps a missing "updated" to "published"
    stated = parse_published(dict.get(entry, key), now=now)
    if stated or dict.get(entry, f"{key}_parsed") is None:
        return stated
    return parse_published(dict.get(entry, f"{key}_parsed"), now=now)
