"""`make celery-smoke`: irwatch_ingest on a real CeleryExecutor stack, checked against a single-process run.

Starts an API server, a scheduler, a dag-processor and two named Celery workers (w1, w2) against the Redis at
127.0.0.1:6379 and a PostgreSQL metadata database, triggers one irwatch_ingest over four fixture outlets
(tests/outlets.py, each on its own port, so four mapped crawl tasks), and checks that

  * the mapped crawl tasks ran on both workers (task_instance.hostname, from IRWATCH_WORKER_NAME), and
  * the rows (articles, mentions, stories, alerts) and the emails are exactly those of `irwatch run` over the
    same outlets in one process.

It prints the capacity figures README's note is made from: per source per run requests, seconds and MB.
The databases it creates are dropped afterwards; nothing is left running.

    python -m tests.celery_smoke [--keep]        # exit 0 = passed; 2 = no Redis (skipped)
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

from irwatch.airflow_local import sqlalchemy_url
from irwatch.airflow_support import CRAWL_POOL, CRAWL_POOL_SLOTS
from irwatch.config import PROJECT_ROOT, load_settings
from irwatch.db import resolve_dsn, with_params
from irwatch.mailsink import MailSink, free_port
from tests.outlets import Outlets

REDIS = ("127.0.0.1", 6379)
WORKERS = ("w1", "w2")
RUN_TIMEOUT = 420


class SmokeFailed(AssertionError):
    pass


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def say(line: str) -> None:
    print(f"[celery-smoke] {line}", flush=True)


def _create(server: str, name: str) -> str:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    return with_params(server, dbname=name)


def _meta_from_template(server: str, name: str, stack_env: dict) -> str:
    """A migrated Airflow metadata database, copied from one kept per Airflow version on this server:
    `airflow db migrate` on an empty database is the smoke run's costliest step and always gives the same
    schema, so it is paid once per server, not once per run (like the suite's schema template)."""
    import airflow

    template = f"irwatch_airflow_meta_{airflow.__version__.replace('.', '_')}"
    with psycopg.connect(server, autocommit=True) as conn:
        # one builder at a time; the lock goes with the connection
        conn.execute("select pg_advisory_lock(hashtext(%s))", (template,))
        # the comment is written last: a build that died half-way is not taken for a template
        ready = conn.execute("select 1 from pg_database d where datname = %s "
                             "and shobj_description(d.oid, 'pg_database') = 'irwatch: migrated'",
                             (template,)).fetchone()
        if not ready:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(template)))
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(template)))
            env = {**stack_env, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(server, template)}
            for args in (["db", "migrate"], ["pools", "set", CRAWL_POOL, str(CRAWL_POOL_SLOTS), "irwatch crawls"]):
                out = subprocess.run([sys.executable, "-m", "airflow", *args], env=env, capture_output=True,
                                     text=True, timeout=600)
                if out.returncode != 0:
                    conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(template)))
                    raise SmokeFailed(f"airflow {' '.join(args)} failed: {out.stderr[-2000:]}")
            conn.execute(sql.SQL("comment on database {} is 'irwatch: migrated'").format(sql.Identifier(template)))
        conn.execute(sql.SQL("create database {} template {}").format(sql.Identifier(name),
                                                                      sql.Identifier(template)))
        conn.execute("select pg_advisory_unlock(hashtext(%s))", (template,))
    return with_params(server, dbname=name)


def _dag_parsed(meta_dsn: str) -> bool:
    with psycopg.connect(meta_dsn) as conn:
        return conn.execute("select 1 from dag where dag_id = 'irwatch_ingest'").fetchone() is not None


def _drop(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def _counts(dsn: str) -> dict:
    with psycopg.connect(dsn) as conn:
        q = lambda query: conn.execute(query).fetchall()  # noqa: E731
        return {
            "articles": q("select source_name, url, text_sha256 from articles order by url"),
            "mentions": q("""select a.url, m.type, m.sentence from mentions m join articles a using (article_id)
                              order by 1, 2, 3"""),
            "stories": q("select count(*) from stories")[0][0],
            "alerts": q("""select x.rule, x.kind, x.status, a.url from alerts x join articles a using (article_id)
                            order by 4, 1, 2"""),
        }


def _register(dsn: str, outlets: Outlets) -> None:
    from irwatch.store.migrate import migrate

    with psycopg.connect(dsn) as conn:
        migrate(conn)
        outlets.register(conn)


def single_process_run(dsn: str, outlets: Outlets, smtp_port: int) -> None:
    env = {**os.environ, "IRWATCH_DSN": dsn, "IRWATCH_SMTP_HOST": "127.0.0.1", "IRWATCH_SMTP_PORT": str(smtp_port),
           "IRWATCH_ALERT_TO": "desk@example.org", "IRWATCH_ALLOW_PRIVATE": "1"}
    cmd = [str(Path(sys.executable).parent / "irwatch"), "run", "--alert-old", "--allow-private"]
    for name in outlets.names:
        cmd += ["--source", name]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=PROJECT_ROOT)
    if out.returncode != 0:
        raise SmokeFailed(f"irwatch run failed: {out.stdout[-2000:]}{out.stderr[-2000:]}")


