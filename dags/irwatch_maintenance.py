"""irwatch maintenance, daily at 07:00 IST: statistics, re-clustering, source health, pruning, the weekly brief.

analyze -> re-cluster (articles signed by an older signature version, or left unclustered) -> source health
(v_source_alarms; one email to IRWATCH_OPERATOR_TO per day at most) -> prune old crawl runs and logs; on
Mondays (IST) the weekly brief is mailed. Every task is idempotent for its day.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag

from irwatch.airflow_support import default_args
from irwatch.airflow_tasks import (
    analyze_database,
    check_sources,
    cluster_stories,
    migrate_db,
    prune_logs,
    send_weekly_brief,
)


@dag(
    dag_id="irwatch_maintenance",
    schedule="30 1 * * *",  # 01:30 UTC = 07:00 IST, before the desks start
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["irwatch", "maintenance"],
    default_args=default_args(),
    params={"keep_days": Param(30, type="integer", minimum=1, description="crawl runs and logs kept")},
    doc_md=__doc__,
)
def irwatch_maintenance():
    migrate_db() >> analyze_database() >> cluster_stories() >> check_sources() >> prune_logs() >> send_weekly_brief()


irwatch_maintenance()
