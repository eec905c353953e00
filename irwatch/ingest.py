"""The scheduled crawl, split so that each source group is its own (mapped) Airflow task.

    groups = plan_crawl(dsn, sources=None)          # [{"group": "tass.com", "sources": ["tass-world", …]}, …]
    counts = crawl_group(dsn, groups[0], timeout=600)

A group is every enabled source on one host (host:port): one task crawls a host's sources one after another,
so two crawls never hit one site at once, while different hosts spread over workers. A group whose crawl
process dies, times out, or whose feed/sitemap/listing itself cannot be fetched raises `SourceGroupFailed`
after storing whatever it did fetch: that one task fails and retries; the other groups are untouched.
Tasks pass these small dicts (names, ids, counts), never article bodies.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from irwatch.crawl import CrawlError, CrawlFailed, CrawlSummary, enabled_source, run_crawl, spider_for
from irwatch.sources import REGISTRY_PATH, load_registry, register_feed, sync_sources
from irwatch.store.sources import enabled_source_names


class SourceGroupFailed(RuntimeError):
    """A source group's crawl failed; what it stored before failing stays stored."""


def host_key(url: str) -> str:
    """The politeness unit: host and port, lower-cased.

    >>> host_key("https://TASS.com/rss/v2.xml"), host_key("http://127.0.0.1:8001/feed.xml")
    ('tass.com', '127.0.0.1:8001')
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def group_by_host(sources: list[dict]) -> list[dict]:
    """[{name, url}] -> [{"group": host, "sources": [names…]}], hosts and names sorted (a stable map index).

    >>> group_by_host([{"name": "b", "url": "http://x.org/2"}, {"name": "a", "url": "http://x.org/1"},
    ...                {"name": "c", "url": "http://y.org/"}])
    [{'group': 'x.org', 'sources': ['a', 'b']}, {'group': 'y.org', 'sources': ['c']}]
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        groups[host_key(source["url"])].append(source["name"])
    return [{"group": host, "sources": sorted(names)} for host, names in sorted(groups.items())]


def plan_crawl(dsn: str, *, sources: list[str] | None = None, feed_url: str | None = None,
               registry: Path | str | None = REGISTRY_PATH) -> list[dict]:
    """Sync the registry into `sources`, then the source groups to crawl (all enabled ones by default).

    An unknown or disabled name raises CrawlError (a typo must not pass for a quiet feed); an enabled source
    that no spider can crawl is left out with its reason in the group list's `skipped` entry.
    """
    with psycopg.connect(dsn, autocommit=True) as conn:
        if registry and Path(registry).exists():
            sync_sources(conn, load_registry(registry))
        if feed_url:
            name = register_feed(conn, feed_url)
            return [{"group": host_key(feed_url), "sources": [name], "feed_url": feed_url}]
        names = list(sources) if sources else enabled_source_names(conn)
        rows, skipped = [], []
        for name in names:
            source = enabled_source(conn, name)
            try:
                spider_for(source)
            except CrawlError as exc:
                if sources:
                    raise
                skipped.append(str(exc))
                continue
            rows.append({"name": name, "url": source["url"]})
    groups = group_by_host(rows)
    if skipped and groups:
        groups[0] = {**groups[0], "skipped": skipped}
    return groups


def down_sources(summary: CrawlSummary) -> list[str]:
    """The sources whose feed, sitemap or listing itself could not be fetched in this crawl."""
    return [run["source_name"] for run in summary.runs if run.get("index_failed")]


def failure_reasons(exc: CrawlFailed) -> str:
    """One line per failed crawl process: `name: first line of its message`."""
    return "; ".join(f"{name}: {message.splitlines()[0]}" for name, message in exc.failures)


def _counts(group: dict, summary: CrawlSummary) -> dict:
    return {
        "group": group["group"],
        "sources": group["sources"],
        "crawl_runs": [run["crawl_run_id"] for run in summary.runs],
        "new_articles": summary.new_articles,
        "new_versions": summary.new_versions,
        "unchanged": summary.unchanged,
        "requests": sum(int(run.get("requests") or 0) for run in summary.runs),
        "not_modified": sum(int(run.get("not_modified") or 0) for run in summary.runs),
        "dropped": summary.drop_reasons,
        "errors": summary.errors,
    }


def crawl_group(dsn: str, group: dict, *, since: date | None = None, until: date | None = None,
                allow_private: bool = False, timeout: float | None = None,
                extra_settings: dict | None = None) -> dict:
    """Crawl one group's sources in turn; its counts, or SourceGroupFailed naming what failed and why."""
    try:
        if group.get("feed_url"):
            summary = run_crawl(dsn, feed_url=group["feed_url"], since=since, until=until,
                                allow_private=allow_private, timeout=timeout, extra_settings=extra_settings,
                                sync_registry=False)
        else:
            summary = run_crawl(dsn, sources=group["sources"], since=since, until=until,
                                allow_private=allow_private, timeout=timeout, extra_settings=extra_settings,
                                sync_registry=False)
    except CrawlFailed as exc:
        raise SourceGroupFailed(f"{group['group']}: {failure_reasons(exc)} (stored before failing: "
                                f"{exc.summary.new_articles} new articles)") from exc
    down = down_sources(summary)
    if down:
        errors = ", ".join(f"{k}={v}" for k, v in summary.errors.items())
        raise SourceGroupFailed(f"{group['group']}: the index of {', '.join(down)} could not be fetched "
                                f"({errors}); {summary.new_articles} new articles stored from the rest")
    return _counts(group, summary)
