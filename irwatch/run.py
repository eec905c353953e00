"""The whole pipeline in one go (crawl -> tag -> cluster -> alert -> send), as `irwatch run` and the demo use it.

Every step is a stage function that reads its input from PostgreSQL and writes its
output there; this module only calls them in order and collects their summaries.
The Airflow DAG calls the same functions as separate tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from irwatch.alerts import AlertSummary, queue_alerts
from irwatch.cluster import ClusterSummary, cluster_pending
from irwatch.config import Settings, SmtpSettings
from irwatch.db import connect
from irwatch.mail import CLAIM_TIMEOUT, SendSummary, send_pending
from irwatch.store.migrate import migrate
from irwatch.tag import TagSummary, tag_pending

Progress = Callable[[str], None]


@dataclass
class RunSummary:
    crawl: object = None
    tag: TagSummary = field(default_factory=TagSummary)
    cluster: ClusterSummary = field(default_factory=ClusterSummary)
    alerts: AlertSummary = field(default_factory=AlertSummary)
    send: SendSummary = field(default_factory=SendSummary)


def migrate_stage(dsn: str) -> list[str]:
    with connect(dsn) as conn:
        return migrate(conn)


def crawl_stage(dsn: str, *, sources=None, feed_url=None, since: date | None = None, allow_private=False,
                extra_settings: dict | None = None, progress: Progress | None = None):
    from irwatch.crawl import run_crawl

    return run_crawl(dsn, sources=sources, feed_url=feed_url, since=since, allow_private=allow_private,
                     extra_settings=extra_settings, progress=progress)


def tag_stage(dsn: str, *, progress: Progress | None = None, limit: int | None = None) -> TagSummary:
    from nlp.tagger import ArticleTagger

    tagger = ArticleTagger()
    with connect(dsn) as conn:
        return tag_pending(conn, tagger, progress=progress, limit=limit)


def cluster_stage(dsn: str, *, progress: Progress | None = None) -> ClusterSummary:
    with connect(dsn) as conn:
        return cluster_pending(conn, progress=progress)


def alert_stage(dsn: str, recipients, *, now: datetime | None = None, alert_old: bool = False) -> AlertSummary:
    with connect(dsn) as conn:
        return queue_alerts(conn, recipients, now=now, alert_old=alert_old)


def send_stage(dsn: str, smtp: SmtpSettings, *, reclaim_after: timedelta = CLAIM_TIMEOUT) -> SendSummary:
    with connect(dsn) as conn:
        return send_pending(conn, smtp, reclaim_after=reclaim_after)


def run_pipeline(
    dsn: str,
    settings: Settings,
    *,
    sources: list[str] | None = None,
    feed_url: str | None = None,
    since: date | None = None,
    allow_private: bool = False,
    send: bool = True,
    smtp: SmtpSettings | None = None,
    reclaim_after: timedelta = CLAIM_TIMEOUT,
    crawl_settings: dict | None = None,
    alert_old: bool = False,
    progress: Progress = print,
) -> RunSummary:
    """Crawl -> tag -> alert -> send on a migrated database (callers run migrate_stage first)."""
    summary = RunSummary()
    progress("[crawl] fetching" + (f" {feed_url}" if feed_url else f" {len(sources)} sources" if sources else ""))
    summary.crawl = crawl_stage(dsn, sources=sources, feed_url=feed_url, since=since, allow_private=allow_private,
                                extra_settings=crawl_settings, progress=lambda line: progress(f"[crawl] {line}"))
    progress("[tag] loading the NLP pipeline")
    summary.tag = tag_stage(dsn, progress=lambda line: progress(f"[tag] {line}"))
    if not summary.tag.articles:
        progress("[tag] nothing to tag: every stored article version is tagged by this pipeline version")
    summary.cluster = cluster_stage(dsn, progress=lambda line: progress(f"[cluster] {line}"))
    summary.alerts = alert_stage(dsn, settings.alert_recipients, alert_old=alert_old)
    a = summary.alerts
    progress(f"[alert] {a.queued} new stories alerted, {a.updates} updates, {a.duplicates} copies added to "
             f"alerted stories (no email), {a.old} old stories not alerted" + (" (--alert-old mails them)"
                                                                                  if a.old else ""))
    if send:
        summary.send = send_stage(dsn, smtp or settings.smtp, reclaim_after=reclaim_after)
        progress(f"[send] {summary.send.describe()}")
    return summary
