"""Where DAG tasks get their settings: Airflow connections first, then the environment.

Connection `irwatch_postgres` (any postgres URI) gives the DSN; connection `smtp_default`
gives the mail server. Without them the same environment variables as the CLI apply.
Only called inside tasks, never at DAG import.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from irwatch.config import Settings, SmtpSettings, load_settings

log = logging.getLogger(__name__)

DB_CONN_ID = "irwatch_postgres"
SMTP_CONN_ID = "smtp_default"


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
