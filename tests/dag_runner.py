"""Run one irwatch DAG with `dag.test()` in this process and print one JSON line with what happened.

    python -m tests.dag_runner irwatch_ingest '{"sources": ["outlet-0"], "allow_private": true}' [LOGICAL_DATE]

The tests call it in a subprocess (Airflow's settings are read once per process, from the environment the
test prepared); it prints {"state": …, "tasks": {"task_id[map_index]": state}}.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

DAGS = Path(__file__).resolve().parent.parent / "dags"


def ensure_pool() -> None:
    from airflow.models.pool import Pool

    from irwatch.airflow_support import CRAWL_POOL, CRAWL_POOL_SLOTS

    Pool.create_or_update_pool(CRAWL_POOL, slots=CRAWL_POOL_SLOTS, description="irwatch crawls",
                               include_deferred=False)


def main(argv: list[str]) -> int:
    dag_id, conf = argv[0], json.loads(argv[1] if len(argv) > 1 else "{}")
    logical_date = None
    if len(argv) > 2:
        import pendulum

        logical_date = pendulum.parse(argv[2])
    sys.path.insert(0, str(DAGS))
    ensure_pool()
    dag = getattr(importlib.import_module(dag_id), dag_id)()
    run = dag.test(run_conf=conf, logical_date=logical_date)
    tasks = {}
    for ti in run.get_task_instances():
        key = ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else "")
        tasks[key] = str(ti.state)
    print("RESULT " + json.dumps({"state": str(run.state), "tasks": tasks}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
