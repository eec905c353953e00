"""`make airflow`: Airflow standalone on this project's DAGs, on this machine, with nothing to install.

    python -m irwatch.airflow_local            # prints the UI URL and login, then runs until Ctrl-C

Both databases live on the embedded PostgreSQL 18 under .irwatch/ (or IRWATCH_DSN's server): irwatch's data
where the CLI keeps it, Airflow's metadata in a database `airflow` beside it, so the LocalExecutor runs the
mapped crawl tasks side by side (SQLite would run one task at a time). The login is written once to
.irwatch/airflow/passwords.json and reused.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

from irwatch.airflow_support import CRAWL_POOL, CRAWL_POOL_SLOTS
from irwatch.config import PROJECT_ROOT, load_settings
from irwatch.db import resolve_dsn

ADMIN = "admin"
METADATA_DB = "airflow"


def sqlalchemy_url(dsn: str, dbname: str) -> str:
    """A SQLAlchemy URL (psycopg2 driver) for `dbname` on the server of a libpq DSN.

    >>> sqlalchemy_url("postgresql://postgres:@/postgres?host=/srv/pg", "airflow")
    'postgresql+psycopg2://postgres@/airflow?host=/srv/pg'
    >>> sqlalchemy_url("postgresql://u:pw@127.0.0.1:5432/test", "airflow")
    'postgresql+psycopg2://u:pw@127.0.0.1:5432/airflow'
    """
    from urllib.parse import quote

    info = psycopg.conninfo.conninfo_to_dict(dsn)
    user = quote(info.get("user") or "postgres", safe="")
    password = f":{quote(info['password'], safe='')}" if info.get("password") else ""
    host = info.get("host") or ""
    if host.startswith("/"):
        return f"postgresql+psycopg2://{user}{password}@/{dbname}?host={host}"
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql+psycopg2://{user}{password}@{host}{port}/{dbname}"


def ensure_database(dsn: str, dbname: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (dbname,)).fetchone():
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))


def airflow_environment(home: Path, dsn: str, *, port: int = 8080) -> dict:
    """The environment Airflow runs with: this project's DAGs, metadata on PostgreSQL, irwatch's DSN."""
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "false",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "false",
        "AIRFLOW__CORE__EXECUTOR": os.environ.get("AIRFLOW__CORE__EXECUTOR", "LocalExecutor"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(dsn, METADATA_DB),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
        # a new DAG is picked up within seconds, not the default five minutes
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
        "IRWATCH_DSN": dsn,
        # standalone starts its components as `airflow …` subprocesses
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def password(home: Path) -> str:
    path = home / "passwords.json"
    if path.exists():
        return json.loads(path.read_text())[ADMIN]
    value = secrets.token_urlsafe(12)
    home.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({ADMIN: value}))
    path.chmod(0o600)
    return value


def prepare(home: Path, port: int = 8080) -> dict:
    """Start the embedded server if needed, create and migrate both databases, create the crawl pool."""
    dsn = resolve_dsn(load_settings())
    ensure_database(dsn, METADATA_DB)
    env = airflow_environment(home, dsn, port=port)
    airflow = [sys.executable, "-m", "airflow"]
    subprocess.run([sys.executable, "-m", "irwatch.cli", "db", "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(airflow + ["db", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(airflow + ["pools", "set", CRAWL_POOL, str(CRAWL_POOL_SLOTS), "concurrent irwatch crawl tasks"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def wait_for_api(port: int, proc: subprocess.Popen | None = None, timeout: float = 180) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/api/v2/version", timeout=3):
                return True
        except OSError:
            time.sleep(2)
    return False


def main() -> int:
    port = int(os.environ.get("IRWATCH_AIRFLOW_PORT", "8080"))
    home = load_settings().home / "airflow"
    print("[airflow] preparing the embedded PostgreSQL, the metadata database and the crawl pool", flush=True)
    env = prepare(home, port)
    login = f"{ADMIN} / {password(home)}"
    log = home / "standalone.log"
    print(f"[airflow] starting airflow standalone (log: {log})", flush=True)
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "airflow", "standalone"], env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            if wait_for_api(port, proc):
                print(f"[airflow] UI: http://localhost:{port}   login: {login}\n"
                      "[airflow] DAGs: irwatch_ingest (every 5 minutes), irwatch_backfill (manual), "
                      "irwatch_maintenance (daily); Ctrl-C stops", flush=True)
            else:
                print(f"[airflow] the API server did not answer on :{port}; see {log}", flush=True)
                proc.terminate()
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait(timeout=60)
            print("[airflow] stopped", flush=True)
            return 0


if __name__ == "__main__":
    sys.exit(main())
