"""rejected_rows: one row per input row the store refused, with its reason and payload."""

from __future__ import annotations

import logging

import psycopg

from irwatch.store.clean import clean_str, payload_json

log = logging.getLogger(__name__)


def quarantine(
    conn: psycopg.Connection, target_table: str, reason: str, row: dict, *, crawl_run_id: int | None = None
) -> None:
    log.warning("store: %s row rejected: %s", target_table, reason)
    conn.execute(
        """insert into rejected_rows (target_table, reason, payload, crawl_run_id)
           values (%s, %s, %s, %s)""",
        (target_table, clean_str(reason, 2000), payload_json(row), crawl_run_id),
    )
