"""`irwatch demo`: the whole pipeline, offline, on the bundled demo site.

Starts (or reuses) the embedded PostgreSQL, serves irwatch/demo_site on a free
loopback port, runs an SMTP sink that saves every email under .irwatch/mail/,
then crawl -> tag -> alert -> send, and prints what was found. Running it again
finds nothing new: every stage is keyed so a rerun changes nothing.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import timedelta

from irwatch.config import Settings
from irwatch.db import connect, describe_dsn, resolve_dsn
from irwatch.demo_server import DemoSite
from irwatch.mailsink import MailSink
from irwatch.run import migrate_stage, run_pipeline
from irwatch.store.report import EXAMPLE_QUERIES, caatsa_alerts, dropped_in_runs, mentions_by_type

DEMO_SOURCE = "meridian-ledger-demo"
LOCAL_SITE_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def run_demo(settings: Settings, out=print) -> int:
    dsn = resolve_dsn(settings)
    out(f"irwatch demo: database {describe_dsn(dsn)}" + ("" if settings.dsn else f" (embedded, {settings.pgdata})"))
    applied = migrate_stage(dsn)
    if applied:
        out(f"[migrate] applied {', '.join(applied)}")
    from irwatch.sources import register_feed

    with DemoSite() as site, MailSink(settings.mail_dir) as sink:
        out(f"demo site at {site.base_url}/ ; SMTP sink on 127.0.0.1:{sink.port}, mail saved in {settings.mail_dir}")
        with connect(dsn) as conn:
            # the demo site gets a new port each run; its source keeps its name and history
            name = register_feed(conn, site.feed_url, name=DEMO_SOURCE, title="The Meridian Ledger (demo)",
                                 repoint=True)
        smtp = replace(settings.smtp, host="127.0.0.1", port=sink.port, user=None, password=None, starttls=False)
        summary = run_pipeline(
            dsn, settings, sources=[name], allow_private=True, smtp=smtp,
            # the demo is the only sender: a claim left by a killed run can be retried at once
            reclaim_after=timedelta(0), progress=out,
            # politeness delays protect other people's servers; this one is ours, on loopback
            crawl_settings=LOCAL_SITE_SETTINGS,
            # the demo site is an archive (2021-2025 stories): alert on it as a backfill asked to
            alert_old=True,
        )
        delivered = len(sink.messages)
    _print_summary(dsn, summary, delivered, settings, out)
    return 0


def _print_summary(dsn, summary, delivered, settings, out) -> None:
    crawl = summary.crawl
    fetched = sum(r.get("requests", 0) for r in crawl.runs)
    kept = sum(r.get("articles_kept", 0) for r in crawl.runs)
    dropped = sum(r.get("articles_dropped", 0) for r in crawl.runs)
    out("")
    out("== summary " + "=" * 60)
    out(f"crawl     {fetched} requests, {kept} articles kept ({crawl.new_articles} new, {crawl.new_versions} changed, "
        f"{crawl.unchanged} unchanged), {dropped} dropped")
    run_ids = [r["crawl_run_id"] for r in crawl.runs if r.get("crawl_run_id")]
    with connect(dsn) as conn:
        totals = mentions_by_type(conn)
        alerts = caatsa_alerts(conn)
        dropped_urls = dropped_in_runs(conn, run_ids)
    for reason, count in sorted(crawl.drop_reasons.items(), key=lambda kv: -kv[1]):
        out(f"          dropped {count:>3}  {reason}")
    for code, url in dropped_urls:
        out(f"                       {code}: {url.split('/', 3)[-1]}")
    for kind, count in sorted(crawl.errors.items(), key=lambda kv: -kv[1]):
        out(f"          error   {count:>3}  {kind}")
    tag = summary.tag
    out(f"tag       {tag.articles} articles tagged this run ({tag.relevant} relevant), {tag.mentions} new mentions")
    out("mentions  " + ", ".join(f"{t}: {n}" for t, n in totals.items()) + "  (all runs)")
    out(f"stories   {summary.cluster.articles} articles clustered this run: {summary.cluster.new_stories} stories, "
        f"{summary.cluster.joined} copies joined")
    out(f"alerts    {summary.alerts.queued} new CAATSA stories alerted, {summary.alerts.updates} updates, "
        f"{summary.alerts.duplicates} copies added to alerted stories (no email); "
        f"{summary.send.sent} emailed now, {delivered} received by the sink")
    for alert_id, status, development, headline, sentence, outlets in alerts:
        out(f"  #{alert_id} [{status}] CAATSA {development}: {headline} ({outlets} "
            f"{'outlet' if outlets == 1 else 'outlets'})")
        out(textwrap.indent(textwrap.fill(sentence, 96), "      "))
    if crawl.new_articles == 0 and crawl.new_versions == 0 and tag.mentions == 0 and summary.alerts.queued == 0:
        out("nothing new: every article, mention and alert was already stored (the run is idempotent)")
    out("")
    out("Query the data:  .venv/bin/irwatch db psql   (or --reader for the read-only role)")
    for title, query in EXAMPLE_QUERIES.items():
        out(f"-- {title}")
        out(query)
    out(f"Emails: {settings.mail_dir}/*.eml")
