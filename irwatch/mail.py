"""Send stage: deliver pending rows of the `alerts` outbox over SMTP.

Each alert is claimed (status 'sending', claimed_at) and committed before the SMTP
conversation, then marked 'sent' after it. A process killed in between leaves
a 'sending' row that the next run retries after CLAIM_TIMEOUT; the Message-ID is
derived from the alert key, so a receiver sees the retry as the same message.
Just before each message the sender renews its claim, and it marks the alert sent
only while the claim is still its own, so a slow sender and a second sender that
took over its stale claims never both deliver one alert.
"""

from __future__ import annotations

import html
import logging
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import psycopg

from irwatch.config import SmtpSettings
from irwatch.store import outbox
from irwatch.store.search import format_published
from irwatch.textsafe import header_safe

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    errors: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Alert:
    alert_id: int
    rule: str
    headline: str
    sentence: str
    url: str
    recipients: list[str]
    message_id: str
    created_at: object
    claimed_at: object
    published_at: object = None
    published_offset_minutes: int | None = None
    outlet: str | None = None

    @property
    def published(self) -> str:
        """As the publisher stated it, with its UTC offset: '2024-07-10 00:30+05:30'."""
        return format_published(self.published_at, self.published_offset_minutes) or "date unknown"


def build_message(alert: Alert, sender: str) -> EmailMessage:
    """A plain-text + HTML message; every article-derived string is escaped or made header-safe."""
    msg = EmailMessage()
    msg["Subject"] = header_safe(f"[irwatch] {alert.rule.upper()}: {alert.headline}", 180)
    msg["From"] = header_safe(sender)
    msg["To"] = ", ".join(header_safe(r) for r in alert.recipients)
    msg["Message-ID"] = alert.message_id
    msg["Date"] = format_datetime(alert.created_at)
    msg["X-Irwatch-Alert-Id"] = str(alert.alert_id)
    byline = f"{alert.outlet or 'unknown outlet'}, published {alert.published}"
    msg.set_content(
        f"{alert.headline}\n{byline}\n\n{alert.sentence}\n\n{alert.url}\n\n"
        "-- irwatch: India-Russia news monitoring. You get this because a new CAATSA development was tagged.\n"
    )
    msg.add_alternative(
        "<html><body>"
        f"<h2>{html.escape(alert.headline)}</h2>"
        f"<p>{html.escape(byline)}</p>"
        f"<blockquote>{html.escape(alert.sentence)}</blockquote>"
        f'<p><a href="{html.escape(alert.url, quote=True)}">{html.escape(alert.url)}</a></p>'
        "<p style=\"color:#666\">irwatch: India-Russia news monitoring</p>"
        "</body></html>",
        subtype="html",
    )
    return msg


def _claim(conn: psycopg.Connection, limit: int, reclaim_after: timedelta) -> list[Alert]:
    return sorted((Alert(*row) for row in outbox.claim(conn, limit, reclaim_after)), key=lambda a: a.alert_id)


def renew_claim(conn: psycopg.Connection, alert: Alert):
    """The renewed claim time, or None when another sender has taken the alert over (or sent it)."""
    return outbox.renew(conn, alert.alert_id, alert.claimed_at)


def _release(conn: psycopg.Connection, claims: list[tuple[int, object]], error: str) -> None:
    outbox.release(conn, claims, error, MAX_ATTEMPTS)


def send_pending(
    conn: psycopg.Connection, smtp: SmtpSettings, *, limit: int = 100, reclaim_after: timedelta = CLAIM_TIMEOUT
) -> SendSummary:
    """Deliver up to `limit` pending alerts. A dead server defers them all and is reported, not raised.

    `reclaim_after` is how long a 'sending' claim is trusted; a single-process caller
    (the demo) passes zero so a run killed mid-send is finished by the next one.
    """
    summary = SendSummary()
    alerts = _claim(conn, limit, reclaim_after)
    if not alerts:
        return summary
    try:
        factory = smtplib.SMTP_SSL if smtp.use_ssl else smtplib.SMTP
        client = factory(smtp.host, smtp.port, timeout=smtp.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"smtp unreachable: {smtp.host}:{smtp.port}: {exc}"
        log.error("send: %s; %d alerts left pending", reason, len(alerts))
        _release(conn, [(a.alert_id, a.claimed_at) for a in alerts], reason)
        summary.deferred = len(alerts)
        summary.errors["smtp_unreachable"] += 1
        return summary
    with client:
        try:
            if smtp.starttls:
                client.starttls()
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            reason = f"smtp handshake failed: {exc}"
            log.error("send: %s", reason)
            _release(conn, [(a.alert_id, a.claimed_at) for a in alerts], reason)
            summary.deferred = len(alerts)
            summary.errors["smtp_handshake"] += 1
            return summary
        for alert in alerts:
            claim = renew_claim(conn, alert)
            if claim is None:
                log.warning("send: alert %d was taken over by another sender; not sending it", alert.alert_id)
                summary.errors["claim_lost"] += 1
                continue
            try:
                client.send_message(build_message(alert, smtp.sender))
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                kind = type(exc).__name__
                log.error("send: alert %d not delivered: %s: %s", alert.alert_id, kind, exc)
                _release(conn, [(alert.alert_id, claim)], f"{kind}: {exc}")
                summary.failed += 1
                summary.errors[kind] += 1
                continue
            outbox.mark_sent(conn, alert.alert_id, claim)
            summary.sent += 1
    return summary
