"""Where DAG tasks get their settings: Airflow connections first, then the environment.

Connection `irwatch_postgres` (any postgres URI) gives the DSN; connection `smtp_default`
gives the mail server. Without them the same environment variables as the CLI apply.
Only called inside tasks, never at DAG import.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from datetime import timedelta

from irwatch.config import Settings, SmtpSettings, load_settings

log = logging.getLogger(__name__)

DB_CONN_ID = "irwatch_postgres"
SMTP_CONN_ID = "smtp_default"
# caps concurrent crawl tasks over all DAG runs; `make airflow`, airflow-init and the tests create it
CRAWL_POOL = "irwatch_crawl"
CRAWL_POOL_SLOTS = 8
OWNER = "irwatch"


def _connection(conn_id: str):
    from airflow.sdk import BaseHook

    try:
        return BaseHook.get_connection(conn_id)
    except Exception as exc:  # AirflowNotFoundException, or no API server in a bare `dag.test()`
        log.info("airflow connection %s not available (%s); using environment", conn_id, type(exc).__name__)
        return None


def _flag(value) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def task_settings() -> Settings:
    settings = load_settings()
    if not settings.dsn:
        conn = _connection(DB_CONN_ID)
        if conn is not None:
            uri = conn.get_uri().replace("postgres://", "postgresql://", 1)
            settings = replace(settings, dsn=uri)
    smtp_conn = _connection(SMTP_CONN_ID)
    if smtp_conn is not None and smtp_conn.host:
        # the same defaults as Airflow's SMTP provider: implicit TLS unless disable_ssl, else STARTTLS
        # unless disable_tls; a password never crosses the wire in clear text by default
        extra = smtp_conn.extra_dejson or {}
        use_ssl = not _flag(extra.get("disable_ssl", False))
        settings = replace(settings, smtp=SmtpSettings(
            host=smtp_conn.host, port=smtp_conn.port or (465 if use_ssl else 587), user=smtp_conn.login or None,
            password=smtp_conn.password or None, sender=extra.get("from_email") or settings.smtp.sender,
            use_ssl=use_ssl, starttls=not use_ssl and not _flag(extra.get("disable_tls", False)),
        ))
    return settings


# --- task policy shared by every irwatch DAG ------------------------------------------------------------


def ingest_schedule() -> str | None:
    """IRWATCH_INGEST_SCHEDULE: a cron expression (default every 5 minutes), or `none` for manual runs only."""
    value = os.environ.get("IRWATCH_INGEST_SCHEDULE", "*/5 * * * *").strip()
    return None if value.lower() in {"none", ""} else value


def default_args() -> dict:
    """Retries with exponential backoff and the failure mail, for every task of every irwatch DAG.

    IRWATCH_RETRY_DELAY_SECONDS shortens the first delay (tests use 1 s); it doubles per retry up to 30 min.
    """
    delay = float(os.environ.get("IRWATCH_RETRY_DELAY_SECONDS", "60"))
    return {
        "owner": OWNER,
        "retries": int(os.environ.get("IRWATCH_TASK_RETRIES", "3")),
        "retry_delay": timedelta(seconds=delay),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(minutes=30),
        "on_failure_callback": notify_failure,
    }


def notify_failure(context) -> None:
    """on_failure_callback: mail the operator the task, the error and the log URL; never raises.

    A callback that raised would hide the task's own error in the scheduler log, so a dead SMTP server is
    logged here and the failure stays visible in the UI.
    """
    ti = context.get("ti") or context.get("task_instance")
    error = context.get("exception")
    where = f"{getattr(ti, 'dag_id', '?')}.{getattr(ti, 'task_id', '?')}"
    map_index = getattr(ti, "map_index", -1)
    if map_index is not None and map_index >= 0:
        where += f"[{map_index}]"
    try:
        settings = task_settings()
        if not settings.operator_recipients:
            log.warning("task %s failed; IRWATCH_OPERATOR_TO is not set, so nobody is mailed", where)
            return
        from irwatch.notices import send_notice

        body = failure_body(where, getattr(ti, "run_id", "?"), getattr(ti, "try_number", "?"), error,
                            getattr(ti, "log_url", None))
        send_notice(settings.smtp, list(settings.operator_recipients), f"[irwatch] task failed: {where}", body)
    except Exception as exc:  # noqa: BLE001 - see the docstring: a callback must not raise
        log.error("task %s failed and the operator could not be mailed: %s: %s", where, type(exc).__name__, exc)


def failure_body(where: str, run_id, try_number, error, log_url: str | None) -> str:
    """The failure notice's text.

    >>> print(failure_body("irwatch_ingest.crawl_group[2]", "scheduled__x", 3, RuntimeError("boom"), None))
    Task:  irwatch_ingest.crawl_group[2]
    Run:   scheduled__x (try 3)
    Error: RuntimeError: boom
    Log:   (no log URL)
    """
    kind = type(error).__name__ if isinstance(error, BaseException) else "error"
    return (f"Task:  {where}\nRun:   {run_id} (try {try_number})\nError: {kind}: {error}\n"
            f"Log:   {log_url or '(no log URL)'}")


def worker_hostname() -> str:
    """[core] hostname_callable: IRWATCH_WORKER_NAME when set, so workers sharing one machine tell apart in
    task_instance.hostname (the Celery smoke run, or compose workers named by their service), else the FQDN."""
    import socket

    return os.environ.get("IRWATCH_WORKER_NAME") or socket.getfqdn()
