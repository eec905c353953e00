"""feed_state: the validators (ETag, Last-Modified) of each feed/sitemap/listing URL for conditional GET."""

from __future__ import annotations

import psycopg


def load(conn: psycopg.Connection, url: str) -> tuple[str | None, str | None]:
    row = conn.execute("select etag, last_modified from feed_state where url = %s", (url,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def save(
    conn: psycopg.Connection, url: str, *, etag: str | None, last_modified: str | None, status: int
) -> None:
    """Record a 200: its validators replace the old ones."""
    conn.execute(
        """insert into feed_state (url, etag, last_modified, last_status, fetched_at)
           values (%s, %s, %s, %s, now())
           on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified,
               last_status = excluded.last_status, fetched_at = excluded.fetched_at""",
        (url, etag, last_modified, status),
    )


def touch(conn: psycopg.Connection, url: str, *, status: int) -> None:
    """Record a 304 (or an error): the validators stay as they were."""
    conn.execute(
        """insert into feed_state (url, last_status, fetched_at) values (%s, %s, now())
           on conflict (url) do update
               set last_status = excluded.last_status, fetched_at = excluded.fetched_at""",
        (url, status),
    )
