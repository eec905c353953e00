"""Daily upkeep, as the irwatch_maintenance DAG runs it: statistics, re-clustering, source health, pruning.

    analyze_database(dsn)                      # planner statistics after a day of inserts
    check_sources(dsn, smtp, ["ops@…"], day)   # v_source_alarms -> one email per day at most
    prune(dsn, now, keep_days=30)              # old 304-only crawl runs and crawl logs

Each is idempotent for its day: a retried task re-reads the same state and sends nothing twice.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from irwatch.config import SmtpSettings
from irwatch.db import connect
from irwatch.notices import send_notice
from irwatch.store import upkeep

CRAWL_LOG_GLOB = "irwatch-crawl-*.log"  # what irwatch.crawl leaves behind for a failed crawl


def analyze_database(dsn: str) -> list[str]:
    with connect(dsn) as conn:
        conn.autocommit = True
        return upkeep.analyze(conn)


def describe_alarms(alarms: list[dict]) -> str:
    """The notice body: one line per unhealthy source.

    >>> print(describe_alarms([{"source_name": "tass-world", "problem": "error rate", "error_rate_7d": 0.75,
    ...     "crawls_7d": 8, "failed_crawls_7d": 6, "newest_fetched_at": None, "url": "https://tass.com/rss"}]))
    tass-world: error rate (6 of 8 crawls failed in 7 days, 75%); newest article: never; https://tass.com/rss
    """
    lines = []
    for a in alarms:
        newest = f"{a['newest_fetched_at']:%Y-%m-%d %H:%M UTC}" if a["newest_fetched_at"] else "never"
        rate = f"{float(a['error_rate_7d']):.0%}" if a["error_rate_7d"] is not None else "n/a"
        lines.append(f"{a['source_name']}: {a['problem']} ({a['failed_crawls_7d']} of {a['crawls_7d']} crawls "
                     f"failed in 7 days, {rate}); newest article: {newest}; {a['url']}")
    return "\n".join(lines)


def check_sources(dsn: str, smtp: SmtpSettings, recipients: list[str], day: date) -> dict:
    """Read v_source_alarms; when any source is unhealthy, mail the operator once for `day`."""
    with connect(dsn) as conn:
        alarms = upkeep.source_alarms(conn)
        if not alarms or not recipients:
            return {"alarms": len(alarms), "emailed": False}
        subject = f"[irwatch] {len(alarms)} source(s) unhealthy on {day:%Y-%m-%d}"
        # the claim row is locked until this transaction ends, so two retries cannot both send
        if not upkeep.claim_notice(conn, "source-health", day, recipients, subject):
            return {"alarms": len(alarms), "emailed": False, "already_sent": True}
        body = ("These sources break the thresholds in source_health_thresholds "
                "(details: select * from v_source_alarms):\n\n" + describe_alarms(alarms) + "\n")
        send_notice(smtp, recipients, subject, body)
        upkeep.mark_notice_sent(conn, "source-health", day)
    return {"alarms": len(alarms), "emailed": True}


def prune(dsn: str, now: datetime, *, keep_days: int = 30, log_dir: Path | None = None) -> dict:
    """Delete crawl runs older than keep_days that stored nothing, and crawl logs older than that."""
    cutoff = now - timedelta(days=keep_days)
    with connect(dsn) as conn:
        runs = upkeep.prune_crawl_runs(conn, cutoff)
    removed = 0
    for path in Path(log_dir or tempfile.gettempdir()).glob(CRAWL_LOG_GLOB):
        try:
            if datetime.fromtimestamp(path.stat().st_mtime, tz=now.tzinfo) < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # pruned by a concurrent run
    return {"crawl_runs": runs, "log_files": removed, "before": cutoff.isoformat()}


IST = ZoneInfo("Asia/Kolkata")


def brief_due(now: datetime) -> bool:
    """The weekly brief goes out on the maintenance run of Monday morning, India time.

    >>> brief_due(datetime(2026, 11, 30, 1, 30, tzinfo=ZoneInfo("UTC")))   # Monday 07:00 IST
    True
    >>> brief_due(datetime(2026, 11, 29, 20, 0, tzinfo=ZoneInfo("UTC")))   # Monday 01:30 IST, still night
    False
    """
    local = now.astimezone(IST)
    return local.weekday() == 0 and 5 <= local.hour < 12


def weekly_brief(settings, now: datetime) -> dict:
    """On Monday morning IST, mail the previous ISO week's brief (idempotent per week and recipient)."""
    if not brief_due(now):
        return {"due": False, "reason": f"not Monday morning IST ({now.astimezone(IST):%a %H:%M})"}
    from irwatch.brief import send_weekly_brief

    result = send_weekly_brief(settings, now)  # raises BriefSendError for a failed delivery: Airflow retries
    return {"due": True, "period": result.period, "sent": len(result.sent), "already_sent": len(result.skipped)}
