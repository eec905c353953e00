"""Alert stage: turn new CAATSA mentions into rows of the `alerts` outbox.

One alert per development, not per copy: the key is the sanction's regime,
status and target plus the normalised sentence, and a sentence that is a near
copy (word 3-shingle Jaccard >= NEAR_DUPLICATE) of one already alerted within
the window is not queued again. Syndicated wire copy is the usual source of
such repeats.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

import psycopg

from irwatch.textsafe import header_safe, jaccard, normalise_for_key, shingles

log = logging.getLogger(__name__)

RULE_CAATSA = "caatsa"
NEAR_DUPLICATE = 0.5
# word pairs: wire desks reword lightly ("passed" -> "has passed"), which breaks most longer shingles
SHINGLE = 2
WINDOW = timedelta(days=30)
# Serialises concurrent alert stages so two runs cannot both judge a development new.
_LOCK_KEY = 0x1A1_A1E7


@dataclass
class AlertSummary:
    candidates: int = 0
    queued: int = 0
    duplicates: int = 0


def development_key(regime: str | None, status: str | None, target: str | None, sentence: str) -> str:
    """Stable key for one development.

    >>> development_key("CAATSA", "waived", "India", "US waives CAATSA for India.")[:8]
    'caatsa:w'
    """
    digest = hashlib.sha256(normalise_for_key(sentence).encode()).hexdigest()[:20]
    return f"{(regime or 'caatsa').lower()}:{status or 'unknown'}:{(target or '-').lower()}:{digest}"


def message_id_for(rule: str, key: str) -> str:
    # deterministic so a resend after a crash carries the same Message-ID and the receiver can drop it
    return f"<irwatch.{rule}.{hashlib.sha256(key.encode()).hexdigest()[:24]}@irwatch.invalid>"


_CANDIDATES = """
    select m.mention_id, m.article_id, m.regime, m.status, m.target, m.sentence,
           coalesce(a.title, a.canonical_url) as headline, a.canonical_url,
           coalesce(a.published_at, a.fetched_at) as seen_at
    from mentions m
    join articles a using (article_id)
    where m.type = 'sanction'
      and m.caatsa
      and a.relevant
      and m.article_version = a.version
      and not exists (select 1 from alerts x where x.mention_id = m.mention_id)
    order by seen_at, m.mention_id
"""

_RECENT = """
    select x.alert_id, x.article_id, m.status, x.sentence
    from alerts x left join mentions m using (mention_id)
    where x.rule = %s and x.status <> 'suppressed' and x.created_at >= now() - %s
"""

_INSERT = """
    insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url, recipients,
                        message_id, status, duplicate_of)
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    on conflict (rule, dedup_key) do nothing
    returning alert_id
"""


def queue_alerts(conn: psycopg.Connection, recipients: list[str] | tuple[str, ...]) -> AlertSummary:
    """Queue CAATSA alerts for mentions not alerted yet; one transaction, safe to rerun."""
    summary = AlertSummary()
    if not recipients:
        raise ValueError("no alert recipients configured (set IRWATCH_ALERT_TO)")
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        rows = conn.execute(_CANDIDATES).fetchall()
        recent = conn.execute(_RECENT, (RULE_CAATSA, WINDOW)).fetchall()
        by_article = {(article_id, status): aid for aid, article_id, status, _ in recent}
        seen = [(aid, shingles(sentence, SHINGLE)) for aid, _, _, sentence in recent]
        for mention_id, article_id, regime, status, target, sentence, headline, url, _ in rows:
            summary.candidates += 1
            sig = shingles(sentence, SHINGLE)
            # one alert per development: same article and status, or a near copy of an alerted sentence
            original = by_article.get((article_id, status)) or next(
                (aid for aid, other in seen if jaccard(sig, other) >= NEAR_DUPLICATE), None
            )
            key = development_key(regime, status, target, sentence)
            if original is None:
                exact = conn.execute(
                    "select alert_id from alerts where rule = %s and dedup_key = %s", (RULE_CAATSA, key)
                ).fetchone()
                original = exact[0] if exact else None
            if original is not None:
                key = f"{key}:copy-of-mention-{mention_id}"
            row = conn.execute(
                _INSERT,
                (
                    RULE_CAATSA, key, mention_id, article_id, header_safe(headline, 300), sentence, url,
                    list(recipients), message_id_for(RULE_CAATSA, key),
                    "pending" if original is None else "suppressed", original,
                ),
            ).fetchone()
            if original is not None:
                summary.duplicates += 1
            else:
                summary.queued += 1
                seen.append((row[0], sig))
                by_article[(article_id, status)] = row[0]
    log.info("alerts: %d candidates, %d queued, %d duplicate copies", summary.candidates, summary.queued,
             summary.duplicates)
    return summary
