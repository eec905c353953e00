"""irwatch ingest, every 5 minutes: plan -> crawl (one mapped task per host) -> tag -> cluster -> alert -> send.

The DAG only wires; every task calls a stage function of the `irwatch` package, which reads its input from
PostgreSQL and writes its output in one transaction, so clearing and re-running a run changes nothing.
A failing or hung source fails only its own mapped crawl task; tagging and alerting go on with the others.
Schedule: IRWATCH_INGEST_SCHEDULE (cron, default every 5 minutes; an unchanged feed costs one 304; `none` =
manual runs only).
Params: sources (registered names, empty = all enabled), feed_url, allow_private, alert_old.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag

from irwatch.airflow_support import default_args, ingest_schedule
from irwatch.airflow_tasks import (
    cluster_stories,
    crawl_group,
    migrate_db,
    plan_crawl,
    queue_alerts,
    send_alerts,
    tag_articles,
)


@dag(
    dag_id="irwatch_ingest",
    schedule=ingest_schedule(),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["irwatch", "ingest"],
    default_args=default_args(),
    params={
        "sources": Param([], type="array", description="registered source names; empty = all enabled"),
        "feed_url": Param(None, type=["null", "string"], description="crawl this one feed instead"),
        "allow_private": Param(False, type="boolean", description="allow loopback targets (tests)"),
        "alert_old": Param(False, type="boolean",
                           description="also alert stories older than a rule's max_age_days"),
    },
    doc_md=__doc__,
)
def irwatch_ingest():
    groups = plan_crawl()
    migrate_db() >> groups
    crawl_group.expand(group=groups) >> tag_articles() >> cluster_stories() >> queue_alerts() >> send_alerts()


irwatch_ingest()
