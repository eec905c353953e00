"""A throwaway database on a server (migrated unless asked not to), dropped afterwards: benches and the
migration tests that need a database of their own, not the session's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from irwatch.db import with_params
from irwatch.store.migrate import migrate


@contextmanager
def scratch_database(server: str, *, migrated: bool = True, prefix: str = "irwatch_scratch") -> Iterator[str]:
    """`with scratch_database(server) as dsn:` a fresh database; dropped even when the caller fails."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = with_params(server, dbname=name)
    try:
        if migrated:
            with psycopg.connect(dsn) as conn:
                migrate(conn)
        yield dsn
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
