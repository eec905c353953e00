"""One database connection and one crawl_runs row per crawl, shared by the components that store.

The store pipeline, the crawl-run recorder, the seen-URL and conditional-GET
middlewares all ask `store_session(crawler)`; the first to ask connects. All
of them raise NotConfigured when IRWATCH_STORE is off, so a crawl writing only
`-O out.jsonl` never needs a database.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import psycopg
from scrapy.exceptions import NotConfigured

from irwatch.store import crawl_runs as runs

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class StoreSession:
    def __init__(self, crawler: Crawler, dsn: str, run_id: int | None):
        self._crawler = crawler
        self._dsn = dsn
        self._conn: psycopg.Connection | None = None
        self._run_id = run_id
        self._source_id: int | None = None
        self._source_looked_up = False

    @property
    def conn(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            # autocommit: reads do not hold a transaction open between callbacks;
            # multi-statement writes use `with conn.transaction()`
            self._conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
        return self._conn

    @property
    def source_name(self) -> str:
        spider = self._crawler.spider
        return getattr(spider, "source_name", None) or spider.name

    @property
    def source_id(self) -> int | None:
        if not self._source_looked_up:
            self._source_id = runs.source_id(self.conn, self.source_name)
            self._source_looked_up = True
        return self._source_id

    @property
    def run_id(self) -> int:
        """The crawl_runs row of this crawl, created on first use unless the caller made one."""
        if self._run_id is None:
            self._run_id = runs.open_run(
                self.conn, self.source_name, self._crawler.spider.name, self.source_id
            )
            log.info("crawl_runs row %s opened for %s", self._run_id, self.source_name)
        return self._run_id

    def close(self) -> None:
        if self._conn is not None and not self._conn.closed:
            self._conn.close()


_sessions: WeakKeyDictionary[Crawler, StoreSession] = WeakKeyDictionary()


def store_session(crawler: Crawler) -> StoreSession:
    """The crawl's session; NotConfigured when storing is off."""
    if not crawler.settings.getbool("IRWATCH_STORE"):
        raise NotConfigured
    session = _sessions.get(crawler)
    if session is None:
        dsn = crawler.settings.get("IRWATCH_DSN")
        if not dsn:
            from irwatch.db import resolve_dsn  # noqa: PLC0415 — starts the embedded server only when needed

            dsn = resolve_dsn()
        run_id = crawler.settings.get("IRWATCH_CRAWL_RUN_ID")
        session = StoreSession(crawler, dsn, int(run_id) if run_id not in (None, "") else None)
        _sessions[crawler] = session
    return session
