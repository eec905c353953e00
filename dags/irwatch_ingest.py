"""irwatch ingest: crawl -> tag -> queue alerts -> send, each an idempotent task.

The DAG only wires; every task calls a stage function from the `irwatch` package,
which reads its input from PostgreSQL and writes its output in one transaction.
Params: sources (list of registered names, empty = all), feed_url, allow_private, alert_old.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task


@dag(
    dag_id="irwatch_ingest",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["irwatch", "ingest"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5), "retry_exponential_backoff": True},
    params={
        "sources": Param([], type="array", description="registered source names; empty = all enabled"),
        "feed_url": Param(None, type=["null", "string"], description="crawl this one feed instead"),
        "allow_private": Param(False, type="boolean", description="allow loopback targets (tests)"),
        "alert_old": Param(False, type="boolean",
                           description="a backfill that should alert: also stories older than a rule's max_age_days"),
    },
    doc_md=__doc__,
)
def irwatch_ingest():
    @task
    def migrate_db() -> list[str]:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import migrate_stage

        return migrate_stage(resolve_dsn(task_settings()))

    @task
    def crawl_sources(params=None) -> dict:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import crawl_stage

        summary = crawl_stage(
            resolve_dsn(task_settings()), sources=list(params.get("sources") or []) or None,
            feed_url=params.get("feed_url"), allow_private=bool(params.get("allow_private")),
        )
        return {"new_articles": summary.new_articles, "new_versions": summary.new_versions,
                "dropped": summary.drop_reasons, "errors": summary.errors}

    @task
    def tag_articles() -> dict:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import tag_stage

        summary = tag_stage(resolve_dsn(task_settings()))
        return {"articles": summary.articles, "mentions": summary.mentions, "by_type": dict(summary.by_type)}

    @task
    def cluster_stories() -> dict:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import cluster_stage

        summary = cluster_stage(resolve_dsn(task_settings()))
        return {"articles": summary.articles, "new_stories": summary.new_stories, "joined": summary.joined}

    @task
    def queue_alerts(params=None, data_interval_end=None) -> dict:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import alert_stage

        settings = task_settings()
        # the run's own clock decides what is old news and whether a digest is due, so a rerun agrees
        summary = alert_stage(resolve_dsn(settings), settings.alert_recipients, now=data_interval_end,
                              alert_old=bool((params or {}).get("alert_old")))
        return {"stories": summary.queued, "updates": summary.updates, "copies": summary.duplicates,
                "old": summary.old, "digests": summary.digests}

    @task
    def send_alerts() -> dict:
        from irwatch.airflow_support import task_settings
        from irwatch.db import resolve_dsn
        from irwatch.run import send_stage

        settings = task_settings()
        summary = send_stage(resolve_dsn(settings), settings.smtp)
        if summary.errors:
            # let Airflow retry: the outbox keeps the alerts pending, nothing is lost
            raise RuntimeError(f"alerts not delivered: {summary.describe()}")
        return {"sent": summary.sent, "held": summary.held, "waiting": summary.waiting}

    migrate_db() >> crawl_sources() >> tag_articles() >> cluster_stories() >> queue_alerts() >> send_alerts()


irwatch_ingest()
