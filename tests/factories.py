"""Rows for tests that start after the crawl: articles and mentions written straight into the database."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from psycopg.types.json import Jsonb

_offsets = iter(range(0, 10**9, 10))


def add_article(conn, url: str, title: str, text: str, *, relevant=True, source="test-source") -> int:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return conn.execute(
        """insert into articles (canonical_url, url, source_name, title, text, html_sha256, text_sha256,
                                 fetched_at, published_at, relevant, relevance, tagged_version)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'test') returning article_id""",
        (url, url, source, title, text, digest, digest, datetime.now(UTC), datetime(2022, 7, 14, tzinfo=UTC),
         relevant, 0.9 if relevant else 0.1),
    ).fetchone()[0]


def add_caatsa_mention(conn, article_id: int, sentence: str, status: str = "waived", target: str = "India") -> int:
    return conn.execute(
        """insert into mentions (article_id, article_version, type, sentence, start_char, end_char,
                                 mention_start, mention_end, status, regime, caatsa, imposer, target, fields,
                                 pipeline_version)
           values (%s, 1, 'sanction', %s, 0, %s, %s, %s, %s, 'CAATSA', true, 'United States', %s, %s, 'test')
           returning mention_id""",
        (article_id, sentence, len(sentence), start := next(_offsets), start + 6, status, target,
         Jsonb({"regime": "CAATSA"})),
    ).fetchone()[0]


# --- the analyst surface (sql/migrations/0005, sql/queries): rows with dates, versions and deals under control ---

_MENTION_COLUMNS = (
    "status", "system", "quantity", "value_usd", "parties", "regime", "caatsa", "imposer", "target",
    "amount", "currency", "amount_usd", "metric", "year", "is_target",
)


def add_source(conn, name: str, *, kind: str = "feed", tier: str = "media", enabled: bool = True) -> int:
    return conn.execute(
        """insert into sources (name, kind, url, tier, enabled) values (%s, %s, %s, %s, %s) returning source_id""",
        (name, kind, f"https://{name}.example/feed.xml", tier, enabled),
    ).fetchone()[0]


def add_crawl_run(conn, source_id: int | None, source_name: str, *, started_at: datetime, status: str = "finished",
                  requests: int = 0, kept: int = 0, dropped: int = 0, drop_reasons: dict | None = None,
                  errors: dict | None = None) -> int:
    finished_at = None if status == "running" else started_at + timedelta(minutes=3)
    return conn.execute(
        """insert into crawl_runs (source_id, source_name, spider, started_at, finished_at, status, requests,
                                   articles_kept, articles_dropped, drop_reasons, errors)
           values (%s, %s, 'feed', %s, %s, %s, %s, %s, %s, %s, %s) returning crawl_run_id""",
        (source_id, source_name, started_at, finished_at, status, requests, kept, dropped,
         Jsonb(drop_reasons or {}), Jsonb(errors or {})),
    ).fetchone()[0]


def add_story(conn, url: str, *, title: str = "Untitled", text: str = "No text.", source: str = "test-source",
              source_id: int | None = None, local_date: date | None = None, published_at: datetime | None = None,
              fetched_at: datetime | None = None, relevant: bool | None = True, tagged: bool = True,
              language: str = "en") -> int:
    """An article with its dates under control: `local_date` is the publisher's day (published_local_date);
    without `published_at` it was published at noon UTC that day (or never stated, without `local_date`)."""
    if published_at is None and local_date is not None:
        published_at = datetime.combine(local_date, time(12), UTC)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return conn.execute(
        """insert into articles (canonical_url, url, source_id, source_name, title, text, html_sha256, text_sha256,
                                 fetched_at, published_at, published_local_date, relevant, relevance,
                                 tagged_version, language)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning article_id""",
        (url, url, source_id, source, title, text, digest, digest, fetched_at or datetime.now(UTC), published_at,
         local_date, relevant, None if relevant is None else (0.9 if relevant else 0.1),
         "test" if tagged else None, language),
    ).fetchone()[0]


def add_version(conn, article_id: int, text: str) -> int:
    """Store a new version of an article (the old one goes to article_versions); returns the new version."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    conn.execute(
        """insert into article_versions (article_id, version, url, title, text, html_sha256, text_sha256,
                                         published_at, fetched_at)
           select article_id, version, url, title, text, html_sha256, text_sha256, published_at, fetched_at
           from articles where article_id = %s""",
        (article_id,),
    )
    return conn.execute(
        """update articles set version = version + 1, text = %s, html_sha256 = %s, text_sha256 = %s
           where article_id = %s returning version""",
        (text, digest, digest, article_id),
    ).fetchone()[0]


