"""sources: one row per registered feed, sitemap or listing (crawlers/sources.yaml mirrored, plus ad hoc feeds)."""

from __future__ import annotations

import psycopg

_UPSERT = """
insert into sources (name, title, kind, url, homepage, tier, country, language, confirmed)
values (%(name)s, %(title)s, %(kind)s, %(url)s, %(homepage)s, %(tier)s, %(country)s, %(language)s,
        %(confirmed)s)
on conflict (name) do update set
    title = excluded.title, kind = excluded.kind, url = excluded.url, homepage = excluded.homepage,
    tier = excluded.tier, country = excluded.country, language = excluded.language,
    confirmed = excluded.confirmed, updated_at = now()
where (sources.title, sources.kind, sources.url, sources.homepage, sources.tier, sources.country,
       sources.language, sources.confirmed)
      is distinct from
      (excluded.title, excluded.kind, excluded.url, excluded.homepage, excluded.tier, excluded.country,
       excluded.language, excluded.confirmed)
"""


def sync(conn: psycopg.Connection, entries: list[dict]) -> int:
    """Upsert validated registry entries by name in one transaction; return how many.

    Rows whose values did not change are not rewritten (updated_at keeps its
    meaning). `enabled` is never touched: switching a source off is an operator's call.
    """
    with conn.transaction():
        for entry in entries:
            conn.execute(_UPSERT, entry)
    return len(entries)


def insert_feed(
    conn: psycopg.Connection, name: str, title: str | None, url: str, homepage: str, *, repoint: bool
) -> tuple[str, str] | None:
    """Add an ad hoc feed; None when it is registered (now or before, or repointed), else the (url, kind)
    of the different source that already holds the name."""
    with conn.transaction():
        row = conn.execute(
            """insert into sources (name, title, kind, url, homepage, confirmed)
               values (%s, %s, 'feed', %s, %s, false)
               on conflict (name) do nothing
               returning name""",
            (name, title, url, homepage),
        ).fetchone()
        if row is not None:
            return None
        existing = conn.execute("select url, kind from sources where name = %s", (name,)).fetchone()
        if repoint and existing[1] == "feed" and existing[0] != url:
            conn.execute(
                "update sources set url = %s, homepage = %s, updated_at = now() where name = %s",
                (url, homepage, name),
            )
            return None
        return None if tuple(existing) == (url, "feed") else tuple(existing)


def find_source(conn: psycopg.Connection, name: str) -> dict | None:
    """One row of `sources` as a dict, or None."""
    cur = conn.execute(
        "select source_id, name, title, kind, url, homepage, tier, country, language, confirmed, enabled "
        "from sources where name = %s",
        (name,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([c.name for c in cur.description], row, strict=True))


def enabled_source_names(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute("select name from sources where enabled order by name")]


def keep_enabled_only(conn: psycopg.Connection, names: list[str]) -> int:
    """Disable every source not in `names` (an operator's or a test harness's choice); return how many."""
    return conn.execute("update sources set enabled = false, updated_at = now() "
                        "where enabled and not (name = any(%s))", (names,)).rowcount
