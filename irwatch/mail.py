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

import logging
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import psycopg

from irwatch.config import SmtpSettings
from irwatch.render import render, story_view
from irwatch.store import outbox, stories
from irwatch.store import rules as rule_store
from irwatch.textsafe import header_safe

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)
BACKOFF = timedelta(seconds=30)  # doubled after each failed attempt: 30 s, 1 min, 2 min, 4 min


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    errors: Counter = field(default_factory=Counter)
    held: int = 0               # claimed by another (or a killed) sender, retried after held_until
    held_until: object = None
    waiting: int = 0            # failed before, waiting for their backoff until waiting_until
    waiting_until: object = None

    def describe(self) -> str:
        line = f"{self.sent} sent, {self.deferred} deferred, {self.failed} failed"
        if self.held:
            line += f"; {self.held} held by another sender's claim, retried after {self.held_until:%H:%M:%S %Z}"
        if self.waiting:
            line += f"; {self.waiting} waiting to retry from {self.waiting_until:%H:%M:%S %Z}"
        return line + (f" {dict(self.errors)}" if self.errors else "")


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
    kind: str = "new"
    story_id: int | None = None
    development: str | None = None
    thread_message_id: str | None = None
    mention_id: int | None = None
    payload: dict | None = None


def _stories(conn: psycopg.Connection, alert: Alert) -> list[dict]:
    """The stories an email reports, read at send time, so the first email names every outlet known then."""
    fallback = {"title": alert.headline, "url": alert.url, "outlet": alert.outlet,
                "published_at": alert.published_at, "published_offset_minutes": alert.published_offset_minutes}
    wanted = ((alert.payload or {}).get("stories") if alert.kind == "digest"
              else [{"story_id": alert.story_id, "mention_id": alert.mention_id}])
    views = []
    for item in wanted or []:
        mention = outbox.mention_context(conn, item.get("mention_id")) or {
            "sentence": alert.sentence, "status": alert.development}
        outlets = stories.story_outlets(conn, item["story_id"]) if item.get("story_id") else []
        views.append(story_view(mention, outlets, fallback))
    return views


def build_message(conn: psycopg.Connection, alert: Alert, sender: str, description: str = "") -> EmailMessage:
    """A plain-text + HTML message from the templates; every article-derived string is escaped or header-safe."""
    subject, text, html_body = render(rule=alert.rule, description=description, kind=alert.kind,
                                      stories=_stories(conn, alert),
                                      digest_date=(alert.payload or {}).get("date"))
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = header_safe(sender)
    msg["To"] = ", ".join(header_safe(r) for r in alert.recipients)
    msg["Message-ID"] = alert.message_id
    if alert.thread_message_id:
        # an update to a story sits in the thread of its first email
        msg["In-Reply-To"] = alert.thread_message_id
        msg["References"] = alert.thread_message_id
    msg["Date"] = format_datetime(alert.created_at)
    msg["X-Irwatch-Alert-Id"] = str(alert.alert_id)
    msg["X-Irwatch-Rule"] = header_safe(alert.rule, 60)
    msg.set_content(text)
    msg.add_alternative(html_body, subtype="html")
    return msg


def open_smtp(smtp: SmtpSettings) -> smtplib.SMTP:
    """A client connected, with TLS and login done as configured; the caller closes it (`with client:`)."""
    factory = smtplib.SMTP_SSL if smtp.use_ssl else smtplib.SMTP
    client = factory(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        if smtp.starttls:
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
    except BaseException:
        client.close()
        raise
    return client


def deliver(client: smtplib.SMTP, msg: EmailMessage, sender: str, recipients: list[str]) -> str:
    """Send one message and return the server's reply to DATA ('250 Message accepted ...')."""
    address = parseaddr(sender)[1] or sender
    client.ehlo_or_helo_if_needed()
    code, reply = client.mail(address)
    if code != 250:
        client.rset()
        raise smtplib.SMTPSenderRefused(code, reply, address)
    refused = {}
    for rcpt in recipients:
        code, reply = client.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, reply)
    if len(refused) == len(recipients):
        client.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    # SMTP lines end in CRLF; data() sends bytes as they are
    code, reply = client.data(msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    if code != 250:
        client.rset()
        raise smtplib.SMTPDataError(code, reply)
    text = f"{code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}"
    if refused:
        text += f"; refused: {', '.join(sorted(refused))}"
    return header_safe(text, 500)


def _claim(conn: psycopg.Connection, limit: int, reclaim_after: timedelta) -> list[Alert]:
    return sorted((Alert(*row) for row in outbox.claim(conn, limit, reclaim_after)), key=lambda a: a.alert_id)


def renew_claim(conn: psycopg.Connection, alert: Alert):
    """The renewed claim time, or None when another sender has taken the alert over (or sent it)."""
    return outbox.renew(conn, alert.alert_id, alert.claimed_at)


def _release(conn: psycopg.Connection, claims: list[tuple[int, object]], error: str,
             backoff: timedelta = BACKOFF) -> None:
    outbox.release(conn, claims, error, MAX_ATTEMPTS, backoff)


def send_pending(
    conn: psycopg.Connection, smtp: SmtpSettings, *, limit: int = 100, reclaim_after: timedelta = CLAIM_TIMEOUT,
    backoff: timedelta = BACKOFF,
) -> SendSummary:
    """Deliver up to `limit` pending alerts. A dead server defers them all and is reported, not raised.

    `reclaim_after` is how long a 'sending' claim is trusted; a single-process caller
    (the demo) passes zero so a run killed mid-send is finished by the next one.
    """
    summary = SendSummary()
    alerts = _claim(conn, limit, reclaim_after)
    descriptions = rule_store.descriptions(conn)
    if not alerts:
        summary.held, summary.held_until, summary.waiting, summary.waiting_until = outbox.held_claims(
            conn, reclaim_after)
        return summary
    try:
        factory = smtplib.SMTP_SSL if smtp.use_ssl else smtplib.SMTP
        client = factory(smtp.host, smtp.port, timeout=smtp.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"smtp unreachable: {smtp.host}:{smtp.port}: {exc}"
        log.error("send: %s; %d alerts left pending", reason, len(alerts))
        _release(conn, [(a.alert_id, a.claimed_at) for a in alerts], reason, backoff)
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
            _release(conn, [(a.alert_id, a.claimed_at) for a in alerts], reason, backoff)
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
                reply = deliver(client, build_message(conn, alert, smtp.sender, descriptions.get(alert.rule, "")),
                                smtp.sender, alert.recipients)
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                kind = type(exc).__name__
                log.error("send: alert %d not delivered: %s: %s", alert.alert_id, kind, exc)
                _release(conn, [(alert.alert_id, claim)], f"{kind}: {exc}", backoff)
                summary.failed += 1
                summary.errors[kind] += 1
                continue
            outbox.mark_sent(conn, alert.alert_id, claim, reply)
            summary.sent += 1
    return summary
