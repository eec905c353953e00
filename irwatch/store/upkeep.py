"""What the daily maintenance reads and writes: statistics, source alarms, old crawl runs, upkeep notices."""

from __future__ import annotations

from datetime import date, datetime

import psycopg
from psycopg import sql

# analysed by name: the tables a stage's plan depends on (ANALYZE cannot run inside a transaction block)
ANALYZED = ("articles", "article_versions", "mentions", "deals", "deal_events", "stories", "article_signatures",
            "story_bands", "alerts", "alert_mentions", "crawl_runs", "dropped_urls")


def analyze(conn: psycopg.Connection) -> list[str]:
    """ANALYZE each table (the connection must be in autocommit mode); return the table names."""
    for table in ANALYZED:
        conn.execute(sql.SQL("analyze {}").format(sql.Identifier(table)))
    return list(ANALYZED)


def source_alarms(conn: psycopg.Connection) -> list[dict]:
    cur = conn.execute(
        """select source_name, url, problem, newest_fetched_at, crawls_7d, failed_crawls_7d, error_rate_7d
             from v_source_alarms order by problem, source_name"""
    )
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def prune_crawl_runs(conn: psycopg.Connection, before: datetime) -> int:
    """Delete crawl runs older than `before` that nothing points at (the 304-only polls of a 5-minute schedule);
    a run that stored an article, a version, a dropped URL or a backfill chunk is kept as that row's provenance."""
    return conn.execute(
        """delete from crawl_runs r
            where r.started_at < %s
              and r.status <> 'running'
              and not exists (select 1 from articles a where a.crawl_run_id = r.crawl_run_id)
              and not exists (select 1 from article_versions v where v.crawl_run_id = r.crawl_run_id)
              and not exists (select 1 from dropped_urls d where d.crawl_run_id = r.crawl_run_id)
              and not exists (select 1 from rejected_rows x where x.crawl_run_id = r.crawl_run_id)
              and not exists (select 1 from backfill_chunks b where r.crawl_run_id = any (b.crawl_run_ids))""",
        (before,),
    ).rowcount


def claim_notice(conn: psycopg.Connection, kind: str, day: date, recipients: list[str], subject: str) -> bool:
    """True when this (kind, day) notice is not sent yet (and is now claimed); False when it was sent."""
    conn.execute(
        """insert into upkeep_notices (kind, day, recipients, subject) values (%s, %s, %s, %s)
           on conflict (kind, day) do nothing""",
        (kind, day, recipients, subject),
    )
    row = conn.execute(
        "select sent_at from upkeep_notices where (kind, day) = (%s, %s) for update", (kind, day)
    ).fetchone()
    return row[0] is None


def mark_notice_sent(conn: psycopg.Connection, kind: str, day: date) -> None:
    conn.execute("update upkeep_notices set sent_at = now() where (kind, day) = (%s, %s)", (kind, day))
