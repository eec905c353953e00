"""Backfill: walk sitemaps and press-release archives over a date range, in chunks that can each be retried.

    chunks = plan_backfill(dsn, since=date(2024, 1, 1), until=date(2024, 3, 1), chunk_days=14)
    for chunk in chunks:                      # the DAG maps one task over them
        crawl_chunk(dsn, chunk)

A chunk is one source over [start, end); `backfill_chunks` records each finished one, so a backfill that failed
half way and is started again (or cleared in Airflow) crawls only what is left. Stored articles are deduplicated
by the store as always, so a forced re-crawl of a finished chunk adds nothing it already has.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import psycopg

from irwatch.crawl import CrawlError, CrawlFailed, enabled_source, run_crawl, spider_for
from irwatch.ingest import SourceGroupFailed, down_sources, failure_reasons
from irwatch.sources import REGISTRY_PATH, load_registry, sync_sources
from irwatch.store import backfill as chunks_store
from irwatch.store.sources import enabled_source_names

# feeds hold only their latest entries; the archive of a site is in its sitemaps and listing pages
ARCHIVE_KINDS = ("sitemap", "listing")
MAX_CHUNKS = 1000  # under Airflow's max_map_length (1024)


class BackfillError(ValueError):
    """The backfill's parameters cannot be planned (bad range, unknown source, too many chunks)."""


def chunk_windows(since: date, until: date, days: int) -> list[tuple[date, date]]:
    """[since, until) cut into windows of `days` (the last one shorter).

    >>> chunk_windows(date(2024, 1, 1), date(2024, 1, 20), 7)
    [(datetime.date(2024, 1, 1), datetime.date(2024, 1, 8)), (datetime.date(2024, 1, 8), datetime.date(2024, 1, 15)), (datetime.date(2024, 1, 15), datetime.date(2024, 1, 20))]
    """
    if days < 1:
        raise BackfillError(f"chunk_days={days}: must be at least 1")
    if until <= since:
        raise BackfillError(f"until {until} must be after since {since}")
    windows, start = [], since
    while start < until:
        end = min(start + timedelta(days=days), until)
        windows.append((start, end))
        start = end
    return windows


def _archive_sources(conn: psycopg.Connection, names: list[str] | None) -> list[str]:
    chosen = []
    for name in names or enabled_source_names(conn):
        try:
            source = enabled_source(conn, name)
        except CrawlError as exc:
            raise BackfillError(str(exc)) from exc
        if not names and source["kind"] not in ARCHIVE_KINDS:
            continue
        try:
            spider_for(source)
        except CrawlError as exc:
            if names:
                raise BackfillError(str(exc)) from exc
            continue
        chosen.append(name)
    return sorted(chosen)


def plan_backfill(dsn: str, *, since: date, until: date, sources: list[str] | None = None, chunk_days: int = 14,
                  force: bool = False, registry=REGISTRY_PATH) -> list[dict]:
    """The chunks still to crawl: every (source, window), less the finished ones unless `force`.

    Without `sources`, every enabled sitemap and listing source; named sources may be feeds too.
    """
    windows = chunk_windows(since, until, chunk_days)
    with psycopg.connect(dsn, autocommit=True) as conn:
        if registry and Path(registry).exists():
            sync_sources(conn, load_registry(registry))
        names = _archive_sources(conn, sources)
        if len(names) * len(windows) > MAX_CHUNKS:
            raise BackfillError(f"{len(names)} sources x {len(windows)} windows is more than {MAX_CHUNKS} chunks: "
                                f"use a larger chunk_days or fewer sources")
        todo = []
        for name in names:
            for start, end in windows:
                if not force and chunks_store.finished(conn, name, start, end):
                    continue
                todo.append({"source": name, "start": start.isoformat(), "end": end.isoformat()})
    return todo


def crawl_chunk(dsn: str, chunk: dict, *, allow_private: bool = False, timeout: float | None = None,
                extra_settings: dict | None = None) -> dict:
    """Crawl one chunk and record it; a failure is recorded too, then raised as SourceGroupFailed."""
    name, start, end = chunk["source"], date.fromisoformat(chunk["start"]), date.fromisoformat(chunk["end"])
    with psycopg.connect(dsn) as conn:
        attempt = chunks_store.begin(conn, name, start, end)
    try:
        summary = run_crawl(dsn, sources=[name], since=start, until=end, allow_private=allow_private,
                            timeout=timeout, extra_settings=extra_settings, sync_registry=False)
    except CrawlFailed as exc:
        message = failure_reasons(exc)
        with psycopg.connect(dsn) as conn:
            chunks_store.fail(conn, name, start, end, message)
        raise SourceGroupFailed(f"{name} {start}..{end} (attempt {attempt}): {message}") from exc
    if down_sources(summary):
        message = f"the archive index could not be fetched ({summary.errors})"
        with psycopg.connect(dsn) as conn:
            chunks_store.fail(conn, name, start, end, message)
        raise SourceGroupFailed(f"{name} {start}..{end} (attempt {attempt}): {message}")
    runs = [run["crawl_run_id"] for run in summary.runs]
    with psycopg.connect(dsn) as conn:
        chunks_store.finish(conn, name, start, end, crawl_run_ids=runs, new_articles=summary.new_articles)
    return {"source": name, "start": chunk["start"], "end": chunk["end"], "attempt": attempt,
            "crawl_runs": runs, "new_articles": summary.new_articles,
            "requests": sum(int(r.get("requests") or 0) for r in summary.runs)}
