"""articles / article_versions / dropped_urls writes, and the "seen before?" lookup.

Upsert by canonical_url, one transaction per article:
  * new canonical URL        → articles row + article_versions row 1        → "new"
  * same text hash as stored → nothing is written                           → "unchanged"
  * different text hash      → version + 1, new article_versions row,
                               tagged_version = null (the tagger re-tags)   → "version"
  * a row the store cannot take (bad URL, unreadable timestamp)
                             → rejected_rows, nothing else written          → "rejected"
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import psycopg

from irwatch.store import clean
from irwatch.store.rejected import quarantine


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_INSERT_ARTICLE = """
insert into articles (canonical_url, url, source_id, source_name, title, published_at, published_offset_minutes,
                      published_local_date, published_from, modified_at, authors,
                      language, language_confidence, language_script, declared_language,
                      text, html_sha256, text_sha256, http_status, fetched_at, version, crawl_run_id)
values (%(canonical_url)s, %(url)s, %(source_id)s, %(source_name)s, %(title)s, %(published_at)s,
        %(published_offset_minutes)s, %(published_local_date)s, %(published_from)s,
        %(modified_at)s, %(authors)s, %(language)s, %(language_confidence)s, %(language_script)s,
        %(declared_language)s, %(text)s, %(html_sha256)s, %(text_sha256)s,
        %(http_status)s, %(fetched_at)s, 1, %(crawl_run_id)s)
on conflict (canonical_url) do nothing
returning article_id
"""

_NEW_VERSION = """
update articles
   set url = %(url)s, title = %(title)s, published_at = coalesce(%(published_at)s, published_at),
       published_offset_minutes = case when %(published_at)s::timestamptz is null then published_offset_minutes
                                       else %(published_offset_minutes)s end,
       published_local_date = coalesce(%(published_local_date)s, published_local_date),
       published_from = case when %(published_at)s::timestamptz is null then published_from
                             else %(published_from)s end,
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


def local_day(published: datetime | None, offset_minutes: int | None):
    """The publisher's calendar day of an instant, when the publisher's offset is known.

    >>> local_day(datetime(2024, 7, 9, 19, 0, tzinfo=timezone.utc), 330)
    datetime.date(2024, 7, 10)
    """
    if published is None or offset_minutes is None:
        return None
    return published.astimezone(timezone(timedelta(minutes=offset_minutes))).date()


def article_params(item: dict, *, source_id: int | None, crawl_run_id: int | None) -> dict:
    """The articles row for one validated item: text cleaned, identities and timestamps checked (pure).

    Raises clean.Rejected when the row cannot be stored as it is.
    """
    text = clean.clean_str(item.get("text"), clean.TEXT_LIMITS["text"])
    if not text:
        raise clean.Rejected("text: missing")
    published = clean.timestamp(item.get("published_at"), "published_at")
    offset = clean.integer(item.get("published_offset_minutes"), "published_offset_minutes")
    if offset is not None and not -720 <= offset <= 840:
        raise clean.Rejected(f"published_offset_minutes: {offset} is not a real UTC offset")
    authors = [clean.clean_str(a, clean.TEXT_LIMITS["author"]) for a in (item.get("authors") or [])
               if isinstance(a, str)][: clean.AUTHORS_LIMIT]
    return {
        "canonical_url": clean.url(item.get("canonical_url"), "canonical_url"),
        "url": clean.url(item.get("url"), "url"),
        "source_id": source_id,
        "source_name": clean.clean_str(item.get("source"), clean.TEXT_LIMITS["name"]) or "unknown",
        "title": clean.clean_str(item.get("title"), clean.TEXT_LIMITS["title"]),
        "published_at": published,
        "published_offset_minutes": offset if published is not None else None,
        "published_local_date": clean.day(item.get("published_local_date"), "published_local_date")
        or local_day(published, offset),
        "published_from": clean.clean_str(item.get("published_from"), 80) if published is not None else None,
        "modified_at": clean.timestamp(item.get("modified_at"), "modified_at"),
        "authors": authors,
        "language": clean.clean_str(item.get("language"), 16),
        "language_confidence": clean.number(item.get("language_confidence"), "language_confidence"),
        "language_script": clean.clean_str(item.get("language_script"), 32),
        "declared_language": clean.clean_str(item.get("declared_language"), 35),
        "text": text,
        "html_sha256": clean.clean_str(item.get("html_sha256"), 64) or "",
        "text_sha256": text_sha256(text),
        "http_status": clean.integer(item.get("http_status"), "http_status"),
        "fetched_at": clean.timestamp(item.get("fetched_at"), "fetched_at", required=True),
        "crawl_run_id": crawl_run_id,
    }


def upsert_article(conn: psycopg.Connection, item: dict, *, source_id: int | None, crawl_run_id: int) -> str:
    """Store one validated item; return "new", "version", "unchanged" or "rejected" (quarantined)."""
    try:
        params = article_params(item, source_id=source_id, crawl_run_id=crawl_run_id)
    except clean.Rejected as exc:
        with conn.transaction():
            quarantine(conn, "articles", str(exc), item, crawl_run_id=crawl_run_id)
        return "rejected"
    try:
        return _upsert(conn, params)
    except (psycopg.DataError, psycopg.errors.ProgramLimitExceeded) as exc:
        # the server refused a value the checks above let through: keep the row, never half of it
        with conn.transaction():
            quarantine(conn, "articles", f"{type(exc).__name__}: {exc}", item, crawl_run_id=crawl_run_id)
        return "rejected"


def _upsert(conn: psycopg.Connection, params: dict) -> str:
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