class Stack:
    """The Airflow components as subprocesses of this one, logs in `home`."""

    def __init__(self, home: Path, meta_url: str, irwatch_dsn: str, smtp_port: int, redis_db: int):
        self.home = home
        self.api_port = free_port()
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.env = {
            **os.environ,
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "false",
            # IRWATCH_INGEST_SCHEDULE=none below: unpaused, it runs only the one triggered run
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "false",
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": meta_url,
            "AIRFLOW__CELERY__BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db}",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + meta_url.replace("+psycopg2", ""),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{self.api_port}/execution/",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(24),
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "irwatch.airflow_support.worker_hostname",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "IRWATCH_DSN": irwatch_dsn,
            "IRWATCH_INGEST_SCHEDULE": "none",  # one triggered run, nothing scheduled beside it
            "IRWATCH_SMTP_HOST": "127.0.0.1",
            "IRWATCH_SMTP_PORT": str(smtp_port),
            "IRWATCH_ALERT_TO": "desk@example.org",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.airflow = [sys.executable, "-m", "airflow"]

    def run(self, *args: str) -> str:
        out = subprocess.run(self.airflow + list(args), env=self.env, capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise SmokeFailed(f"airflow {' '.join(args)} failed: {out.stderr[-2000:]}")
        return out.stdout

    def start(self, name: str, *args: str, env: dict | None = None) -> None:
        log = (self.home / f"{name}.log").open("ab")
        proc = subprocess.Popen(self.airflow + list(args), env={**self.env, **(env or {})}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=PROJECT_ROOT)
        self.procs.append((name, proc))

    def stop(self) -> None:
        for _, proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for _, proc in self.procs:
            try:
                proc.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def dead(self) -> list[str]:
        return [name for name, proc in self.procs if proc.poll() is not None]


def _wait_run(meta_dsn: str, run_id: str, stack: Stack) -> str:
    deadline = time.monotonic() + RUN_TIMEOUT
    state = None
    while time.monotonic() < deadline:
        if stack.dead():
            raise SmokeFailed(f"components died: {stack.dead()} (logs in {stack.home})")
        with psycopg.connect(meta_dsn) as conn:
            row = conn.execute("select state from dag_run where dag_id = 'irwatch_ingest' and run_id = %s",
                               (run_id,)).fetchone()
        state = row[0] if row else None
        if state in ("success", "failed"):
            return state
        time.sleep(3)
    raise SmokeFailed(f"run {run_id} still {state!r} after {RUN_TIMEOUT} s (logs in {stack.home})")


def main(argv: list[str]) -> int:
    # a background run is stopped with SIGTERM (SIGINT is ignored there): unwind, so `finally` cleans up
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    keep = "--keep" in argv
    if not redis_answers():
        say(f"no Redis at {REDIS[0]}:{REDIS[1]}: skipped")
        return 2
    started = time.monotonic()
    server = resolve_dsn(load_settings())
    tag = secrets.token_hex(4)
    names = {k: f"smoke_{k}_{tag}" for k in ("meta", "celery", "single")}
    home = Path(tempfile.mkdtemp(prefix="irwatch-celery-smoke-"))
    stack = None
    try:
        celery_db = _create(server, names["celery"])
        single_db = _create(server, names["single"])
        with Outlets(4) as outlets, MailSink(home / "mail-celery") as celery_mail, \
                MailSink(home / "mail-single") as single_mail:
            _register(celery_db, outlets)
            _register(single_db, outlets)
            say("single-process run (irwatch run) over 4 outlets")
            single_process_run(single_db, outlets, single_mail.port)

            meta_url = sqlalchemy_url(server, names["meta"])
            stack = Stack(home, meta_url, celery_db, celery_mail.port, redis_db=int(tag, 16) % 15 + 1)
            say(f"metadata database {names['meta']} (migrated, from the template kept for this Airflow)")
            meta = _meta_from_template(server, names["meta"], stack.env)
            say("starting api-server, scheduler, dag-processor and Celery workers " + ", ".join(WORKERS))
            stack.start("api-server", "api-server", "--port", str(stack.api_port))
            stack.start("dag-processor", "dag-processor")
            stack.start("scheduler", "scheduler")
            for worker in WORKERS:
                stack.start(worker, "celery", "worker", "--celery-hostname", f"{worker}@%h", "--concurrency", "2",
                            env={"IRWATCH_WORKER_NAME": worker})
            deadline = time.monotonic() + 180
            # each `airflow` CLI call costs seconds of imports: ask the metadata database instead
            while not _dag_parsed(meta):
                if time.monotonic() > deadline or stack.dead():
                    raise SmokeFailed(f"irwatch_ingest was not parsed (dead: {stack.dead()}; logs in {home})")
                time.sleep(1)
            run_id = f"smoke__{tag}"
            conf = {"sources": outlets.names, "allow_private": True, "alert_old": True}
            t0 = time.monotonic()
            stack.run("dags", "trigger", "irwatch_ingest", "--run-id", run_id, "--conf", json.dumps(conf))
            say(f"triggered {run_id}; waiting for it")
            state = _wait_run(meta, run_id, stack)
            run_seconds = time.monotonic() - t0
            # the last email leaves inside send_alerts; give the sink a moment to store it
            time.sleep(1)
            with psycopg.connect(meta) as conn:
                tis = conn.execute(
                    """select task_id, map_index, state, hostname, extract(epoch from end_date - start_date)
                         from task_instance where run_id = %s order by task_id, map_index""", (run_id,)).fetchall()
            celery_emails = sorted(m["Subject"] for m in celery_mail.messages)
            single_emails = sorted(m["Subject"] for m in single_mail.messages)

        crawl_hosts = sorted({ti[3] for ti in tis if ti[0] == "crawl_group"})
        problems = []
        if state != "success":
            problems.append(f"run state {state}: {[(t[0], t[1], t[2]) for t in tis]}")
        if [ti for ti in tis if ti[0] == "crawl_group" and ti[2] != "success"]:
            problems.append("a crawl task did not succeed")
        if crawl_hosts != sorted(WORKERS):
            problems.append(f"crawl tasks ran on {crawl_hosts}, not on both {list(WORKERS)}")
        celery_rows, single_rows = _counts(celery_db), _counts(single_db)
        for key in celery_rows:
            if celery_rows[key] != single_rows[key]:
                problems.append(f"{key} differ: celery {len(celery_rows[key]) if isinstance(celery_rows[key], list) else celery_rows[key]} "
                                f"vs single {len(single_rows[key]) if isinstance(single_rows[key], list) else single_rows[key]}")
        if celery_emails != single_emails:
            problems.append(f"emails differ: celery {celery_emails} vs single {single_emails}")
        if not celery_emails:
            problems.append("no email was sent: nothing to compare")

        with psycopg.connect(celery_db) as conn:
            per_source = conn.execute(
                """select source_name, requests, (stats ->> 'elapsed_time_seconds')::float,
                          coalesce((stats ->> 'downloader/response_bytes')::bigint, 0)
                     from crawl_runs order by source_name""").fetchall()
        for ti in tis:
            say(f"  {ti[0]}{f'[{ti[1]}]' if ti[1] >= 0 else ''}: {ti[2]} on {ti[3]} in {float(ti[4] or 0):.1f} s")
        for name, requests, seconds, size in per_source:
            say(f"  capacity {name}: {requests} requests, {seconds or 0:.1f} s crawling, {size / 1e6:.2f} MB")
        crawl_task_s = [float(ti[4] or 0) for ti in tis if ti[0] == "crawl_group"]
        # the chain's own work: every task in turn, the mapped crawls counted once (they run side by side)
        work = sum(float(ti[4] or 0) for ti in tis if ti[0] != "crawl_group") + max(crawl_task_s)
        say(f"one ingest run: {run_seconds:.0f} s wall = {work:.0f} s of task work on the critical path + "
            f"{run_seconds - work:.0f} s of Airflow overhead (queueing, task start-up, state hand-offs)")
        say(f"run {run_seconds:.0f} s wall; crawl tasks {min(crawl_task_s):.1f}–{max(crawl_task_s):.1f} s each; "
            f"{len(celery_rows['articles'])} articles, {len(celery_rows['mentions'])} mentions, "
            f"{celery_rows['stories']} stories, {len(celery_emails)} emails (single-process: "
            f"{len(single_rows['articles'])}, {len(single_rows['mentions'])}, {single_rows['stories']}, "
            f"{len(single_emails)})")
        if problems:
            raise SmokeFailed("; ".join(problems))
        say(f"PASSED in {time.monotonic() - started:.0f} s: crawl tasks on {', '.join(crawl_hosts)}; "
            "rows and emails identical to the single-process run")
        return 0
    except SmokeFailed as exc:
        say(f"FAILED: {exc}")
        return 1
    finally:
        if stack is not None:
            stack.stop()
        if not keep:
            for name in names.values():
                _drop(server, name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
