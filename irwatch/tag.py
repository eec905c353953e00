"""Tag stage: run the NLP tagger over articles whose current version is untagged
(or was tagged by an older pipeline version) and load the events into `mentions`.

One transaction per batch: the batch's events are merged into `mentions` (COPY into staging, then
one upsert; events the new tagging no longer finds are deleted), the articles are marked with the
pipeline version and the deals register is rebuilt for the systems they touch, together. Rows are
claimed with `for update skip locked`, so several taggers can share the work. SQL lives in irwatch/store.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg

from irwatch.store import deals, mentions

log = logging.getLogger(__name__)


@dataclass
class TagSummary:
    articles: int = 0
    relevant: int = 0
    mentions: int = 0
    by_type: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    inserted: int = 0  # mention rows new to the table (a re-tag that finds the same events inserts none)
    rejected: int = 0  # events quarantined in rejected_rows
    deal_events: int = 0


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
    total = mentions.count_untagged(conn, tagger.version)
    conn.commit()
    if limit is not None:
        total = min(total, limit)
    while limit is None or summary.articles < limit:
        size = batch_size if limit is None else min(batch_size, limit - summary.articles)
        with conn.transaction():
            claimed = mentions.claim_untagged(conn, tagger.version, size)
            if not claimed:
                break
            records = [
                {"id": a["article_id"], "title": a["title"], "text": a["text"], "url": a["url"],
                 "published_at": a["published_at"].isoformat() if a["published_at"] else None}
                for a in claimed
            ]
            results = _tag_isolated(tagger, records)
            ids = [a["article_id"] for a in claimed]
            rows, rejected = mentions.rows_for(
                [(a["article_id"], a["version"], r["events"]) for a, r in zip(claimed, results, strict=True)],
                tagger.version, conn,
            )
            loaded = mentions.load(conn, rows, replace_articles=ids)
            mentions.mark_tagged(conn, tagger.version, list(zip(ids, results, strict=True)))
            summary.deal_events += deals.rebuild(conn, deals.systems_of_articles(conn, ids))
            for result in results:
                for event in result["events"]:
                    summary.by_type[event["type"]] += 1
                if result.get("skipped"):
                    summary.skipped[result["skipped"]] += 1
                summary.relevant += bool(result["relevant"])
            summary.articles += len(claimed)
            summary.mentions += len(rows)
            summary.inserted += loaded.inserted
            summary.rejected += rejected
        if progress:
            progress(f"tagged {summary.articles}/{total} articles, {summary.mentions} mentions")
    return summary
