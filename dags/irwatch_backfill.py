"""irwatch backfill, started by hand: sitemaps and press-release archives over a date range, in chunks.

plan -> crawl (one mapped task per source and window) -> tag -> cluster -> alert -> send. Finished chunks are
recorded in `backfill_chunks`, so a backfill that failed half way is resumed by clearing its failed tasks or
by triggering it again with the same params: only the chunks left are crawled. Old news does not alert
unless `alert_old` is set.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag

from irwatch.airflow_support import default_args
from irwatch.airflow_tasks import (
    cluster_stories,
    crawl_chunk,
    migrate_db,
    plan_backfill,
    queue_alerts,
    send_alerts,
    tag_articles,
)


@dag(
    dag_id="irwatch_backfill",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["irwatch", "backfill"],
    default_args=default_args(),
    params={
        "since": Param("2026-01-01", type="string", format="date", description="first day (UTC), inclusive"),
        "until": Param("2026-02-01", type="string", format="date", description="last day (UTC), exclusive"),
        "sources": Param([], type="array", description="source names; empty = every enabled sitemap/listing"),
        "chunk_days": Param(14, type="integer", minimum=1, description="days per mapped crawl task"),
        "force": Param(False, type="boolean", description="crawl finished chunks again"),
        "allow_private": Param(False, type="boolean", description="allow loopback targets (tests)"),
        "alert_old": Param(False, type="boolean", description="mail alerts for the old stories found"),
    },
    doc_md=__doc__,
)
def irwatch_backfill():
    chunks = plan_backfill()
    migrate_db() >> chunks
    crawl_chunk.expand(chunk=chunks) >> tag_articles() >> cluster_stories() >> queue_alerts() >> send_alerts()


irwatch_backfill()
