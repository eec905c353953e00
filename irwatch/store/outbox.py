"""alerts (the outbox): what the alert stage queues and the send stage claims, renews, releases and marks sent."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import psycopg
from psycopg.types.json import Jsonb

_INSERT = """
    insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url, recipients,
                        message_id, status, duplicate_of, story_id, kind, development, thread_message_id, payload)
    values (%(rule)s, %(dedup_key)s, %(mention_id)s, %(article_id)s, %(headline)s, %(sentence)s, %(url)s,
            %(recipients)s, %(message_id)s, %(status)s, %(duplicate_of)s, %(story_id)s, %(kind)s, %(development)s,
            %(thread_message_id)s, %(payload)s)
    on conflict (rule, dedup_key) do nothing
    returning alert_id
"""
_ALERT_DEFAULTS = {"status": "pending", "duplicate_of": None, "story_id": None, "kind": "new", "development": None,
                   "thread_message_id": None, "payload": None}

_CLAIM = """
    update alerts x set status = 'sending', attempts = attempts + 1, claimed_at = clock_timestamp()
    from articles a
    where a.article_id = x.article_id
      and x.alert_id in (
        select alert_id from alerts
        where (status = 'pending' and next_attempt_at <= now())
           or (status = 'sending' and claimed_at < now() - %s)
        order by alert_id
        limit %s
        for update skip locked
    )
    returning x.alert_id, x.rule, x.headline, x.sentence, x.url, x.recipients, x.message_id, x.created_at,
              x.claimed_at, a.published_at, a.published_offset_minutes, a.source_name, x.kind, x.story_id,
              x.development, x.thread_message_id, x.mention_id, x.payload
"""

_RENEW = """
    update alerts set claimed_at = clock_timestamp()
    where alert_id = %s and status = 'sending' and claimed_at = %s
    returning claimed_at
"""


_RULE_CANDIDATES = """
    select m.mention_id, m.article_id, m.type, m.status, m.regime, m.caatsa, m.imposer, m.target, m.system,
           m.parties, m.sentence, m.start_char, m.mention_start, m.mention_end, a.relevance, src.tier,
           a.story_id, s.first_published_at, coalesce(a.published_at, a.fetched_at) as seen_at,
           coalesce(a.title, a.canonical_url) as headline, a.canonical_url as url
      from mentions m
      join articles a using (article_id)
      join stories s on s.story_id = a.story_id
      left join sources src on src.source_id = a.source_id
     where m.type = %s
       and a.relevant
       and m.article_version = a.version
       and not exists (select 1 from alert_mentions j where j.rule = %s and j.mention_id = m.mention_id)
     order by s.first_published_at, a.story_id, coalesce(a.published_at, a.fetched_at), m.mention_id
"""


def rule_candidates(conn: psycopg.Connection, rule: str, event_type: str) -> list[dict]:
    """Current-version mentions of this type, in relevant clustered articles, the rule has not judged yet."""
    cur = conn.execute(_RULE_CANDIDATES, (event_type, rule))
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def story_alerts(conn: psycopg.Connection, rule: str, story_id: int) -> list[tuple[str, str, str]]:
    """(kind, development, message_id) of the rule's alerts for a story, first first."""
    return conn.execute(
        """select kind, development, message_id from alerts
            where rule = %s and story_id = %s and kind in ('new', 'update') order by alert_id""",
        (rule, story_id),
    ).fetchall()


def judge(conn: psycopg.Connection, rule: str, outcomes: list[tuple[int, int | None, str]]) -> None:
    """Record (mention_id, alert_id, outcome) for the rule, so no mention is judged twice."""
    with conn.cursor() as cur:
        cur.executemany(
            """insert into alert_mentions (rule, mention_id, alert_id, outcome) values (%s, %s, %s, %s)
               on conflict (rule, mention_id) do nothing""",
            [(rule, mention_id, alert_id, outcome) for mention_id, alert_id, outcome in outcomes],
        )


def has_alert(conn: psycopg.Connection, rule: str, dedup_key: str) -> bool:
    return conn.execute("select 1 from alerts where rule = %s and dedup_key = %s",
                        (rule, dedup_key)).fetchone() is not None


def lock_rule(conn: psycopg.Connection, rule: str) -> None:
    """Hold the rule's advisory lock until the transaction ends (one alert stage per rule at a time)."""
    key = int.from_bytes(hashlib.sha256(f"irwatch-alerts:{rule}".encode()).digest()[:8], "big", signed=True)
    conn.execute("select pg_advisory_xact_lock(%s)", (key,))


def insert_alert(conn: psycopg.Connection, **row) -> int | None:
    """Queue one alert; None when its (rule, dedup_key) is already in the outbox."""
    values = {**_ALERT_DEFAULTS, **row}
    values["payload"] = Jsonb(values["payload"] or {})
    found = conn.execute(_INSERT, values).fetchone()
    return found[0] if found else None


def claim(conn: psycopg.Connection, limit: int, reclaim_after: timedelta) -> list[tuple]:
    """Claim pending alerts (and 'sending' ones whose claim is older than `reclaim_after`), committed."""
    with conn.transaction():
        return conn.execute(_CLAIM, (reclaim_after, limit)).fetchall()


