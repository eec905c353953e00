"""Alert stage: turn new CAATSA developments into rows of the `alerts` outbox.

One alert per development, not per copy. A development is (regime, status, target):
"the US waived CAATSA for India". Of the developments an article brings that it has not
brought before, the most significant (imposed > waived > lifted > threatened > discussed)
is alerted and the rest are recorded as covered by it. If an alert for the same
development was already queued for a story published within WINDOW of this one, or
the sentence is a near copy (word-pair Jaccard >= NEAR_DUPLICATE) of one already
alerted, the alert is stored as 'suppressed' with `duplicate_of` pointing at the
original. Syndicated wire copy is the usual source of such repeats. A new version of an
article that reports a new status ("discussed" -> "imposed") is a new development.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

import psycopg

from irwatch.store import outbox
from irwatch.textsafe import header_safe, jaccard, shingles

log = logging.getLogger(__name__)

RULE_CAATSA = "caatsa"
NEAR_DUPLICATE = 0.5
# word pairs: wire desks reword lightly ("passed" -> "has passed"), which breaks most longer shingles
SHINGLE = 2
WINDOW = timedelta(days=7)
STATUS_PRIORITY = ["imposed", "waived", "lifted", "threatened", "discussed"]


@dataclass
class AlertSummary:
    candidates: int = 0
    queued: int = 0
    duplicates: int = 0


def development(regime: str | None, status: str | None, target: str | None) -> str:
    """
    >>> development("CAATSA", "waived", "India")
    'caatsa:waived:india'
    """
    return f"{(regime or 'caatsa').lower()}:{status or 'unknown'}:{(target or '-').lower()}"


def message_id_for(rule: str, key: str) -> str:
    # deterministic so a resend after a crash carries the same Message-ID and the receiver can drop it
    return f"<irwatch.{rule}.{hashlib.sha256(key.encode()).hexdigest()[:24]}@irwatch.invalid>"


def pick_mention(mentions: list[tuple]) -> tuple:
    """The article's most significant CAATSA mention; rows are (mention_id, regime, status, target, sentence)."""
    def rank(row):
        status = row[2]
        return (STATUS_PRIORITY.index(status) if status in STATUS_PRIORITY else len(STATUS_PRIORITY), row[0])

    return min(mentions, key=rank)


def _insert(conn, mention: tuple, dev: str, article_id: int, entry: dict, recipients, duplicate_of) -> int | None:
    mention_id, _, _, _, sentence = mention
    key = f"{dev}:{article_id}"
    return outbox.insert_alert(
        conn, rule=RULE_CAATSA, dedup_key=key, mention_id=mention_id, article_id=article_id,
        headline=header_safe(entry["headline"], 300), sentence=sentence, url=entry["url"],
        recipients=list(recipients), message_id=message_id_for(RULE_CAATSA, key),
        status="pending" if duplicate_of is None else "suppressed", duplicate_of=duplicate_of,
    )


def queue_alerts(conn: psycopg.Connection, recipients: list[str] | tuple[str, ...]) -> AlertSummary:
    """Queue CAATSA alerts for developments not judged yet; one transaction, safe to rerun."""
    summary = AlertSummary()
    if not recipients:
        raise ValueError("no alert recipients configured (set IRWATCH_ALERT_TO)")
    with conn.transaction():
        # serialises concurrent alert stages so two runs cannot both judge a development new
        outbox.lock_rule(conn, RULE_CAATSA)
        by_article: dict[int, dict] = {}
        for article_id, mention_id, regime, status, target, sentence, headline, url, seen_at in (
            outbox.caatsa_candidates(conn, RULE_CAATSA)
        ):
            entry = by_article.setdefault(article_id, {"headline": headline, "url": url, "seen_at": seen_at,
                                                       "mentions": []})
            entry["mentions"].append((mention_id, regime, status, target, sentence))
        earlier = [
            (alert_id, key.rsplit(":", 1)[0], shingles(sentence, SHINGLE), seen_at)
            for alert_id, key, sentence, seen_at in outbox.alerted(conn, RULE_CAATSA)
        ]
        judged = outbox.judged_keys(conn, RULE_CAATSA)
        for article_id, entry in by_article.items():
            fresh: dict[str, tuple] = {}
            for mention in entry["mentions"]:
                dev = development(*mention[1:4])
                if f"{dev}:{article_id}" not in judged:
                    fresh.setdefault(dev, mention)
            if not fresh:
                continue
            summary.candidates += 1
            chosen = pick_mention(list(fresh.values()))
            dev = development(*chosen[1:4])
            sig = shingles(chosen[4], SHINGLE)
            original = next(
                (aid for aid, other_dev, other_sig, other_seen in earlier
                 if (other_dev == dev and abs(other_seen - entry["seen_at"]) <= WINDOW)
                 or jaccard(sig, other_sig) >= NEAR_DUPLICATE),
                None,
            )
            new_id = _insert(conn, chosen, dev, article_id, entry, recipients, original)
            judged.add(f"{dev}:{article_id}")
            if original is None:
                summary.queued += 1
                earlier.append((new_id, dev, sig, entry["seen_at"]))
            else:
                summary.duplicates += 1
            alert_id = original or new_id
            # the article's other new developments are covered by this alert, not mailed on their own
            for other_dev, mention in fresh.items():
                if other_dev != dev:
                    _insert(conn, mention, other_dev, article_id, entry, recipients, alert_id)
                    judged.add(f"{other_dev}:{article_id}")
    log.info("alerts: %d candidate articles, %d queued, %d duplicate copies", summary.candidates, summary.queued,
             summary.duplicates)
    return summary
