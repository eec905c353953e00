"""articles / article_versions / dropped_urls writes, and the "seen before?" lookup.

Upsert by canonical_url, one transaction per article:
  * new canonical URL        → articles row + article_versions row 1        → "new"
  * same text hash as stored → nothing is written                           → "unchanged"
  * different text hash      → version + 1, new article_versions row,
                               tagged_version = null (the tagger re-tags)   → "version"
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import psycopg


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_INSERT_ARTICLE = """
insert into articles (canonical_url, url, source_id, source_name, title, published_at, modified_at, authors,
                      language, language_confidence, language_script, declared_language,
                      text, html_sha256, text_sha256, http_status, fetched_at, version, crawl_run_id)
values (%(canonical_url)s, %(url)s, %(source_id)s, %(source_name)s, %(title)s, %(published_at)s,
        %(modified_at)s, %(authors)s, %(language)s, %(language_confidence)s, %(language_script)s,
        %(declared_language)s, %(text)s, %(html_sha256)s, %(text_sha256)s,
        %(http_status)s, %(fetched_at)s, 1, %(crawl_run_id)s)
on conflict (canonical_url) do nothing
returning article_id
"""

_NEW_VERSION = """
update articles
   set url = %(url)s, title = %(title)s, published_at = coalesce(%(published_at)s, published_at),
       modified_at = coalesce(%(modified_at)s, modified_at), authors = %(authors)s,
       language = coalesce(%(language)s, language), language_confidence = %(language_confidence)s,
       language_script = %(language_script)s, declared_language = %(declared_language)s, text = %(text)s, html_sha256 = %(html_sha256)s,
       text_sha256 = %(text_sha256)s, http_status = %(http_status)s, fetched_at = %(fetched_at)s,
       version = version + 1, crawl_run_id = %(crawl_run_id)s, tagged_version = null, updated_at = now()
 where article_id = %(article_id)s
returning version
"""

_INSERT_VERSION = """
insert into article_versions (article_id, version, url, title, text, html_sha256, text_sha256, published_at,
                              modified_at, fetched_at, crawl_run_id)
select article_id, version, url, title, text, html_sha256, text_sha256, published_at, modified_at, fetched_at,
       %(crawl_run_id)s
  from articles where article_id = %(article_id)s
"""


def upsert_article(conn: psycopg.Connection, item: dict, *, source_id: int | None, crawl_run_id: int) -> str:
    """Store one validated item; return "new", "version" or "unchanged"."""
    params = {
        "canonical_url": item["canonical_url"],
        "url": item["url"],
        "source_id": source_id,
        "source_name": item["source"],
        "title": item.get("title"),
        "published_at": item.get("published_at"),
        "modified_at": item.get("modified_at"),
        "authors": list(item.get("authors") or []),
        "language": item.get("language"),
        "language_confidence": item.get("language_confidence"),
        "language_script": item.get("language_script"),
        "declared_language": item.get("declared_language"),
        "text": item["text"],
        "html_sha256": item["html_sha256"],
        "text_sha256": text_sha256(item["text"]),
        "http_status": item.get("http_status"),
        "fetched_at": item["fetched_at"],
        "crawl_run_id": crawl_run_id,
    }
    with conn.transaction():
        inserted = conn.execute(_INSERT_ARTICLE, params).fetchone()
        if inserted is not None:
            params["article_id"] = inserted[0]
            conn.execute(_INSERT_VERSION, params)
            outcome = "new"
        else:
            article_id, stored_sha = conn.execute(
                "select article_id, text_sha256 from articles where canonical_url = %s for update",
                (params["canonical_url"],),
            ).fetchone()
            if stored_sha == params["text_sha256"]:
                return "unchanged"
            params["article_id"] = article_id
            conn.execute(_NEW_VERSION, params)
            conn.execute(_INSERT_VERSION, params)
            outcome = "version"
        # kept now, so an earlier drop (e.g. too short while the page was a stub) no longer applies
        conn.execute(
            "delete from dropped_urls where url = any(%s)", ([params["url"], params["canonical_url"]],)
        )
    return outcome


def record_drop(
    conn: psycopg.Connection,
    *,
    url: str,
    canonical_url: str | None,
    source_name: str,
    reason_code: str,
    reason: str,
    crawl_run_id: int | None,
) -> None:
    conn.execute(
        """insert into dropped_urls (url, canonical_url, source_name, reason_code, reason, crawl_run_id)
           values (%s, %s, %s, %s, %s, %s)
           on conflict (url) do update set canonical_url = excluded.canonical_url,
               source_name = excluded.source_name, reason_code = excluded.reason_code,
               reason = excluded.reason, crawl_run_id = excluded.crawl_run_id, dropped_at = now()""",
        (url, canonical_url, source_name, reason_code, reason[:2000], crawl_run_id),
    )


def last_seen(conn: psycopg.Connection, urls: list[str]) -> tuple[str, datetime] | None:
    """What happened to `urls` (stored or dropped) and when, or None if never: this very URL's record
    first, then a stored article over a dropped copy of it.

    Matches both the `url` and `canonical_url` columns: a feed link with tracking
    parameters and the canonical form must both count as seen.
    """
    row = conn.execute(
        """select kind, seen_at from (
               select 'article' as kind, fetched_at as seen_at, url = %(first)s as exact from articles
                where canonical_url = any(%(urls)s) or url = any(%(urls)s)
               union all
               select 'dropped', dropped_at, url = %(first)s from dropped_urls
                where url = any(%(urls)s) or canonical_url = any(%(urls)s)
           ) seen
           -- deterministic whatever the order copies were fetched in: what happened to this very URL
           -- first, then a stored article over a dropped copy of it, then the latest
           order by exact desc, kind = 'article' desc, seen_at desc limit 1""",
        {"urls": urls, "first": urls[0] if urls else None},
    ).fetchone()
    return (row[0], row[1]) if row else None
