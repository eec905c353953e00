"""Read-only queries behind `irwatch status` and the demo summary."""

from __future__ import annotations

import psycopg

TABLES = ("sources", "crawl_runs", "articles", "article_versions", "dropped_urls", "mentions", "deals",
          "deal_events", "stories", "alerts", "rejected_rows")

EXAMPLE_QUERIES = {
    "Deals by system and latest status": (
        "select system, status, count(*) as mentions, max(a.published_at)::date as latest\n"
        "from mentions m join articles a using (article_id)\n"
        "where m.type = 'deal' group by system, status order by latest desc nulls last;"
    ),
    "Trade figures, targets kept apart from actuals": (
        "select year, metric, is_target, round(amount_usd / 1e9, 1) as usd_bn, left(sentence, 80) as evidence\n"
        "from mentions where type = 'trade_figure' order by is_target, year;"
    ),
}


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    # table names come from the constant above, never from input
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def mentions_by_type(conn: psycopg.Connection) -> dict[str, int]:
    return dict(conn.execute("select type, count(*) from mentions group by type order by type").fetchall())


def last_crawls(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        """select distinct on (source_name) source_name, finished_at, status, requests, articles_kept,
                  articles_dropped
           from crawl_runs order by source_name, started_at desc"""
    ).fetchall()


def caatsa_alerts(conn: psycopg.Connection) -> list[tuple]:
    """(alert_id, delivery status, development, headline, sentence, outlets carrying the story) of every
    CAATSA email."""
    return conn.execute(
        """select x.alert_id, x.status, coalesce(x.development, m.status, '?'), x.headline, x.sentence,
                  (select count(*) from articles a where a.story_id = x.story_id) as outlets
           from alerts x left join mentions m using (mention_id)
           where x.rule = 'caatsa' and x.status <> 'suppressed' order by x.alert_id"""
    ).fetchall()


def dropped_in_runs(conn: psycopg.Connection, crawl_run_ids: list[int], limit: int = 10) -> list[tuple]:
    """(reason_code, url) of URLs dropped by these crawl runs."""
    return conn.execute(
        "select reason_code, url from dropped_urls where crawl_run_id = any(%s) order by reason_code, url limit %s",
        (crawl_run_ids, limit),
    ).fetchall()
