"""Shared fixtures: a throwaway database on a real PostgreSQL server.

`IRWATCH_TEST_DSN` points the suite at a server (CI uses the local PostgreSQL 15);
without it the embedded PostgreSQL 18 under `.irwatch/pgdata` is used. Either way
each test session gets its own freshly migrated database, dropped at the end.
"""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from psycopg import sql

from irwatch.config import load_settings
from irwatch.db import start_embedded, with_params
from irwatch.store.migrate import migrate

TABLES = (
    "deal_events", "deals", "rejected_rows", "alerts", "mentions", "article_versions", "articles",
    "dropped_urls", "feed_state", "crawl_runs", "sources",
)


def _server_dsn() -> str:
    explicit = os.environ.get("IRWATCH_TEST_DSN")
    if explicit:
        return explicit
    return start_embedded(load_settings().pgdata)


@pytest.fixture(scope="session")
def server_dsn() -> str:
    return _server_dsn()


@pytest.fixture(scope="session")
def dsn(server_dsn):
    """DSN of a fresh, migrated database for this test session."""
    name = f"irwatch_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    test_dsn = with_params(server_dsn, dbname=name)
    with psycopg.connect(test_dsn) as conn:
        migrate(conn)
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


@pytest.fixture(scope="session")
def pool():
    """The real-text pool in ../shared/corpus-pool (never copied into the project); skip where it is absent."""
    from nlp.corpus import PoolMissing, load_pool

    try:
        return load_pool()
    except PoolMissing as exc:
        pytest.skip(str(exc))
