"""crawl_runs: one row per crawl of one source, opened 'running', closed with its counts."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb


def source_id(conn: psycopg.Connection, name: str) -> int | None:
    row = conn.execute("select source_id from sources where name = %s", (name,)).fetchone()
    return row[0] if row else None


def open_run(conn: psycopg.Connection, source_name: str, spider: str, source_id: int | None) -> int:
    row = conn.execute(
        """insert into crawl_runs (source_id, source_name, spider, status)
           values (%s, %s, %s, 'running') returning crawl_run_id""",
        (source_id, source_name, spider),
    ).fetchone()
    return row[0]


def finish_run(
    conn: psycopg.Connection,
    run_id: int,
    *,
    status: str,
    requests: int,
    kept: int,
    dropped: int,
    drop_reasons: dict[str, int],
    errors: dict[str, int],
    stats: dict,
) -> None:
    conn.execute(
        """update crawl_runs
              set finished_at = now(), status = %s, requests = %s, articles_kept = %s,
                  articles_dropped = %s, drop_reasons = %s, errors = %s, stats = %s
            where crawl_run_id = %s""",
        (status, requests, kept, dropped, Jsonb(drop_reasons), Jsonb(errors), Jsonb(stats), run_id),
    )


def fail_run(conn: psycopg.Connection, run_id: int, message: str) -> None:
    """Mark a run that never reached its close (process killed, crash) as failed; keep what it wrote."""
    conn.execute(
        """update crawl_runs
              set status = 'failed', finished_at = coalesce(finished_at, now()),
                  errors = errors || jsonb_build_object('crawl-process', 1),
                  stats = stats || jsonb_build_object('failure', %s::text)
            where crawl_run_id = %s and status = 'running'""",
        (message[-2000:], run_id),
    )


def read_run(conn: psycopg.Connection, run_id: int) -> dict:
    """A crawl_runs row as a dict (the counts the crawl subprocess wrote)."""
    cur = conn.execute(
        """select crawl_run_id, source_name, spider, requests, articles_kept, articles_dropped, drop_reasons,
                  errors, stats, status
             from crawl_runs where crawl_run_id = %s""",
        (run_id,),
    )
    return dict(zip([c.name for c in cur.description], cur.fetchone(), strict=True))
