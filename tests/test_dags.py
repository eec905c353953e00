"""DAG checks: import (fast, no side effects), policy for every DAG and task, and real `dag.test()` runs.

The runs use real PostgreSQL, real HTTP (tests/outlets.py, several outlets on their own ports) and a real SMTP
server (MailSink); each DAG runs in a subprocess (tests/dag_runner.py) because Airflow reads its settings
once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from irwatch.airflow_support import CRAWL_POOL, OWNER, notify_failure
from irwatch.ingest import host_key
from irwatch.mailsink import MailSink
from tests.outlets import Outlets

ROOT = Path(__file__).parent.parent
DAGS = ROOT / "dags"
DAG_IDS = sorted(p.stem for p in DAGS.glob("*.py"))
VERBS = {"migrate", "plan", "crawl", "tag", "cluster", "queue", "send", "analyze", "check", "prune"}


def _dagbag(env):
    os.environ.update(env)
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dags_import_without_errors(airflow_home):
    bag = _dagbag(airflow_home)
    assert bag.import_errors == {}
    assert sorted(bag.dags) == ["irwatch_backfill", "irwatch_ingest", "irwatch_maintenance"]


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_import_is_fast_and_has_no_side_effects(dag_id):
    # a DAG file may not touch the database, the network or the model when parsed, and parses in under 2 s.
    # The parse is timed in CPU seconds: the suite's other workers share the cores and stretch wall time, not
    # this process's own work. A fresh clone compiles the project's bytecode first, which is not parsing.
    code = (
        "import sys, socket, time, compileall\n"
        "def refuse(*a, **k): raise SystemExit('network used at import')\n"
        "socket.socket.connect = refuse\n"
        "import airflow.sdk\n"  # Airflow's own import cost is the DAG processor's, paid once per process
        "compileall.compile_dir('dags', quiet=1); compileall.compile_dir('irwatch', quiet=1)\n"
        "sys.path.insert(0, 'dags')\n"
        "t = time.process_time()\n"
        f"import {dag_id}\n"
        "took = time.process_time() - t\n"
        "assert 'spacy' not in sys.modules and 'psycopg' not in sys.modules and 'scrapy' not in sys.modules\n"
        "assert took < 2.0, f'import took {took:.2f} CPU s'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_every_dag_and_task_follows_policy(airflow_home):
    bag = _dagbag(airflow_home)
    for dag_id, dag in bag.dags.items():
        assert dag.tags and "irwatch" in dag.tags, dag_id
        assert dag.catchup is False, dag_id
        assert dag.start_date.tzinfo is not None, dag_id
        assert dag.max_active_runs == 1, dag_id
        assert dag.doc_md, dag_id
        for t in dag.tasks:
            where = f"{dag_id}.{t.task_id}"
            assert t.owner == OWNER, where
            assert t.retries >= 1, f"{where} has no retries"
            assert t.retry_exponential_backoff, where
            assert t.execution_timeout is not None and t.execution_timeout <= timedelta(hours=1), where
            assert notify_failure in (t.on_failure_callback if isinstance(t.on_failure_callback, list)
                                      else [t.on_failure_callback]), where
            assert t.task_id.split("_")[0] in VERBS, where
            if t.task_id.startswith("crawl"):
                assert t.pool == CRAWL_POOL, where
    assert bag.dags["irwatch_ingest"].schedule == "*/5 * * * *"
    assert bag.dags["irwatch_backfill"].schedule is None
    assert bag.dags["irwatch_maintenance"].schedule == "30 1 * * *"


def _run_dag(env: dict, dag_id: str, conf: dict, logical_date: str | None = None) -> dict:
    cmd = [sys.executable, "-m", "tests.dag_runner", dag_id, json.dumps(conf)] + ([logical_date] if logical_date
                                                                                    else [])
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, out.stdout[-3000:] + out.stderr[-5000:]
    return json.loads(lines[-1][len("RESULT "):])


def _counts(dsn: str) -> dict:
    with psycopg.connect(dsn) as conn:
        return {
            "articles": conn.execute("select count(*) from articles").fetchone()[0],
            "mentions": conn.execute("select count(*) from mentions").fetchone()[0],
            "stories": conn.execute("select count(*) from stories").fetchone()[0],
            "alerts": conn.execute("select count(*) from alerts").fetchone()[0],
            "sent": conn.execute("select count(*) from alerts where status = 'sent'").fetchone()[0],
            "by_source": dict(conn.execute("select source_name, count(*) from articles group by 1").fetchall()),
        }


@pytest.fixture
def dag_env(airflow_home, clean_db, tmp_path):
    return {**os.environ, **airflow_home, "IRWATCH_DSN": clean_db, "IRWATCH_HOME": str(tmp_path),
            "IRWATCH_SMTP_HOST": "127.0.0.1", "IRWATCH_ALERT_TO": "desk@example.org",
            "IRWATCH_OPERATOR_TO": "ops@example.org", "IRWATCH_TASK_RETRIES": "0",
            "IRWATCH_CRAWL_TIMEOUT_SECONDS": "120"}


@pytest.mark.slow
@pytest.mark.e2e
def test_ingest_maps_one_crawl_per_outlet_and_a_down_outlet_fails_only_its_task(dag_env, clean_db, tmp_path):
    with Outlets(3, modes={2: "500"}) as outlets, \
            MailSink(tmp_path / "mail") as sink:
        with psycopg.connect(clean_db) as conn:
            from irwatch.store.migrate import migrate

            migrate(conn)
            outlets.register(conn)
        env = {**dag_env, "IRWATCH_SMTP_PORT": str(sink.port)}
        conf = {"sources": outlets.names, "allow_private": True, "alert_old": True}
        first = _run_dag(env, "irwatch_ingest", conf, "2026-11-30T10:00:00+00:00")
        after_first = _counts(clean_db)
        mails_first = len(sink.messages)
        again = _run_dag(env, "irwatch_ingest", conf, "2026-11-30T10:00:00+00:00")
        after_again = _counts(clean_db)

    tasks = first["tasks"]
    # map indexes follow the sorted host keys (127.0.0.1:<port>), not the outlets' numbers
    order = sorted(outlets.outlets, key=lambda o: host_key(o.feed_url))
    expected = {f"crawl_group[{i}]": "success" if o.mode == "ok" else "failed" for i, o in enumerate(order)}
    assert {k: v for k, v in tasks.items() if k.startswith("crawl_group[")} == expected, tasks
    failed = sorted(k for k, v in expected.items() if v == "failed")
    for downstream in ("tag_articles", "cluster_stories", "queue_alerts", "send_alerts"):
        assert tasks[downstream] == "success", (downstream, tasks)
    assert set(after_first["by_source"]) == {"outlet-0", "outlet-1"}  # outlet-2 answered 500
    assert after_first["mentions"] > 0 and after_first["sent"] >= 1
    # one email per alert sent, plus one failure notice to the operator per failed crawl task
    alert_mails = [m for m in sink.messages[:mails_first] if "ops@example.org" not in m["To"]]
    notices = [m for m in sink.messages[:mails_first] if "ops@example.org" in m["To"]]
    assert len(alert_mails) == after_first["sent"]
    assert sorted(n["Subject"] for n in notices) == [f"[irwatch] task failed: irwatch_ingest.{k}" for k in failed]
    assert all("Error: SourceGroupFailed" in n.get_content() for n in notices)
    with psycopg.connect(clean_db) as conn:
        runs = dict(conn.execute("""select source_name, errors::text from crawl_runs
                                     where source_name = 'outlet-2' order by crawl_run_id""").fetchall())
    assert "http-500" in runs["outlet-2"]
    # the same interval again: every row and every alert is already there; only the operator hears again
    assert {k: v for k, v in after_again.items()} == after_first
    assert [m for m in sink.messages[mails_first:] if "ops@example.org" not in m["To"]] == []
    assert {k: v for k, v in again["tasks"].items() if k.startswith("crawl_group[")} == expected


@pytest.mark.slow
@pytest.mark.e2e
def test_backfill_crawls_its_chunks_and_sends_no_alert_for_old_news(dag_env, clean_db, tmp_path):
    """One backfill through Airflow; that a repeated or resumed one crawls only what is left is
    tests/test_upkeep.py's (on the same functions, without Airflow's start-up cost)."""
    import re

    from irwatch.demo_server import SITE_DIR, DemoSite
    from irwatch.store.sources import sync

    with DemoSite() as site, MailSink(tmp_path / "mail") as sink:
        with psycopg.connect(clean_db) as conn:
            from irwatch.store.migrate import migrate

            migrate(conn)
            sync(conn, [{"name": "demo-sitemap", "title": "demo", "kind": "sitemap", "url": site.sitemap_url,
                         "homepage": site.base_url + "/", "tier": "media", "country": "IN", "language": "en",
                         "confirmed": True}])
        env = {**dag_env, "IRWATCH_SMTP_PORT": str(sink.port)}
        conf = {"since": "2024-01-01", "until": "2025-07-01", "sources": ["demo-sitemap"], "chunk_days": 300,
                "allow_private": True}
        run = _run_dag(env, "irwatch_backfill", conf)
        counts = _counts(clean_db)
        mails = len(sink.messages)
        with psycopg.connect(clean_db) as conn:
            chunks = conn.execute("select chunk_start::text, chunk_end::text, status from backfill_chunks "
                                  "order by chunk_start").fetchall()
            stored = {r[0].replace(site.base_url, "") for r in conn.execute("select url from articles")}
            runs = conn.execute("select requests, articles_kept, articles_dropped, drop_reasons, errors, stats "
                                "from crawl_runs order by crawl_run_id").fetchall()

    assert run["state"] == "success", run
    assert [run["tasks"][f"crawl_chunk[{i}]"] for i in range(2)] == ["success", "success"]
    assert chunks == [("2024-01-01", "2024-10-27", "finished"), ("2024-10-27", "2025-07-01", "finished")]
    # only pages whose sitemap date (news publication date, else lastmod) falls in the range; the prefilter
    # may drop some of those
    in_range = set()
    for block in re.findall(r"<url>(.*?)</url>", (SITE_DIR / "sitemap.xml").read_text(), re.S):
        path = re.search(r"<loc>\{\{BASE\}\}([^<]+)</loc>", block).group(1)
        when = (re.search(r"<news:publication_date>([^<]+)<", block) or re.search(r"<lastmod>([^<]+)<", block))
        if datetime(2024, 1, 1, tzinfo=UTC) <= datetime.fromisoformat(when.group(1)) < datetime(2025, 7, 1, tzinfo=UTC):
            in_range.add(path)
    summary = [(r[0], r[1], r[2], r[3], r[4], {k: v for k, v in (r[5] or {}).items() if 'count' in k or 'reason' in k})
               for r in runs]
    assert stored and stored <= in_range, f'stored {sorted(stored)}; runs {summary}'
    # old news: stored, tagged, clustered, but no email without alert_old
    assert counts["mentions"] > 0 and mails == 0 and counts["sent"] == 0
