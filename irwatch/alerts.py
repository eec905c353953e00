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

from irwatch.textsafe import header_safe, jaccard, shingles

log = logging.getLogger(__name__)

RULE_CAATSA = "caatsa"
NEAR_DUPLICATE = 0.5
# word pairs: wire desks reword lightly ("passed" -> "has passed"), which breaks most longer shingles
SHINGLE = 2
WINDOW = timedelta(days=7)
STATUS_PRIORITY = ["imposed", "waived", "lifted", "threatened", "discussed"]
# Serialises concurrent alert stages so two runs cannot both judge a development new.
_LOCK_KEY = 0x1A1_A1E7


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


_CANDIDATES = """
    select m.article_id, m.mention_id, m.regime, m.status, m.target, m.sentence,
           coalesce(a.title, a.canonical_url), a.canonical_url, coalesce(a.published_at, a.fetched_at)
    from mentions m
    join articles a using (article_id)
    where m.type = 'sanction'
      and m.caatsa
      and a.relevant
      and m.article_version = a.version
      and not exists (select 1 from alerts x where x.mention_id = m.mention_id and x.rule = %s)
    order by coalesce(a.published_at, a.fetched_at), m.article_id, m.mention_id
"""

_EARLIER = """
    select x.alert_id, x.dedup_key, x.sentence, coalesce(a.published_at, a.fetched_at)
    from alerts x join articles a using (article_id)
    where x.rule = %s and x.status <> 'suppressed'
"""

_INSERT = """
    insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url, recipients,
                        message_id, status, duplicate_of)
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    on conflict (rule, dedup_key) do nothing
    returning alert_id
"""


def _insert(conn, mention: tuple, dev: str, article_id: int, entry: dict, recipients, duplicate_of) -> int:
    mention_id, _, _, _, sentence = mention
    key = f"{dev}:{article_id}"
    row = conn.execute(
        _INSERT,
        (
            RULE_CAATSA, key, mention_id, article_id, header_safe(entry["headline"], 300), sentence,
            entry["url"], list(recipients), message_id_for(RULE_CAATSA, key),
            "pending" if duplicate_of is None else "suppressed", duplicate_of,
        ),
    ).fetchone()
    return row[0] if row else None


def queue_alerts(conn: psycopg.Connection, recipients: list[str] | tuple[str, ...]) -> AlertSummary:
    """Queue CAATSA alerts for developments not judged yet; one transaction, safe to rerun."""
    summary = AlertSummary()
    if not recipients:
        raise ValueError("no alert recipients configured (set IRWATCH_ALERT_TO)")
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        by_article: dict[int, dict] = {}
        for article_id, mention_id, regime, status, target, sentence, headline, url, seen_at in conn.execute(
            _CANDIDATES, (RULE_CAATSA,)
        ):
            entry = by_article.setdefault(article_id, {"headline": headline, "url": url, "seen_at": seen_at,
                                                       "mentions": []})
            entry["mentions"].append((mention_id, regime, status, target, sentence))
        earlier = [
            (alert_id, key.rsplit(":", 1)[0], shingles(sentence, SHINGLE), seen_at)
            for alert_id, key, sentence, seen_at in conn.execute(_EARLIER, (RULE_CAATSA,))
        ]
        judged = {key for (key,) in conn.execute("select dedup_key from alerts where rule = %s", (RULE_CAATSA,))}
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
