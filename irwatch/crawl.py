"""The crawl stage: crawl registered sources (or one ad hoc feed) into PostgreSQL.

Used by the CLI and the Airflow DAG:

    summary = run_crawl(dsn, sources=["tass-world"], since=date(2024, 7, 1), progress=print)
    summary.new_articles, summary.drop_reasons, summary.errors

Each crawl runs as its own `python -m scrapy crawl …` subprocess: Twisted's
reactor cannot be restarted inside one process, and Airflow workers and the
test-suite call this many times. This function creates the crawl_runs row,
passes its id to the subprocess, and reads the counts back from it afterwards;
a subprocess that dies leaves its row marked failed and raises CrawlFailed.
A crawl in which some pages failed is a finished crawl: those pages are counted
in crawl_runs.errors, not raised.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from irwatch.config import PROJECT_ROOT
from irwatch.sources import REGISTRY_PATH, load_registry, register_feed, sync_sources
from irwatch.store import crawl_runs
from irwatch.store.sources import enabled_source_names, find_source

SPIDER_FOR_KIND = {"feed": "feed", "sitemap": "sitemap"}
# listing sources need the spider that knows the site's layout
LISTING_SPIDERS = {"mea.gov.in": "mea", "pib.gov.in": "pib"}
LOG_TAIL_LINES = 40


class CrawlError(RuntimeError):
    """The crawl stage could not run (bad arguments, unknown source)."""


class CrawlFailed(CrawlError):
    """One or more crawl subprocesses failed.

    `failures` holds (source name, message with the log tail); `summary` what did run.
    """

    def __init__(self, failures: list[tuple[str, str]], summary: CrawlSummary):
        self.failures = failures
        self.summary = summary
        detail = "\n\n".join(f"--- {name} ---\n{message}" for name, message in failures)
        super().__init__(f"{len(failures)} crawl(s) failed: {', '.join(n for n, _ in failures)}\n{detail}")


@dataclass
class CrawlSummary:
    runs: list[dict] = field(default_factory=list)
    new_articles: int = 0
    new_versions: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "name: why" for enabled sources no spider can crawl

    def _summed(self, key: str) -> dict[str, int]:
        total: Counter[str] = Counter()
        for run in self.runs:
            total.update(run.get(key) or {})
        return dict(sorted(total.items()))

    @property
    def drop_reasons(self) -> dict[str, int]:
        return self._summed("drop_reasons")

    @property
    def errors(self) -> dict[str, int]:
        return self._summed("errors")


@dataclass(frozen=True)
class _Job:
    source_name: str
    spider: str
    url: str | None  # passed as -a url= when set (ad hoc feeds); otherwise the spider resolves the source
    target: str | None = None  # the URL the crawl starts from, whichever way it is passed


# politeness delays protect other people's servers; a loopback site (the demo, a test fixture) is our own
LOOPBACK_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def politeness_for(url: str | None, allow_private: bool) -> dict:
    """Settings that lift the crawl delays, for a loopback target the caller allowed; else none.

    >>> politeness_for("http://127.0.0.1:8080/feed.xml", True)["DOWNLOAD_DELAY"]
    0
    >>> politeness_for("https://tass.com/rss", True), politeness_for("http://127.0.0.1/f", False)
    ({}, {})
    """
    host = (urlsplit(url or "").hostname or "").lower()
    if not allow_private or not host:
        return {}
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return {}
    return dict(LOOPBACK_SETTINGS) if loopback else {}


def enabled_source(conn: psycopg.Connection, name: str) -> dict:
    """The `sources` row of a name asked for; CrawlError when it is unknown or switched off (a typo must not
    pass for a quiet feed)."""
    source = find_source(conn, name)
    if source is None:
        raise CrawlError(f"no source named {name!r} in the sources table or {REGISTRY_PATH}")
    if not source["enabled"]:
        raise CrawlError(f"source {name!r} is disabled (sources.enabled = false)")
    return source


def spider_for(source: dict) -> str:
    """The spider that crawls a `sources` row."""
    kind = source["kind"]
    if kind in SPIDER_FOR_KIND:
        return SPIDER_FOR_KIND[kind]
    host = (urlsplit(source["url"]).hostname or "").lower()
    for domain, spider in LISTING_SPIDERS.items():
        if host == domain or host.endswith("." + domain):
            return spider
    raise CrawlError(
        f"source {source['name']!r}: no listing spider knows {host}; "
        f"add one under crawlers/spiders/ and to LISTING_SPIDERS"
    )


def _bool_setting(value: bool) -> str:
    return "1" if value else "0"


def _plan(
    conn: psycopg.Connection, *, sources: list[str] | None, feed_url: str | None, spider: str | None
) -> tuple[list[_Job], list[str]]:
    """The crawls to run, and the enabled sources left out (only when crawling "everything")."""
    jobs: list[_Job] = []
    skipped: list[str] = []
    if feed_url:
        name = register_feed(conn, feed_url)
        jobs.append(_Job(name, spider or "feed", feed_url, feed_url))
    crawl_all = sources is None and feed_url is None
    if crawl_all:
        sources = enabled_source_names(conn)
    for name in sources or []:
        source = enabled_source(conn, name)
        try:
            jobs.append(_Job(name, spider or spider_for(source), None, source["url"]))
        except CrawlError as exc:
            if not crawl_all:
                raise
            # one source without a spider must not stop the daily crawl of all the others
            skipped.append(f"{name}: {exc}")
    return jobs, skipped


def _command(
    job: _Job,
    *,
    run_id: int,
    since: datetime.date | None,
    until: datetime.date | None = None,
    allow_private: bool,
    prefilter: bool,
    extra_settings: dict | None,
) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", job.spider, "-a", f"source={job.source_name}"]
    if job.url:
        cmd += ["-a", f"url={job.url}"]
    if since:
        cmd += ["-a", f"since={since.isoformat()}"]
    if until:
        cmd += ["-a", f"until={until.isoformat()}"]
    settings = {
        "IRWATCH_STORE": "1",
        "IRWATCH_CRAWL_RUN_ID": str(run_id),
        "IRWATCH_PREFILTER": _bool_setting(prefilter),
        **{k: str(v) for k, v in (extra_settings or {}).items()},
    }
    if allow_private:
        # otherwise the crawler's own setting applies: the environment's IRWATCH_ALLOW_PRIVATE policy, which
        # an operator may set to a network list for an intranet source; closed by default
        settings["IRWATCH_ALLOW_PRIVATE"] = "1"
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def run_crawl(
    dsn: str,
    *,
    sources: list[str] | None = None,
    feed_url: str | None = None,
    spider: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    allow_private: bool = False,
    prefilter: bool = True,
    timeout: float | None = None,
    extra_settings: dict | None = None,
    progress: Callable[[str], None] | None = None,
    sync_registry: bool = True,
) -> CrawlSummary:
    """Crawl the named sources (all enabled ones when neither sources nor feed_url is given).

    Raises CrawlError before crawling on unknown/disabled sources, and CrawlFailed
    after every job has run when any subprocess failed or ran longer than `timeout` seconds
    (it is killed; the others are kept).
    """
    say = progress or (lambda _line: None)
    with psycopg.connect(dsn, autocommit=True) as conn:
        if sync_registry and Path(REGISTRY_PATH).exists():
            sync_sources(conn, load_registry())
        jobs, skipped = _plan(conn, sources=sources, feed_url=feed_url, spider=spider)

    summary = CrawlSummary(skipped=skipped)
    for line in skipped:
        say(f"skipping {line}")
    failures: list[tuple[str, str]] = []
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawlers.settings", "IRWATCH_DSN": dsn}
    for job in jobs:
        with psycopg.connect(dsn, autocommit=True) as conn:
            run_id = crawl_runs.open_run(
                conn, job.source_name, job.spider, crawl_runs.source_id(conn, job.source_name)
            )
        say(f"crawling {job.source_name} with spider {job.spider} (crawl_run {run_id})")
        cmd = _command(
            job,
            run_id=run_id,
            since=since,
            until=until,
            allow_private=allow_private,
            prefilter=prefilter,
            extra_settings={**politeness_for(job.target, allow_private), **(extra_settings or {})},
        )
        with tempfile.NamedTemporaryFile(
            "w+", prefix=f"irwatch-crawl-{run_id}-", suffix=".log", delete=False
        ) as log:
            log_path = Path(log.name)
            try:
                returncode = subprocess.run(
                    cmd,
                    cwd=PROJECT_ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    check=False,
                    timeout=timeout,
                ).returncode
                why = f"exit code {returncode}"
            except subprocess.TimeoutExpired:
                # subprocess.run has killed it; what it stored before stays stored
                returncode = None
                why = f"timed out after {timeout:g} s and was killed"
        with psycopg.connect(dsn, autocommit=True) as conn:
            run = crawl_runs.read_run(conn, run_id)
            if returncode != 0 or run["status"] != "finished":
                message = f"{why}, crawl_runs.status {run['status']!r}; last lines of {log_path}:\n{_tail(log_path)}"
                crawl_runs.fail_run(conn, run_id, message)
                run = crawl_runs.read_run(conn, run_id)
                failures.append((job.source_name, message))
                say(f"FAILED {job.source_name}: {why} (log: {log_path})")
            else:
                log_path.unlink(missing_ok=True)
        stats = run.pop("stats") or {}
        summary.new_articles += int(stats.get("irwatch/store/new", 0))
        summary.new_versions += int(stats.get("irwatch/store/version", 0))
        summary.unchanged += int(stats.get("irwatch/store/unchanged", 0))
        run["not_modified"] = int(stats.get("irwatch/not_modified", 0))
        run["index_failed"] = int(stats.get("irwatch/index_failed", 0))
        summary.runs.append(run)
        if run["status"] == "finished":
            say(
                f"crawled {job.source_name}: {run['requests']} requests, {run['articles_kept']} kept, "
                f"{run['articles_dropped']} dropped"
            )
    if failures:
        raise CrawlFailed(failures, summary)
    return summary
