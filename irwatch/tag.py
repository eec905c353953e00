"""Tag stage: run the NLP tagger over articles whose current version is untagged
(or was tagged by an older pipeline version) and load the events into `mentions`.

One transaction per batch: the batch's old mentions are deleted, the new ones
inserted and the articles marked with the pipeline version, together. Rows are
claimed with `for update skip locked`, so several taggers can share the work.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)


@dataclass
class TagSummary:
    articles: int = 0
    relevant: int = 0
    mentions: int = 0
    by_type: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)


_CLAIM = """
    select article_id, version, title, text, canonical_url, published_at
    from articles
    where tagged_version is distinct from %s
    order by article_id
    limit %s
    for update skip locked
"""

_INSERT = """
    insert into mentions (
        article_id, article_version, type, sentence, start_char, end_char, mention_start, mention_end, status,
        system, quantity, value_usd, parties,
        regime, caatsa, imposer, target,
        amount, currency, amount_usd, metric, year, is_target,
        fields, pipeline_version)
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s,  %s, %s, %s, %s,  %s, %s, %s, %s,  %s, %s, %s, %s, %s, %s,  %s, %s)
    on conflict (article_id, article_version, type, mention_start, mention_end, (coalesce(status, ''))) do nothing
"""


def mention_row(article_id: int, version: int, event: dict, pipeline_version: str) -> tuple:
    """Flatten one tagger event into the typed columns of `mentions` (the full event goes to `fields`)."""
    get = event.get
    return (
        article_id, version, event["type"], event["sentence"], event["start"], event["end"],
        event["mention_start"], event["mention_end"], get("status"),
        get("system"), get("quantity"), get("value_usd"), get("parties"),
        get("regime"), get("caatsa"), get("imposer"), get("target"),
        get("amount"), get("currency"), get("amount_usd"), get("metric"), get("year"), get("is_target"),
        Jsonb(event), pipeline_version,
    )


def _tag_isolated(tagger, records: list[dict]) -> list[dict]:
    """Tag a batch; if the batch fails, tag article by article so one bad article cannot block the rest.

    An article that fails alone is recorded as tagged-but-skipped with the reason (its text stays
    stored; the next pipeline version tries it again).
    """
    try:
        return tagger.tag_many(records)
    except Exception:  # noqa: BLE001  (isolate, then name the culprit below)
        log.warning("tag: batch of %d failed; retrying article by article", len(records))
    results = []
    for record in records:
        try:
            results.append(tagger.tag(record))
        except Exception as exc:  # noqa: BLE001  (recorded per article, with its reason)
            reason = f"error: {type(exc).__name__}: {str(exc)[:200]}"
            log.error("tag: article %s not tagged: %s", record["id"], reason)
            results.append({"id": record["id"], "relevant": False, "relevance": 0.0, "events": [],
                            "skipped": reason})
    return results


def tag_pending(
    conn: psycopg.Connection,
    tagger,
    *,
    batch_size: int = 32,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> TagSummary:
    """Tag every article not yet tagged by `tagger.version`; rerunning finds nothing to do."""
    summary = TagSummary()
    total = conn.execute(
        "select count(*) from articles where tagged_version is distinct from %s", (tagger.version,)
    ).fetchone()[0]
    conn.commit()
    if limit is not None:
        total = min(total, limit)
    while limit is None or summary.articles < limit:
        size = batch_size if limit is None else min(batch_size, limit - summary.articles)
        with conn.transaction():
            rows = conn.execute(_CLAIM, (tagger.version, size)).fetchall()
            if not rows:
                break
            records = [
                {"id": r[0], "title": r[2], "text": r[3], "url": r[4],
                 "published_at": r[5].isoformat() if r[5] else None}
                for r in rows
            ]
            results = _tag_isolated(tagger, records)
            ids = [r[0] for r in rows]
            conn.execute("delete from mentions where article_id = any(%s)", (ids,))
            params = []
            for (article_id, version, *_), result in zip(rows, results, strict=True):
                for event in result["events"]:
                    params.append(mention_row(article_id, version, event, tagger.version))
                    summary.by_type[event["type"]] += 1
                if result.get("skipped"):
                    summary.skipped[result["skipped"]] += 1
                summary.relevant += bool(result["relevant"])
            with conn.cursor() as cur:
                cur.executemany(_INSERT, params)
            conn.cursor().executemany(
                """update articles set tagged_version = %s, tagged_at = now(), relevant = %s, relevance = %s,
                          language = coalesce(%s, language),
                          language_confidence = coalesce(%s, language_confidence), tag_skipped = %s
                   where article_id = %s""",
                [(tagger.version, res["relevant"], res["relevance"], res.get("language"),
                  res.get("language_confidence") if res.get("language") else None, res.get("skipped"), aid)
                 for aid, res in zip(ids, results, strict=True)],
            )
            summary.articles += len(rows)
            summary.mentions += len(params)
        if progress:
            progress(f"tagged {summary.articles}/{total} articles, {summary.mentions} mentions")
    return summary
