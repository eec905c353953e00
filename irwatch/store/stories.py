"""stories, article_signatures, story_bands: which articles are copies of one story (the cluster stage's SQL)."""

from __future__ import annotations

import psycopg

_CLAIM = """
    select a.article_id, a.version, a.title, a.text, coalesce(a.published_at, a.fetched_at) as seen_at,
           a.published_at, a.published_from, a.source_name, a.story_id
      from articles a
      left join article_signatures s using (article_id)
     where s.article_id is null or s.article_version <> a.version or s.signature_version <> %s
        or a.story_id is null
     order by coalesce(a.published_at, a.fetched_at), a.article_id
     limit %s
       for update of a skip locked
"""

_CANDIDATES = """
    select a.article_id, a.story_id, a.title, a.text, coalesce(a.published_at, a.fetched_at), a.published_at,
           a.published_from, a.source_name, count(*) as shared_bands
      from story_bands b
      join articles a using (article_id)
     where b.bucket = any(%s::bigint[])
       and b.article_id <> %s
       and a.story_id is not null
     group by a.article_id
     order by shared_bands desc, a.article_id
     limit %s
"""


def count_unclustered(conn: psycopg.Connection, signature_version: str) -> int:
    return conn.execute(
        """select count(*) from articles a left join article_signatures s using (article_id)
            where s.article_id is null or s.article_version <> a.version or s.signature_version <> %s
               or a.story_id is null""",
        (signature_version,),
    ).fetchone()[0]


def claim_unclustered(conn: psycopg.Connection, signature_version: str, size: int) -> list[dict]:
    """Articles whose current version has no signature of this version or no story, earliest first."""
    cur = conn.execute(_CLAIM, (signature_version, size))
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def save_signature(conn: psycopg.Connection, article_id: int, version: int, minhash: list[int],
                   band_keys: list[int], signature_version: str) -> None:
    conn.execute(
        """insert into article_signatures (article_id, article_version, minhash, signature_version)
           values (%s, %s, %s, %s)
           on conflict (article_id) do update set article_version = excluded.article_version,
               minhash = excluded.minhash, signature_version = excluded.signature_version, signed_at = now()""",
        (article_id, version, minhash, signature_version),
    )
    conn.execute("delete from story_bands where article_id = %s", (article_id,))
    with conn.cursor() as cur:
        cur.executemany(
            "insert into story_bands (bucket, article_id, band) values (%s, %s, %s) on conflict do nothing",
            [(key, article_id, band) for band, key in enumerate(band_keys)],
        )


def candidates(conn: psycopg.Connection, article_id: int, band_keys: list[int], limit: int = 50) -> list[dict]:
    """Clustered articles sharing at least one LSH bucket with this one, most shared buckets first."""
    cur = conn.execute(_CANDIDATES, (band_keys, article_id, limit))
    names = ("article_id", "story_id", "title", "text", "seen_at", "published_at", "published_from", "source_name",
             "shared_bands")
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def new_story(conn: psycopg.Connection, article: dict) -> int:
    story_id = conn.execute(
        """insert into stories (first_article_id, title, first_published_at) values (%s, %s, %s)
           returning story_id""",
        (article["article_id"], article["title"], article["seen_at"]),
    ).fetchone()[0]
    set_story(conn, article["article_id"], story_id, 1.0)
    return story_id


def set_story(conn: psycopg.Connection, article_id: int, story_id: int, score: float) -> None:
    """Put an article in a story; the story's first article is always its earliest copy."""
    conn.execute("update articles set story_id = %s, story_score = %s where article_id = %s",
                 (story_id, score, article_id))
    conn.execute(
        """update stories s set articles = c.n, first_article_id = c.first_id, first_published_at = c.first_at,
                  title = c.title, updated_at = now()
             from (select count(*) as n,
                          (array_agg(article_id order by coalesce(published_at, fetched_at), article_id))[1]
                              as first_id,
                          min(coalesce(published_at, fetched_at)) as first_at,
                          (array_agg(title order by coalesce(published_at, fetched_at), article_id))[1] as title
                     from articles where story_id = %s) c
            where s.story_id = %s""",
        (story_id, story_id),
    )


def story_outlets(conn: psycopg.Connection, story_id: int) -> list[dict]:
    """Every copy of a story: outlet, tier, when and where, earliest first."""
    cur = conn.execute(
        """select a.article_id, a.source_name as outlet, src.tier, a.published_at, a.published_offset_minutes,
                  a.canonical_url as url, a.title
             from articles a left join sources src on src.source_id = a.source_id
            where a.story_id = %s
            order by coalesce(a.published_at, a.fetched_at), a.article_id""",
        (story_id,),
    )
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
