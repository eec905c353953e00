"""The tasks irwatch's DAGs wire together, each a thin call into a stage function.

Each task reads its input from PostgreSQL and writes its output there in one transaction (the stage's own),
and returns a small dict of counts and ids for XCom, never article text or a secret. Imports of the stages
happen inside the tasks, so parsing a DAG file loads neither spaCy, Scrapy nor psycopg.
"""

from __future__ import annotations

import os
from datetime import timedelta

from airflow.sdk import task

from irwatch.airflow_support import CRAWL_POOL, task_settings


def crawl_timeout(default: float) -> float:
    # IRWATCH_CRAWL_TIMEOUT_SECONDS lets a test see a hung site killed in seconds
    return float(os.environ.get("IRWATCH_CRAWL_TIMEOUT_SECONDS") or default)


def dsn() -> str:
    from irwatch.db import resolve_dsn

    return resolve_dsn(task_settings())


@task(execution_timeout=timedelta(minutes=5))
def migrate_db() -> list[str]:
    from irwatch.run import migrate_stage

    return migrate_stage(dsn())


@task(execution_timeout=timedelta(minutes=5))
def plan_crawl(params=None) -> list[dict]:
    from irwatch.ingest import plan_crawl as plan

    params = params or {}
    return plan(dsn(), sources=list(params.get("sources") or []) or None, feed_url=params.get("feed_url"))


@task(pool=CRAWL_POOL, execution_timeout=timedelta(minutes=15))
def crawl_group(group: dict, params=None) -> dict:
    from irwatch.ingest import crawl_group as crawl

    # the crawl process gets a deadline inside the task's own, so a hung site is killed and recorded as failed
    # by us, with its log, before Airflow kills the task
    return crawl(dsn(), group, allow_private=bool((params or {}).get("allow_private")),
                 timeout=crawl_timeout(12 * 60))


@task(execution_timeout=timedelta(minutes=5))
def plan_backfill(params=None) -> list[dict]:
    from datetime import date

    from irwatch.backfill import plan_backfill as plan

    params = params or {}
    return plan(dsn(), since=date.fromisoformat(params["since"]), until=date.fromisoformat(params["until"]),
                sources=list(params.get("sources") or []) or None, chunk_days=int(params.get("chunk_days") or 14),
                force=bool(params.get("force")))


@task(pool=CRAWL_POOL, execution_timeout=timedelta(minutes=45))
def crawl_chunk(chunk: dict, params=None) -> dict:
    from irwatch.backfill import crawl_chunk as crawl

    return crawl(dsn(), chunk, allow_private=bool((params or {}).get("allow_private")),
                 timeout=crawl_timeout(40 * 60))


# one failed source must not keep the others' articles from being tagged and alerted
@task(trigger_rule="all_done", execution_timeout=timedelta(minutes=30))
def tag_articles() -> dict:
    from irwatch.run import tag_stage

    summary = tag_stage(dsn())
    return {"articles": summary.articles, "mentions": summary.mentions, "by_type": dict(summary.by_type)}


@task(execution_timeout=timedelta(minutes=15))
def cluster_stories() -> dict:
    from irwatch.run import cluster_stage

    summary = cluster_stage(dsn())
    return {"articles": summary.articles, "new_stories": summary.new_stories, "joined": summary.joined}


@task(execution_timeout=timedelta(minutes=10))
def queue_alerts(params=None, data_interval_end=None) -> dict:
    from irwatch.run import alert_stage

    settings = task_settings()
    # the run's own clock decides what is old news and whether a digest is due, so a rerun agrees
    summary = alert_stage(dsn(), settings.alert_recipients, now=data_interval_end,
                          alert_old=bool((params or {}).get("alert_old")))
    return {"stories": summary.queued, "updates": summary.updates, "copies": summary.duplicates,
            "old": summary.old, "digests": summary.digests}


@task(execution_timeout=timedelta(minutes=10))
def send_alerts() -> dict:
    from irwatch.run import send_stage

    settings = task_settings()
    summary = send_stage(dsn(), settings.smtp)
    if summary.errors:
        # let Airflow retry: the outbox keeps the alerts pending, nothing is lost
        raise RuntimeError(f"alerts not delivered: {summary.describe()}")
    return {"sent": summary.sent, "held": summary.held, "waiting": summary.waiting}


@task(execution_timeout=timedelta(minutes=30))
def analyze_database() -> list[str]:
    from irwatch.maintenance import analyze_database as analyze

    return analyze(dsn())


@task(execution_timeout=timedelta(minutes=10))
def check_sources(data_interval_end=None) -> dict:
    from irwatch.maintenance import check_sources as check

    settings = task_settings()
    return check(dsn(), settings.smtp, list(settings.operator_recipients), data_interval_end.date())


@task(execution_timeout=timedelta(minutes=10))
def prune_logs(data_interval_end=None, params=None) -> dict:
    from irwatch.maintenance import prune

    return prune(dsn(), data_interval_end, keep_days=int((params or {}).get("keep_days") or 30))


@task(execution_timeout=timedelta(minutes=15))
def send_weekly_brief(data_interval_end=None) -> dict:
    from irwatch.maintenance import weekly_brief

    return weekly_brief(task_settings(), data_interval_end)