def add_mention(conn, article_id: int, type_: str, sentence: str, *, version: int = 1, **columns) -> int:
    """A mention of any type; `columns` are mentions' typed columns (status, system, regime, amount, ...) and
    `fields` (the full event, default: the typed columns given)."""
    fields = columns.pop("fields", None)
    unknown = set(columns) - set(_MENTION_COLUMNS)
    if unknown:
        raise TypeError(f"not a mentions column: {sorted(unknown)}")
    names = list(columns)
    start = next(_offsets)
    event = {"type": type_, **columns} if fields is None else fields
    placeholders = ", ".join(["%s"] * (len(names) + 10))
    return conn.execute(
        f"""insert into mentions (article_id, article_version, type, sentence, start_char, end_char,
                                  mention_start, mention_end, {", ".join(names + ["fields"])}, pipeline_version)
            values ({placeholders}) returning mention_id""",  # column names come from _MENTION_COLUMNS only
        (article_id, version, type_, sentence, 0, len(sentence), start, start + 6, *columns.values(),
         Jsonb(event), "test"),
    ).fetchone()[0]


def add_deal(conn, system: str, *, counterparty: str = "Russia", programme: str = "unspecified",
             status: str | None = None, status_since: date | None = None, events: int = 0,
             conflicting_events: int = 0) -> int:
    return conn.execute(
        """insert into deals (deal_key, system, counterparty, programme, status, status_since, events,
                              conflicting_events)
           values (%s, %s, %s, %s, %s, %s, %s, %s) returning deal_id""",
        (f"{system}|{counterparty}|{programme}", system, counterparty, programme, status, status_since, events,
         conflicting_events),
    ).fetchone()[0]


def add_deal_event(conn, deal_id: int, article_id: int, status: str, sentence: str, *, event_date: date,
                   outlet: str = "test-source", version: int = 1, mention_id: int | None = None,
                   expected_status: str | None = None, conflicts: bool = False) -> int:
    return conn.execute(
        """insert into deal_events (deal_id, mention_id, article_id, article_version, status, expected_status,
                                    event_date, outlet, sentence, start_char, conflicts)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning deal_event_id""",
        (deal_id, mention_id, article_id, version, status, expected_status, event_date, outlet, sentence,
         next(_offsets), conflicts),
    ).fetchone()[0]


def add_alert(conn, article_id: int, mention_id: int | None, *, status: str = "pending", key: str | None = None,
              duplicate_of: int | None = None) -> int:
    key = key or f"test:{article_id}:{mention_id}:{next(_offsets)}"
    return conn.execute(
        """insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url, recipients,
                               status, duplicate_of, message_id)
           values ('caatsa', %s, %s, %s, 'A headline', 'A sentence.', 'https://alerts.example/', %s, %s, %s, %s)
           returning alert_id""",
        (key, mention_id, article_id, ["desk@example.invalid"], status, duplicate_of, f"<{key}@example.invalid>"),
    ).fetchone()[0]


def add_rejected_row(conn, target_table: str, reason: str, *, payload: str = "{}",
                     rejected_at: datetime | None = None) -> int:
    return conn.execute(
        """insert into rejected_rows (target_table, reason, payload, rejected_at)
           values (%s, %s, %s, coalesce(%s, now())) returning rejected_row_id""",
        (target_table, reason, payload, rejected_at),
    ).fetchone()[0]
