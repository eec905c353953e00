"""Numbered SQL migrations (`sql/migrations/NNNN_name.sql`), each applied in one transaction.

Applied versions are recorded in `schema_migrations` with a checksum, so a rerun
does nothing and a migration edited after it landed is refused loudly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

from irwatch.config import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "sql" / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# any constant works; it only has to be the same for every irwatch process
_LOCK_KEY = 0x1A1_2026


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files must be named NNNN_snake_name.sql")
        found.append(Migration(match.group(1), match.group(2), path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise MigrationError(f"duplicate migration numbers in {directory}")
    return found


def migrate(conn: psycopg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations; return the versions applied (empty on a rerun).

    The whole run holds a session advisory lock, taken before `schema_migrations` exists: two first
    starts on a new database (two `irwatch run`, parallel DAG tasks) queue here instead of racing to
    create the table, and the second finds everything applied.
    """
    migrations = discover(directory)
    applied_now: list[str] = []
    conn.commit()  # the lock is taken outside any transaction the caller has open
    conn.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
    conn.commit()  # a session lock outlives the transaction; each migration gets its own below
    try:
        with conn.transaction():
            # asked first, so a least-privilege role (irwatch_loader) can run a stage's migrate step on a
            # database that is up to date: `create table if not exists` needs CREATE even when it exists
            exists = conn.execute("select to_regclass('schema_migrations') is not null").fetchone()[0]
        if not exists:
            with conn.transaction():
                conn.execute(
                    """create table if not exists schema_migrations (
                           version    text primary key,
                           name       text not null,
                           checksum   text not null,
                           applied_at timestamptz not null default now()
                       )"""
                )
        for migration in migrations:
            with conn.transaction():
                row = conn.execute(
                    "select checksum from schema_migrations where version = %s", (migration.version,)
                ).fetchone()
                if row is not None:
                    if row[0] != migration.checksum:
                        raise MigrationError(
                            f"migration {migration.path.name} was edited after it was applied; "
                            "add a new migration instead"
                        )
                    continue
                conn.execute(migration.sql)
                conn.execute(
                    "insert into schema_migrations (version, name, checksum) values (%s, %s, %s)",
                    (migration.version, migration.name, migration.checksum),
                )
                applied_now.append(migration.version)
    finally:
        if not conn.closed:
            conn.rollback()
            conn.execute("select pg_advisory_unlock(%s)", (_LOCK_KEY,))
            conn.commit()
    return applied_now
