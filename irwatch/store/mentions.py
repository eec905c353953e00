"""mentions: the tag stage's reads (what to tag) and writes (events, article marks), loaded through COPY.

A batch is COPYed into a temporary staging table and merged with one `insert … on conflict` in the
caller's transaction: an event already stored with the same fields is left alone, one whose fields
changed is updated in place (its mention_id, which deal events and alerts point at, survives), and an
article's stored events that the new tagging no longer finds are deleted. Loading the same batch twice
therefore changes nothing, and re-tagging an article replaces its mentions atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import psycopg
from psycopg.copy import QueuedLibpqWriter

from irwatch.store import clean
from irwatch.store.rejected import quarantine

COLUMNS = (
    "article_id", "article_version", "type", "sentence", "start_char", "end_char", "mention_start", "mention_end",
    "status", "system", "quantity", "value_usd", "parties", "regime", "caatsa", "imposer", "target",
    "amount", "currency", "amount_usd", "metric", "year", "is_target", "fields", "pipeline_version",
)
_KEY = "article_id, article_version, type, mention_start, mention_end, (coalesce(status, ''))"
_UPDATED = [c for c in COLUMNS if c not in ("article_id", "article_version", "type", "mention_start",
                                            "mention_end", "status")]
_COLS = ", ".join(COLUMNS)

_STAGE = f"""
    create temp table if not exists mentions_stage on commit delete rows as
    select {_COLS} from mentions with no data
"""

_MERGE = f"""
    with merged as (
    insert into mentions ({_COLS})
    select {_COLS} from mentions_stage
    on conflict ({_KEY}) do update set
        {", ".join(f"{c} = excluded.{c}" for c in _UPDATED)}
    where ({", ".join(f"mentions.{c}" for c in _UPDATED)})
          is distinct from ({", ".join(f"excluded.{c}" for c in _UPDATED)})
    returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted), count(*) filter (where not inserted) from merged
"""

# what the new tagging of these articles no longer finds (their old versions' events included)
_DELETE_STALE = """
    delete from mentions m
     where m.article_id = any(%s)
       and not exists (
           select 1 from mentions_stage s
            where (s.article_id, s.article_version, s.type, s.mention_start, s.mention_end, coalesce(s.status, ''))
                = (m.article_id, m.article_version, m.type, m.mention_start, m.mention_end, coalesce(m.status, '')))
"""

# today's loader, kept as the benchmark's baseline: one parameterised insert per row, pipelined
INSERT_ONE = f"""
    insert into mentions ({_COLS})
    values ({", ".join(["%s"] * len(COLUMNS))})
    on conflict ({_KEY}) do nothing
