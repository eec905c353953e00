"""DAG checks: import, policy for every DAG, and a full `dag.test()` run on the demo site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DAGS = ROOT / "dags"


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory):
    """An Airflow home whose metadata DB (sqlite) is migrated once per machine and Airflow version, then
    copied: `airflow db migrate` costs half a minute, and each xdist worker would pay it again."""
    import airflow

    from irwatch.config import load_settings
    from tests.conftest import exclusive

    cache = load_settings().home / f"test-airflow-{airflow.__version__}.db"
    with exclusive("test-airflow"):
        if not cache.exists():
            build = tmp_path_factory.mktemp("airflow-build")
            subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"],
                           env={**os.environ, **_env(build)}, check=True, capture_output=True)
            shutil.copyfile(build / "airflow.db", cache)
    home = tmp_path_factory.mktemp("airflow")
    shutil.copyfile(cache, home / "airflow.db")
    return _env(home)


def _env(home: Path) -> dict:
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "false",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
    }


def _dagbag(env):
    os.environ.update(env)
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dags_import_without_errors(airflow_home):
    bag = _dagbag(airflow_home)
    assert bag.import_errors == {}
    assert "irwatch_ingest" in bag.dags


def test_import_has_no_side_effects():
    # a DAG file may not touch the database, the network or the model when parsed
    code = (
        "import sys, socket\n"
        "def refuse(*a, **k): raise SystemExit('network used at import')\n"
        "socket.socket.connect = refuse\n"
        "sys.path.insert(0, 'dags')\n"
        "import irwatch_ingest\n"
        "assert 'spacy' not in sys.modules and 'psycopg' not in sys.modules and 'scrapy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_every_dag_follows_policy(airflow_home):
    bag = _dagbag(airflow_home)
    for dag_id, dag in bag.dags.items():
        assert dag.tags, dag_id
        assert dag.catchup is False, dag_id
        assert dag.start_date.tzinfo is not None, dag_id
        assert dag.schedule is not None or dag.timetable is not None, dag_id
        assert dag.max_active_runs == 1, dag_id
        for t in dag.tasks:
            assert t.retries >= 1, f"{dag_id}.{t.task_id} has no retries"
            assert t.task_id.split("_")[0] in {"migrate", "crawl", "tag", "cluster", "queue", "send"}, t.task_id


@pytest.mark.slow
@pytest.mark.e2e
def test_full_dag_run_on_the_demo_site(airflow_home, clean_db, tmp_path):
    """dag.test() runs every task for real: demo site over HTTP, real PostgreSQL, real SMTP."""
    code = f"""
import os, sys, json
sys.path.insert(0, {str(DAGS)!r})
from irwatch.demo_server import DemoSite
from irwatch.mailsink import MailSink
with DemoSite() as site, MailSink({str(tmp_path / 'mail')!r}) as sink:
    os.environ["IRWATCH_SMTP_PORT"] = str(sink.port)
    from irwatch_ingest import irwatch_ingest
    dag = irwatch_ingest()
    run = dag.test(run_conf={{"feed_url": site.feed_url, "allow_private": True, "alert_old": True}})
    print("STATE", run.state)
    print("MAILS", len(sink.messages))
"""
    env = {**os.environ, **airflow_home, "IRWATCH_DSN": clean_db, "IRWATCH_HOME": str(tmp_path),
           "IRWATCH_SMTP_HOST": "127.0.0.1", "IRWATCH_ALERT_TO": "desk@example.org"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert "STATE success" in out.stdout, out.stdout[-3000:] + out.stderr[-3000:]
    import psycopg

    with psycopg.connect(clean_db) as conn:
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        mentions = conn.execute("select count(*) from mentions").fetchone()[0]
        sent = conn.execute("select count(*) from alerts where status = 'sent'").fetchone()[0]
    assert articles >= 12 and mentions > 0 and sent >= 1
    assert f"MAILS {sent}" in out.stdout