def renew(conn: psycopg.Connection, alert_id: int, claimed_at):
    """The renewed claim time, or None when another sender has taken the alert over (or sent it)."""
    with conn.transaction():
        _no_flush_wait(conn)
        row = conn.execute(_RENEW, (alert_id, claimed_at)).fetchone()
    return row[0] if row else None


def _no_flush_wait(conn: psycopg.Connection) -> None:
    # a renewed claim or a 'sent' mark lost to a server crash costs at most one resend, which carries the
    # same Message-ID; not waiting for the WAL flush twice per email is what lets the sender keep pace
    conn.execute("set local synchronous_commit = off")


def release(conn: psycopg.Connection, claims: list[tuple[int, object]], error: str, max_attempts: int,
            backoff: timedelta = timedelta(seconds=30)) -> None:
    """Hand (alert_id, claimed_at) claims back for a later try, `backoff` doubling with each attempt; after
    `max_attempts` the alert is failed with the reason. A claim another sender took is left alone."""
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            """update alerts
               set status = case when attempts >= %s then 'failed' else 'pending' end, last_error = %s,
                   next_attempt_at = now() + %s * power(2, greatest(attempts - 1, 0))
               where alert_id = %s and status = 'sending' and claimed_at = %s""",
            [(max_attempts, error[:500], backoff, alert_id, claimed_at) for alert_id, claimed_at in claims],
        )


def held_claims(conn: psycopg.Connection, reclaim_after: timedelta) -> tuple[int, object, int, object]:
    """(alerts held by another sender's live claim, when the first is retried, alerts waiting for a backoff,
    when the first is due)."""
    return conn.execute(
        """select count(*) filter (where status = 'sending' and claimed_at >= now() - %s),
                  min(claimed_at + %s) filter (where status = 'sending' and claimed_at >= now() - %s),
                  count(*) filter (where status = 'pending' and next_attempt_at > now()),
                  min(next_attempt_at) filter (where status = 'pending' and next_attempt_at > now())
             from alerts""",
        (reclaim_after, reclaim_after, reclaim_after),
    ).fetchone()


def mark_sent(conn: psycopg.Connection, alert_id: int, claimed_at, smtp_reply: str | None = None) -> None:
    with conn.transaction():
        _no_flush_wait(conn)
        conn.execute(
            """update alerts set status = 'sent', sent_at = now(), last_error = null, smtp_reply = %s
               where alert_id = %s and claimed_at = %s""",
            (smtp_reply, alert_id, claimed_at),
        )


def mention_context(conn: psycopg.Connection, mention_id: int | None) -> dict | None:
    """What an email says about the alerted mention: its sentence and where the trigger sits in it."""
    if mention_id is None:
        return None
    cur = conn.execute(
        """select m.status, m.regime, m.imposer, m.target, m.system, m.sentence, m.start_char, m.mention_start,
                  m.mention_end
             from mentions m where m.mention_id = %s""",
        (mention_id,),
    )
    row = cur.fetchone()
    return dict(zip([c.name for c in cur.description], row, strict=True)) if row else None


def list_alerts(conn: psycopg.Connection, *, status: str | None = None, since=None, limit: int = 50) -> list[dict]:
    cur = conn.execute(
        """select x.alert_id, x.rule, x.kind, x.status, x.development, x.story_id, x.attempts, x.created_at,
                  x.sent_at, x.next_attempt_at, x.last_error, x.headline,
                  (select count(*) from articles a where a.story_id = x.story_id) as outlets
             from alerts x
            where (%(status)s::text is null or x.status = %(status)s)
              and (%(since)s::date is null or x.created_at >= %(since)s::date)
            order by x.alert_id desc limit %(limit)s""",
        {"status": status, "since": since, "limit": limit},
    )
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def retry(conn: psycopg.Connection, alert_id: int) -> str | None:
    """Queue a failed (or pending) alert to go out at the next send; returns its old status, None if unknown.
    A sent alert is not resent: its Message-ID would be a duplicate to every receiver."""
    with conn.transaction():
        row = conn.execute("select status from alerts where alert_id = %s for update", (alert_id,)).fetchone()
        if row is None:
            return None
        if row[0] in ("failed", "pending", "suppressed"):
            conn.execute(
                """update alerts set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
                    where alert_id = %s""",
                (alert_id,),
            )
        return row[0]


def next_pending(conn: psycopg.Connection, alert_id: int | None = None):
    """The claim-shaped row of one alert (the next pending one by default), without claiming it."""
    return conn.execute(
        """select x.alert_id, x.rule, x.headline, x.sentence, x.url, x.recipients, x.message_id, x.created_at,
                  x.claimed_at, a.published_at, a.published_offset_minutes, a.source_name, x.kind, x.story_id,
                  x.development, x.thread_message_id, x.mention_id, x.payload
             from alerts x join articles a on a.article_id = x.article_id
            where (%(id)s::bigint is null and x.status in ('pending', 'sending')) or x.alert_id = %(id)s
            order by x.alert_id limit 1""",
        {"id": alert_id},
    ).fetchone()


def failed_alerts(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select alert_id, rule, attempts, last_error from alerts where status = 'failed' order by alert_id"
    ).fetchall()
