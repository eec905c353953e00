"""briefs_sent: which recipient has been emailed the brief of which period (the weekly brief's own outbox).

A recipient's row is claimed ('sending') and committed before the SMTP conversation and marked 'sent' only
while the claim is still the sender's, the way irwatch/store/outbox.py does for alerts; a 'sent' row is
never claimed again, which is what makes a rerun for the same period send nothing.
"""

from __future__ import annotations

from datetime import timedelta

import psycopg

_CLAIM = """
    update briefs_sent set status = 'sending', attempts = attempts + 1, claimed_at = clock_timestamp()
     where period = %(period)s and recipient = any(%(recipients)s)
       and (status in ('pending', 'failed')
            or (status = 'sending' and claimed_at < now() - %(reclaim_after)s))
    returning recipient, message_id, claimed_at
"""


def claim(conn: psycopg.Connection, period: str, recipients: dict[str, str],
          reclaim_after: timedelta) -> list[tuple[str, str, object]]:
    """Claim the period's brief for each recipient (address → Message-ID) not yet sent to, committed;
    returns (recipient, message_id, claimed_at). A claim older than `reclaim_after` was left by a sender that
    died mid-send and is taken over."""
    with conn.transaction():
        with conn.cursor() as cur:
            cur.executemany(
                """insert into briefs_sent (period, recipient, message_id) values (%s, %s, %s)
                   on conflict (period, recipient) do nothing""",
                [(period, address, message_id) for address, message_id in recipients.items()],
            )
        return conn.execute(_CLAIM, {"period": period, "recipients": list(recipients),
                                     "reclaim_after": reclaim_after}).fetchall()


def unsent(conn: psycopg.Connection, period: str, recipients: list[str]) -> list[str]:
    """The recipients who have not been sent the period's brief (whatever else their row says)."""
    done = {r for (r,) in conn.execute(
        "select recipient from briefs_sent where period = %s and recipient = any(%s) and status = 'sent'",
        (period, recipients)).fetchall()}
    return [r for r in recipients if r not in done]


def mark_sent(conn: psycopg.Connection, period: str, recipient: str, claimed_at, smtp_reply: str) -> bool:
    with conn.transaction():
        row = conn.execute(
            """update briefs_sent set status = 'sent', sent_at = now(), last_error = null, smtp_reply = %s
                where period = %s and recipient = %s and status = 'sending' and claimed_at = %s
                returning 1""",
            (smtp_reply, period, recipient, claimed_at),
        ).fetchone()
    return row is not None


def mark_failed(conn: psycopg.Connection, period: str, recipient: str, claimed_at, error: str) -> None:
    with conn.transaction():
        conn.execute(
            """update briefs_sent set status = 'failed', last_error = %s
                where period = %s and recipient = %s and status = 'sending' and claimed_at = %s""",
            (error[:500], period, recipient, claimed_at),
        )


def sent_to(conn: psycopg.Connection, period: str) -> list[tuple[str, str, int]]:
    """(recipient, status, attempts) of every row of the period."""
    return conn.execute(
        "select recipient, status, attempts from briefs_sent where period = %s order by recipient", (period,)
    ).fetchall()
