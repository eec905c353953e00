"""A throwaway migrated database for a benchmark, on the configured server, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from irwatch.db import with_params
from irwatch.store.migrate import migrate


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """`with scratch_database(server) as dsn:` a fresh, migrated database; dropped even when the bench fails."""
    name = f"irwatch_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = with_params(server, dbname=name)
    try:
        with psycopg.connect(dsn) as conn:
            migrate(conn)
        yield dsn
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
