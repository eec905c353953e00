"""backfill_chunks: which (source, date window) chunks a backfill has finished, so a resumed one skips them."""

from __future__ import annotations

from datetime import date

import psycopg


def finished(conn: psycopg.Connection, source_name: str, start: date, end: date) -> dict | None:
    """The finished chunk's row, or None when it still has to be crawled."""
    cur = conn.execute(
        """select source_name, chunk_start, chunk_end, attempts, crawl_run_ids, new_articles, finished_at
             from backfill_chunks
            where (source_name, chunk_start, chunk_end) = (%s, %s, %s) and status = 'finished'""",
        (source_name, start, end),
    )
    row = cur.fetchone()
    return dict(zip([c.name for c in cur.description], row, strict=True)) if row else None


def begin(conn: psycopg.Connection, source_name: str, start: date, end: date) -> int:
    """Mark the chunk running (a new row, or a retry of a failed/interrupted one); return its attempt number."""
    return conn.execute(
        """insert into backfill_chunks (source_name, chunk_start, chunk_end, status, attempts)
           values (%s, %s, %s, 'running', 1)
           on conflict (source_name, chunk_start, chunk_end) do update
              set status = 'running', attempts = backfill_chunks.attempts + 1, error = null,
                  started_at = now(), finished_at = null
           returning attempts""",
        (source_name, start, end),
    ).fetchone()[0]


def finish(conn: psycopg.Connection, source_name: str, start: date, end: date, *, crawl_run_ids: list[int],
           new_articles: int) -> None:
    conn.execute(
        """update backfill_chunks
              set status = 'finished', crawl_run_ids = crawl_run_ids || %s::bigint[],
                  new_articles = new_articles + %s, finished_at = now()
            where (source_name, chunk_start, chunk_end) = (%s, %s, %s)""",
        (crawl_run_ids, new_articles, source_name, start, end),
    )


def fail(conn: psycopg.Connection, source_name: str, start: date, end: date, error: str) -> None:
    conn.execute(
        """update backfill_chunks set status = 'failed', error = left(%s, 2000), finished_at = now()
            where (source_name, chunk_start, chunk_end) = (%s, %s, %s)""",
        (error, source_name, start, end),
    )


def progress(conn: psycopg.Connection, since: date, until: date) -> dict[str, int]:
    """Chunks by status inside [since, until): what a backfill has left."""
    return dict(conn.execute(
        """select status, count(*) from backfill_chunks
            where chunk_start >= %s and chunk_end <= %s group by status order by status""",
        (since, until),
    ).fetchall())
