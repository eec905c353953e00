"""alerts (the outbox): what the alert stage queues and the send stage claims, renews, releases and marks sent."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import psycopg

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

_ALERTED = """
    select x.alert_id, x.dedup_key, x.sentence, coalesce(a.published_at, a.fetched_at)
    from alerts x join articles a using (article_id)
    where x.rule = %s and x.status <> 'suppressed'
"""

_INSERT = """
    insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url, recipients,
                        message_id, status, duplicate_of)
    values (%(rule)s, %(dedup_key)s, %(mention_id)s, %(article_id)s, %(headline)s, %(sentence)s, %(url)s,
            %(recipients)s, %(message_id)s, %(status)s, %(duplicate_of)s)
    on conflict (rule, dedup_key) do nothing
    returning alert_id
"""

_CLAIM = """
    update alerts x set status = 'sending', attempts = attempts + 1, claimed_at = clock_timestamp()
    from articles a
    where a.article_id = x.article_id
      and x.alert_id in (
        select alert_id from alerts
        where status = 'pending'
           or (status = 'sending' and claimed_at < now() - %s)
        order by alert_id
        limit %s
        for update skip locked
    )
    returning x.alert_id, x.rule, x.headline, x.sentence, x.url, x.recipients, x.message_id, x.created_at,
              x.claimed_at, a.published_at, a.published_offset_minutes, a.source_name
"""

_RENEW = """
    update alerts set claimed_at = clock_timestamp()
    where alert_id = %s and status = 'sending' and claimed_at = %s
    returning claimed_at
"""


def lock_rule(conn: psycopg.Connection, rule: str) -> None:
    """Hold the rule's advisory lock until the transaction ends (one alert stage per rule at a time)."""
    key = int.from_bytes(hashlib.sha256(f"irwatch-alerts:{rule}".encode()).digest()[:8], "big", signed=True)
    conn.execute("select pg_advisory_xact_lock(%s)", (key,))


def caatsa_candidates(conn: psycopg.Connection, rule: str) -> list[tuple]:
    """Current-version CAATSA mentions of relevant articles no alert of `rule` has judged yet."""
    return conn.execute(_CANDIDATES, (rule,)).fetchall()


def alerted(conn: psycopg.Connection, rule: str) -> list[tuple]:
    """(alert_id, dedup_key, sentence, seen_at) of every alert of `rule` that was mailed or queued."""
    return conn.execute(_ALERTED, (rule,)).fetchall()


def judged_keys(conn: psycopg.Connection, rule: str) -> set[str]:
    return {key for (key,) in conn.execute("select dedup_key from alerts where rule = %s", (rule,))}


def insert_alert(conn: psycopg.Connection, **row) -> int | None:
    """Queue one alert; None when its (rule, dedup_key) is already in the outbox."""
    found = conn.execute(_INSERT, row).fetchone()
    return found[0] if found else None


def claim(conn: psycopg.Connection, limit: int, reclaim_after: timedelta) -> list[tuple]:
    """Claim pending alerts (and 'sending' ones whose claim is older than `reclaim_after`), committed."""
    with conn.transaction():
        return conn.execute(_CLAIM, (reclaim_after, limit)).fetchall()


def renew(conn: psycopg.Connection, alert_id: int, claimed_at):
    """The renewed claim time, or None when another sender has taken the alert over (or sent it)."""
    with conn.transaction():
        row = conn.execute(_RENEW, (alert_id, claimed_at)).fetchone()
    return row[0] if row else None


def release(conn: psycopg.Connection, claims: list[tuple[int, object]], error: str, max_attempts: int) -> None:
    """Hand (alert_id, claimed_at) claims back for a later try; a claim another sender took is left alone."""
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            """update alerts
               set status = case when attempts >= %s then 'failed' else 'pending' end, last_error = %s
               where alert_id = %s and status = 'sending' and claimed_at = %s""",
            [(max_attempts, error[:500], alert_id, claimed_at) for alert_id, claimed_at in claims],
        )


def mark_sent(conn: psycopg.Connection, alert_id: int, claimed_at) -> None:
    with conn.transaction():
        conn.execute(
            """update alerts set status = 'sent', sent_at = now(), last_error = null
               where alert_id = %s and claimed_at = %s""",
            (alert_id, claimed_at),
        )
