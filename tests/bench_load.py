"""Loader speed: the COPY-staging loader vs the batched `executemany` it replaced, same rows, same database,
same run; then the same batch loaded again, which must insert nothing.

    python -m tests.bench_load [--rows 100000]
"""

from __future__ import annotations

import argparse
import time

import psycopg

from irwatch.config import load_settings
from irwatch.db import resolve_dsn
from irwatch.store.mentions import COLUMNS, INSERT_ONE, load, mention_row
from tests.scratch_db import scratch_database

ARTICLES = 1_000
COLUMNS_SQL = ", ".join(COLUMNS)
STATUSES = ("threatened", "discussed", "imposed", "waived")


def _events(n: int) -> list[dict]:
    return [{"type": "sanction", "sentence": f"Sentence {i} about CAATSA and the S-400 purchase.",
             "start": i * 60, "end": i * 60 + 50, "mention_start": i * 60 + 15, "mention_end": i * 60 + 21,
             "status": STATUSES[i % 4], "regime": "CAATSA", "caatsa": True, "imposer": "United States",
             "target": "India", "parties": ["India", "Russia", "United States"]} for i in range(n)]


def _rows(first_article: int, n: int) -> list[tuple]:
    per_article = max(1, n // ARTICLES)
    return [mention_row(first_article + i // per_article, 1, event, "bench")
            for i, event in enumerate(_events(n))]


def _seed_articles(conn: psycopg.Connection, ids: range) -> None:
    with conn.cursor() as cur, cur.copy(
        "copy articles (article_id, canonical_url, url, source_name, text, html_sha256, text_sha256, fetched_at) "
        "from stdin"
    ) as copy:
        for i in ids:
            copy.write_row((i, f"https://bench.invalid/{i}", f"https://bench.invalid/{i}", "bench", "t", "h", "h",
                            "2026-01-01T00:00:00+00:00"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows_n = parser.parse_args().rows
    server = resolve_dsn(load_settings())
    with scratch_database(server, prefix="irwatch_bench") as dsn:
        with psycopg.connect(dsn) as conn:
            _seed_articles(conn, range(1, 3 * ARTICLES + 1))
        baseline_rows = _rows(1, rows_n)
        copy_rows = _rows(ARTICLES + 1, rows_n)
        ceiling_rows = _rows(2 * ARTICLES + 1, rows_n)
        print(f"load bench: {rows_n:,} synthetic mention rows per loader, PostgreSQL "
              f"({psycopg.conninfo.conninfo_to_dict(server).get('host')})", flush=True)
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(INSERT_ONE, baseline_rows)
            conn.commit()
            baseline = time.perf_counter() - start
        print(f"  baseline: batched executemany INSERT ... ON CONFLICT (today's loader): "
              f"{rows_n / baseline:>9,.0f} rows/s", flush=True)
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            first = load(conn, copy_rows)
            conn.commit()
            ours = time.perf_counter() - start
        print(f"  irwatch:  COPY into staging + one INSERT ... ON CONFLICT merge:       "
              f"{rows_n / ours:>9,.0f} rows/s  ({first.inserted:,} inserted)", flush=True)
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            again = load(conn, copy_rows)
            conn.commit()
            second = time.perf_counter() - start
        print(f"  irwatch, same batch again: {again.inserted} inserted, {again.updated} updated "
              f"({rows_n / second:,.0f} rows/s checked)")
        with psycopg.connect(dsn) as conn:
            start = time.perf_counter()
            with conn.cursor() as cur, cur.copy(f"copy mentions ({COLUMNS_SQL}) from stdin") as copy:
                for row in ceiling_rows:
                    copy.write_row(row)
            conn.commit()
            ceiling = time.perf_counter() - start
        print(f"  ceiling:  plain COPY straight into mentions (no staging, no merge, not idempotent): "
              f"{rows_n / ceiling:>9,.0f} rows/s")
        print(f"  ratio COPY loader / executemany: {baseline / ours:.1f}x; "
              f"loader at {ceiling / ours:.0%} of the server's plain COPY")


if __name__ == "__main__":
    main()
