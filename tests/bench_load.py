"""Loader speed: irwatch's batched mention insert vs row-by-row INSERT, same rows, same database, same run.

    python -m tests.bench_load
"""

from __future__ import annotations

import time
import uuid

import psycopg
from psycopg import sql

from irwatch.config import load_settings
from irwatch.db import resolve_dsn, with_params
from irwatch.migrate import migrate
from irwatch.tag import _INSERT, mention_row

ROWS = 20_000


def _events(n: int) -> list[dict]:
    return [{"type": "sanction", "sentence": f"Sentence {i} about CAATSA.", "start": i * 40, "end": i * 40 + 30,
             "mention_start": i * 40 + 15, "mention_end": i * 40 + 21, "status": "threatened", "regime": "CAATSA",
             "caatsa": True, "imposer": "United States", "target": "India"} for i in range(n)]


def main() -> None:
    server = resolve_dsn(load_settings())
    name = f"irwatch_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = with_params(server, dbname=name)
    try:
        with psycopg.connect(dsn) as conn:
            migrate(conn)
            conn.execute("insert into articles (article_id, canonical_url, url, source_name, text, html_sha256, "
                         "text_sha256, fetched_at) values (1, 'u', 'u', 's', 't', 'h', 'h', now()), "
                         "(2, 'v', 'v', 's', 't', 'h', 'h', now())")
        rows_a = [mention_row(1, 1, e, "bench") for e in _events(ROWS)]
        rows_b = [mention_row(2, 1, e, "bench") for e in _events(ROWS)]
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            for row in rows_a:
                conn.execute(_INSERT, row)
            conn.commit()
            row_by_row = time.perf_counter() - start
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(_INSERT, rows_b)
            conn.commit()
            ours = time.perf_counter() - start
        print(f"load bench: {ROWS} mention rows into PostgreSQL ({psycopg.conninfo.conninfo_to_dict(server).get('host')})")
        print(f"  row-by-row INSERT (one execute per row, one commit): {ROWS / row_by_row:>9,.0f} rows/s")
        print(f"  irwatch loader (executemany, pipelined):              {ROWS / ours:>9,.0f} rows/s")
        print(f"  ratio irwatch / row-by-row: {row_by_row / ours:.1f}x")
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


if __name__ == "__main__":
    main()