"""


@dataclass
class LoadResult:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    rejected: int = 0


def mention_row(article_id: int, version: int, event: dict, pipeline_version: str) -> tuple:
    """Flatten one tagger event into the typed columns of `mentions` (the full event goes to `fields`).

    Raises clean.Rejected when a value cannot be stored (the event is then quarantined, not the batch).
    """
    get = event.get
    sentence = clean.clean_str(get("sentence"), clean.TEXT_LIMITS["sentence"])
    if not sentence:
        raise clean.Rejected("sentence: missing")
    if get("type") not in ("deal", "sanction", "trade_figure"):
        raise clean.Rejected(f"type: {clean.clean_str(str(get('type')), 40)!r} is not deal, sanction or trade_figure")

    def text(key: str, limit: int = 200):
        return clean.clean_str(get(key), limit) if isinstance(get(key), str) else None

    parties = get("parties")
    return (
        article_id, version, event["type"], sentence,
        clean.integer(get("start"), "start"), clean.integer(get("end"), "end"),
        clean.integer(get("mention_start"), "mention_start"), clean.integer(get("mention_end"), "mention_end"),
        text("status", 40), text("system"), clean.number(get("quantity"), "quantity"),
        clean.number(get("value_usd"), "value_usd"),
        text_array([clean.clean_str(p, 200) for p in parties if isinstance(p, str)])
        if isinstance(parties, list) else None,
        text("regime"), bool(get("caatsa")) if get("caatsa") is not None else None, text("imposer"),
        text("target"), clean.number(get("amount"), "amount"), text("currency", 8),
        clean.number(get("amount_usd"), "amount_usd"), text("metric", 80), clean.integer(get("year"), "year"),
        bool(get("is_target")) if get("is_target") is not None else None,
        json.dumps(_json_safe(event), ensure_ascii=False, default=str), pipeline_version,
    )


def text_array(values: list[str]) -> str:
    """A PostgreSQL text[] literal. Rows are built as text once, so COPY and the baseline send the same
    bytes and no per-value adapter runs (the loader's hot path).

    >>> text_array(['India', 'Russia'])
    '{"India","Russia"}'
    """
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


def unique_by_key(rows: list[tuple]) -> list[tuple]:
    """One row per event key (the first), so the merge never meets a key twice in one statement."""
    seen: dict[tuple, tuple] = {}
    for row in rows:
        seen.setdefault((row[0], row[1], row[2], row[6], row[7], row[8] or ""), row)
    return list(seen.values())


def _json_safe(value):
    # jsonb refuses \u0000 and lone surrogates, which tagger events can carry from article text
    if isinstance(value, str):
        return clean.clean_str(value)
    if isinstance(value, dict):
        return {clean.clean_str(str(k)): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def rows_for(results: list[tuple[int, int, list[dict]]], pipeline_version: str,
             conn: psycopg.Connection | None = None) -> tuple[list[tuple], int]:
    """(article_id, version, events) triples → mention rows; a refused event is quarantined (when `conn`
    is given) and counted, never loaded half-way."""
    rows, rejected = [], 0
    for article_id, version, events in results:
        for event in events:
            try:
                rows.append(mention_row(article_id, version, event, pipeline_version))
            except (clean.Rejected, KeyError, TypeError) as exc:
                rejected += 1
                if conn is not None:
                    quarantine(conn, "mentions", f"article {article_id}: {exc}",
                               {"article_id": article_id, "event": event})
    return rows, rejected


def load(conn: psycopg.Connection, rows: list[tuple], *, replace_articles: list[int] | None = None) -> LoadResult:
    """COPY `rows` into staging and merge them into mentions, in the caller's transaction.

    `replace_articles`: articles whose stored events not in `rows` are deleted (the tag stage passes the
    batch's article ids, so a re-tag replaces; a bulk load passes None and only adds or updates).
    """
    result = LoadResult()
    with conn.transaction():
        conn.execute(_STAGE)
        conn.execute("truncate mentions_stage")
        with conn.cursor() as cur:
            # the queued writer sends to the server from a thread while this one formats the next rows
            with cur.copy(f"copy mentions_stage ({_COLS}) from stdin", writer=QueuedLibpqWriter(cur)) as copy:
                for row in unique_by_key(rows):
                    copy.write_row(row)
            if replace_articles:
                cur.execute(_DELETE_STALE, (list(replace_articles),))
                result.deleted = cur.rowcount
            result.inserted, result.updated = cur.execute(_MERGE).fetchone()
        conn.execute("truncate mentions_stage")
    return result


def count_untagged(conn: psycopg.Connection, pipeline_version: str) -> int:
    return conn.execute(
        "select count(*) from articles where tagged_version is distinct from %s", (pipeline_version,)
    ).fetchone()[0]


def claim_untagged(conn: psycopg.Connection, pipeline_version: str, size: int) -> list[dict]:
    """Lock up to `size` articles not tagged by this pipeline version (skip those another tagger holds)."""
    cur = conn.execute(
        """select article_id, version, title, text, canonical_url, published_at
             from articles
            where tagged_version is distinct from %s
            order by article_id
            limit %s
              for update skip locked""",
        (pipeline_version, size),
    )
    return [dict(zip(("article_id", "version", "title", "text", "url", "published_at"), row, strict=True))
            for row in cur.fetchall()]


def mark_tagged(conn: psycopg.Connection, pipeline_version: str, results: list[tuple[int, dict]]) -> None:
    """Record each (article_id, tagger result): relevance, language as the tagger saw it, why it skipped."""
    with conn.cursor() as cur:
        cur.executemany(
            """update articles set tagged_version = %s, tagged_at = now(), relevant = %s, relevance = %s,
                      language = coalesce(%s, language),
                      language_confidence = coalesce(%s, language_confidence), tag_skipped = %s
                where article_id = %s""",
            [(pipeline_version, res["relevant"], res["relevance"], res.get("language"),
              res.get("language_confidence") if res.get("language") else None,
              clean.clean_str(res.get("skipped"), 500), article_id)
             for article_id, res in results],
        )
