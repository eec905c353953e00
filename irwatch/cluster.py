"""Cluster stage: put every stored article in a story, with the syndicated and lightly edited copies of it.

For each article whose current version has no signature yet (earliest first, so a story's first article is
its earliest copy): sign it (irwatch/stories/signature.py), look up the clustered articles sharing an LSH
bucket with it, and judge each candidate with `same_story`; the article joins the story of its best match,
or starts a new story. One transaction per batch; articles are claimed with `for update skip locked`, so a
rerun finds nothing to do and two cluster stages can share the work. SQL lives in irwatch/store/stories.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from irwatch.store import stories
from irwatch.stories import signature as sig

log = logging.getLogger(__name__)


@dataclass
class ClusterSummary:
    articles: int = 0
    new_stories: int = 0
    joined: int = 0


# dates read from these keep no copies apart: htmldate's guess from the text can be an older event's date
GUESSED_DATES = ("htmldate",)


def signing_date(published_at, published_from: str | None):
    """The date the story guard may use: a date the page (or its URL or feed) states, not a guess.

    >>> signing_date("2024-07-09", "meta article:published_time"), signing_date("2024-07-09", "htmldate")
    ('2024-07-09', None)
    """
    if published_at is None or (published_from or "").split(" ")[0] in GUESSED_DATES:
        return None
    return published_at


def _signed(row: dict):
    # the date guard is calibrated on publication dates: a crawl time would measure crawl gaps instead
    return sig.sign(row.get("title"), row.get("text") or "",
                    published=signing_date(row.get("published_at"), row.get("published_from")),
                    outlet=row.get("source_name"))


def best_story(article_sig, candidates: list[dict], signed=_signed) -> tuple[int, float] | None:
    """(story_id, score) of the best candidate judged the same story, or None (pure; `signed` signs a row)."""
    best = None
    for candidate in candidates:
        decision = sig.same_story(article_sig, signed(candidate))
        if decision.same and (best is None or decision.score > best[1]):
            best = (candidate["story_id"], decision.score)
    return best


def cluster_pending(conn: psycopg.Connection, *, batch_size: int = 64,
                    progress: Callable[[str], None] | None = None) -> ClusterSummary:
    summary = ClusterSummary()
    version = sig.signature_version()
    total = stories.count_unclustered(conn, version)
    conn.commit()
    # a copy syndicated ten times is a candidate for each later copy: sign each article once per run
    signed_once: dict[int, object] = {}

    def signed(row: dict):
        if row["article_id"] not in signed_once:
            signed_once[row["article_id"]] = _signed(row)
        return signed_once[row["article_id"]]

    while True:
        with conn.transaction():
            claimed = stories.claim_unclustered(conn, version, batch_size)
            if not claimed:
                break
            for article in claimed:
                signed_once.pop(article["article_id"], None)  # its current version, not one signed earlier
                article_sig = signed(article)
                keys = sig.band_keys(article_sig)
                stories.save_signature(conn, article["article_id"], article["version"],
                                       sig.minhash_values(article_sig), keys, version)
                if article["story_id"] is not None:
                    continue  # a new version of a clustered article stays in its story
                match = best_story(article_sig, stories.candidates(conn, article["article_id"], keys), signed)
                if match is None:
                    stories.new_story(conn, article)
                    summary.new_stories += 1
                else:
                    stories.set_story(conn, article["article_id"], match[0], match[1])
                    summary.joined += 1
            summary.articles += len(claimed)
        if progress:
            progress(f"clustered {summary.articles}/{total} articles: {summary.new_stories} stories, "
                     f"{summary.joined} copies joined")
    return summary
