"""Shared fixtures: a throwaway database on a real PostgreSQL server.

`IRWATCH_TEST_DSN` points the suite at a server (CI uses the local PostgreSQL 15);
without it the embedded PostgreSQL 18 under `.irwatch/pgdata` is used. The schema is
built once per set of migrations into a template database; each test session (each
xdist worker) gets its own copy of it, and each test starts from emptied tables.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from irwatch.config import load_settings
from irwatch.db import start_embedded, with_params
from irwatch.store.migrate import discover, migrate

TABLES = (
    "briefs_sent", "alert_mentions", "alert_rules", "story_bands", "article_signatures", "deal_events", "deals", "rejected_rows",
    "alerts", "mentions", "article_versions", "articles", "stories", "dropped_urls", "feed_state", "crawl_runs",
    "sources", "backfill_chunks", "upkeep_notices",
)


@contextmanager
def exclusive(name: str):
    """A lock shared by the xdist workers of this machine (starting the server, building the template)."""
    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.home / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _server_dsn() -> str:
    explicit = os.environ.get("IRWATCH_TEST_DSN")
    if explicit:
        return explicit
    with exclusive("test-server"):
        return start_embedded(load_settings().pgdata)


def _template(server_dsn: str) -> str:
    """The migrated template for this exact set of migrations, built once and reused by later runs."""
    digest = hashlib.sha256("".join(m.checksum for m in discover()).encode()).hexdigest()[:12]
    name = f"irwatch_template_{digest}"
    with exclusive("test-template"), psycopg.connect(server_dsn, autocommit=True) as admin:
        if admin.execute("select 1 from pg_database where datname = %s", (name,)).fetchone() is None:
            building = f"{name}_building_{uuid.uuid4().hex[:6]}"
            admin.execute(sql.SQL("create database {}").format(sql.Identifier(building)))
            with psycopg.connect(with_params(server_dsn, dbname=building)) as conn:
                migrate(conn)
            admin.execute(sql.SQL("alter database {} rename to {}").format(sql.Identifier(building),
                                                                           sql.Identifier(name)))
            # templates of older migration sets are never used again
            for (old,) in admin.execute("select datname from pg_database where datname like 'irwatch\\_template\\_%%' "
                                        "and datname <> %s", (name,)).fetchall():
                admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(old)))
    return name


@pytest.fixture(scope="session")
def server_dsn() -> str:
    return _server_dsn()


@pytest.fixture(scope="session")
def dsn(server_dsn):
    """DSN of a fresh, migrated database for this test session (a copy of the template)."""
    template = _template(server_dsn)
    name = f"irwatch_test_{uuid.uuid4().hex[:10]}"
    with exclusive("test-template"), psycopg.connect(server_dsn, autocommit=True) as admin:
        # copying needs the template to have no other sessions: the lock keeps builders out
        admin.execute(sql.SQL("create database {} template {}").format(sql.Identifier(name),
                                                                       sql.Identifier(template)))
    test_dsn = with_params(server_dsn, dbname=name)
    yield test_dsn
    with psycopg.connect(server_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture
def clean_db(dsn):
    """The session database, emptied before the test; yields its DSN."""
    with psycopg.connect(dsn) as conn:
        conn.execute("truncate " + ", ".join(TABLES) + " restart identity cascade")
    return dsn


@pytest.fixture
def reader_dsn(clean_db):
    """The same database, as the analysts' read-only role."""
    return with_params(clean_db, user="irwatch_reader", password=None)


@pytest.fixture
def conn(clean_db):
    with psycopg.connect(clean_db) as connection:
        yield connection


def pytest_collection_modifyitems(config, items):
    # anything that touches the database runs again in CI's second pass against PostgreSQL 15
    for item in items:
        if {"dsn", "clean_db", "conn", "server_dsn", "reader_dsn"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
    # longest first (whole-pipeline runs, then Airflow and full-model tests): with `--dist load` they start at
    # once on different workers and the short tests fill in around them, instead of one long test starting last
    items.sort(key=lambda item: 0 if item.get_closest_marker("e2e") else 1 if item.get_closest_marker("slow") else 2)


@pytest.fixture(scope="session")
def pool():
    """The real-text pool in ../shared/corpus-pool (never copied into the project); skip where it is absent."""
    from nlp.corpus import PoolMissing, load_pool

    try:
        return load_pool()
    except PoolMissing as exc:
        pytest.skip(str(exc))


DAGS_DIR = Path(__file__).parent.parent / "dags"


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory):
    """An Airflow home whose metadata DB (sqlite) is migrated once per machine and Airflow version, then
    copied: `airflow db migrate` costs half a minute, and each xdist worker would pay it again."""
    import airflow

    cache = load_settings().home / f"test-airflow-{airflow.__version__}.db"
    with exclusive("test-airflow"):
        if not cache.exists():
            build = tmp_path_factory.mktemp("airflow-build")
            subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"],
                           env={**os.environ, **airflow_env(build)}, check=True, capture_output=True)
            shutil.copyfile(build / "airflow.db", cache)
    home = tmp_path_factory.mktemp("airflow")
    shutil.copyfile(cache, home / "airflow.db")
    return airflow_env(home)


def airflow_env(home: Path) -> dict:
    """The environment of an Airflow home with a sqlite metadata DB and this project's DAGs."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "false",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
    }
