"""Emailing the brief: HTML body (charts as related parts) with the Markdown as its text/plain alternative.

Once per period and recipient: each recipient's row in briefs_sent is claimed and committed before the SMTP
conversation and marked sent after it, so a rerun for the same period (a retried DAG task, a second
`irwatch report --send`) sends nothing to whoever already has it and retries only those that failed.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import psycopg

from irwatch.brief.build import Brief, build_brief
from irwatch.brief.charts import Chart, all_charts
from irwatch.brief.period import Period, previous_week
from irwatch.brief.render import render_html, render_markdown, subject
from irwatch.config import Settings, SmtpSettings
from irwatch.db import connect, resolve_dsn
from irwatch.mail import deliver, open_smtp
from irwatch.store import briefs_sent
from irwatch.textsafe import header_safe

log = logging.getLogger(__name__)

# a claim older than this was left by a sender that died mid-send; the next run takes it over
CLAIM_TIMEOUT = timedelta(minutes=10)


class BriefSendError(RuntimeError):
    """The brief reached none or only some of its recipients; a rerun retries exactly those."""


@dataclass
class BriefSendResult:
    period: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)    # already sent, or held by a live claim of another sender
    failed: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        line = f"brief {self.period}: {len(self.sent)} sent, {len(self.skipped)} already sent"
        return line + (f", {len(self.failed)} failed" if self.failed else "")


def make_brief(conn: psycopg.Connection, period: Period, generated_at: datetime, *,
               charts: bool = True) -> tuple[Brief, list[Chart]]:
    """The brief and its charts (none for an empty brief, or when `charts` is false: Markdown shows none)."""
    brief = build_brief(conn, period, generated_at)
    return brief, ([] if brief.empty or not charts else all_charts(brief))


def message_id(period_key: str, recipient: str) -> str:
    digest = hashlib.sha256(f"{period_key}\n{recipient}".encode()).hexdigest()[:24]
    return f"<irwatch.brief.{digest}@irwatch.invalid>"


def _cid(chart: Chart, period_key: str) -> str:
    return f"{chart.name}.{hashlib.sha256(period_key.encode()).hexdigest()[:12]}@irwatch.invalid"


def build_email(brief: Brief, charts: list[Chart], *, sender: str, recipient: str, msg_id: str,
                date: datetime) -> EmailMessage:
    """multipart/alternative: the Markdown as text/plain, then the HTML with its charts as related parts."""
    key = brief.period.key
    msg = EmailMessage()
    msg["Subject"] = subject(brief)
    msg["From"] = header_safe(sender)
    msg["To"] = header_safe(recipient)
    msg["Message-ID"] = msg_id
    msg["Date"] = format_datetime(date)
    msg["X-Irwatch-Brief"] = header_safe(key, 60)
    msg.set_content(render_markdown(brief))
    msg.add_alternative(render_html(brief, charts, image_src=lambda c: f"cid:{_cid(c, key)}"), subtype="html")
    html_part = msg.get_payload()[1]
    for chart in charts:
        html_part.add_related(chart.png, "image", "png", cid=f"<{_cid(chart, key)}>", filename=f"{chart.name}.png")
    return msg


def send_brief(dsn: str, smtp: SmtpSettings, recipients: list[str] | tuple[str, ...], period: Period,
               now: datetime, *, reclaim_after: timedelta = CLAIM_TIMEOUT) -> BriefSendResult:
    """Email the period's brief to every recipient who has not had it; raises BriefSendError (after recording
    who did get it) when any delivery failed."""
    wanted = sorted({r.strip() for r in recipients if r and r.strip()})
    if not wanted:
        raise ValueError("no brief recipients: set IRWATCH_BRIEF_TO (or IRWATCH_ALERT_TO)")
    result = BriefSendResult(period.key)
    # autocommit: each claim and mark below is its own committed transaction, as the claim must be committed
    # before the SMTP conversation (and a failure recorded even though the error is raised)
    with connect(dsn, autocommit=True) as conn:
        if not briefs_sent.unsent(conn, period.key, wanted):
            # a rerun for a period everyone has: nothing to build
            result.skipped = wanted
            return result
        brief, charts = make_brief(conn, period, now)
        claims = briefs_sent.claim(conn, period.key, {r: message_id(period.key, r) for r in wanted}, reclaim_after)
        claimed = {recipient for recipient, _, _ in claims}
        result.skipped = [r for r in wanted if r not in claimed]
        if not claims:
            return result
        try:
            client = open_smtp(smtp)
        except (OSError, smtplib.SMTPException) as exc:
            reason = f"smtp unreachable or refused us: {smtp.host}:{smtp.port}: {exc}"
            for recipient, _, claimed_at in claims:
                briefs_sent.mark_failed(conn, period.key, recipient, claimed_at, reason)
            raise BriefSendError(f"brief {period.key} not sent: {reason}") from exc
        with client:
            for recipient, msg_id, claimed_at in claims:
                msg = build_email(brief, charts, sender=smtp.sender, recipient=recipient, msg_id=msg_id, date=now)
                try:
                    reply = deliver(client, msg, smtp.sender, [recipient])
                except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                    log.error("brief %s not delivered to %s: %s", period.key, recipient, error)
                    briefs_sent.mark_failed(conn, period.key, recipient, claimed_at, error)
                    result.failed[recipient] = error
                    continue
                if briefs_sent.mark_sent(conn, period.key, recipient, claimed_at, reply):
                    result.sent.append(recipient)
    if result.failed:
        first = next(iter(result.failed.items()))
        raise BriefSendError(f"{result.describe()} (first: {first[0]}: {first[1]}); rerun to retry them")
    return result


def send_weekly_brief(settings: Settings, now: datetime) -> BriefSendResult:
    """The maintenance DAG's Monday task: email the last complete ISO week's brief to
    settings.brief_recipients, once per recipient. The week is chosen on the UTC calendar of `now` (an aware
    instant such as the task's data_interval_end), so a Monday run must start after 00:00 UTC (05:30 IST):
    08:00 IST on Monday 30 Nov 2026 sends 2026-W48. Raises BriefSendError when a delivery failed (a retry
    sends only to those)."""
    period = previous_week(now)
    return send_brief(resolve_dsn(settings), settings.smtp, settings.brief_recipients, period, now)
