"""`irwatch demo`: the whole pipeline, offline, on the bundled demo site.

Starts (or reuses) the embedded PostgreSQL, serves irwatch/demo_site on a free
loopback port, runs an SMTP sink that saves every email under .irwatch/mail/,
then crawl -> tag -> alert -> send, and prints what was found. Running it again
finds nothing new: every stage is keyed so a rerun changes nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from irwatch.config import Settings
from irwatch.db import connect, describe_dsn, resolve_dsn
from irwatch.demo_server import DemoSite
from irwatch.mailsink import MailSink
from irwatch.run import migrate_stage, run_pipeline
from irwatch.store.report import EXAMPLE_QUERIES, caatsa_alerts, dropped_in_runs, mentions_by_type

DEMO_SOURCE = "meridian-ledger-demo"
# The bundled site also serves two fictional outlets in Russian and Hindi, each with its own feed, so the
# deals register shows one deal reported by three outlets in three languages. (name, feed path, title)
DEMO_SOURCES = (
    (DEMO_SOURCE, "/feed.xml", "The Meridian Ledger (demo)"),
    ("severny-vestnik-demo", "/feed-ru.xml", "Северный вестник (demo, Russian)"),
    ("prabhat-samachar-demo", "/feed-hi.xml", "प्रभात समाचार (demo, Hindi)"),
)
# one row per deal event of an article's current version, with the article's identified language.
# Belongs with the other report queries in irwatch/store/report.py: this branch (ru-crawl) could not edit
# irwatch/store/, so it sits here until the merge moves it.
DEAL_REGISTER_QUERY = """
select t.system, t.counterparty, t.programme, t.deal_status, t.deal_status_since,
       t.event_date, a.language, t.outlet, t.event_status, t.conflicts
from v_deals_timeline t
join articles a on a.article_id = t.article_id
order by t.system, t.counterparty, t.programme, t.event_date nulls last, t.deal_event_id
"""
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
            # the demo site gets a new port each run; its sources keep their names and history
            names = [register_feed(conn, site.base_url + path, name=name, title=title, repoint=True)
                     for name, path, title in DEMO_SOURCES]
        smtp = replace(settings.smtp, host="127.0.0.1", port=sink.port, user=None, password=None, starttls=False)
        summary = run_pipeline(
            dsn, settings, sources=names, allow_private=True, smtp=smtp,
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
    with connect(dsn) as conn:
        register = deal_register(conn)
    for line in deal_register_lines(register):
        out(line)
    if crawl.new_articles == 0 and crawl.new_versions == 0 and tag.mentions == 0 and summary.alerts.queued == 0:
        out("nothing new: every article, mention and alert was already stored (the run is idempotent)")
    out("")
    out("Query the data:  .venv/bin/irwatch db psql   (or --reader for the read-only role)")
    for title, query in EXAMPLE_QUERIES.items():
        out(f"-- {title}")
        out(query)
    out(f"Emails: {settings.mail_dir}/*.eml")


def deal_register(conn) -> list[dict]:
    """Every deal event of the articles' current versions, with language and outlet, in deal and time order."""
    cursor = conn.execute(DEAL_REGISTER_QUERY)
    columns = [c.name for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def deal_register_lines(rows: Iterable[dict]) -> list[str]:
    """The deals register as printed: each deal, then its reports (day, language, outlet, status) in time order.

    Reports in every language sit under the one deal they are about, so a Russian wire report and an English
    newspaper's follow-up of the same delivery read as one history.

    >>> from datetime import date
    >>> row = dict(system="S-400", counterparty="Russia", programme="2018", deal_status="delivered",
    ...            deal_status_since=date(2021, 11, 14), event_date=date(2021, 11, 14), language="ru",
    ...            outlet="severny-vestnik-demo", event_status="delivered", conflicts=False)
    >>> print("\\n".join(deal_register_lines([row])))
    deals     1 deal (reports: day, language, outlet, status)
      S-400 · Russia · 2018: delivered since 2021-11-14, 1 report (ru)
          2021-11-14  ru  severny-vestnik-demo      delivered
    """
    deals: dict[tuple, list[dict]] = {}
    for row in rows:
        deals.setdefault((row["system"], row["counterparty"], row["programme"]), []).append(row)
    if not deals:
        return ["deals     none in the register"]
    lines = [f"deals     {len(deals)} {'deal' if len(deals) == 1 else 'deals'} (reports: day, language, outlet, status)"]
    for key, events in deals.items():
        first = events[0]
        label = " · ".join(part for part in key if part and part != "unspecified")
        since = f" since {first['deal_status_since']}" if first["deal_status_since"] else ""
        languages = ", ".join(sorted({e["language"] or "?" for e in events}))
        count = f"{len(events)} {'report' if len(events) == 1 else 'reports'}"
        lines.append(f"  {label}: {first['deal_status'] or 'unknown'}{since}, {count} ({languages})")
        for e in events:
            day = e["event_date"].isoformat() if e["event_date"] else "?"
            flag = "  (conflicts with the deal's stage)" if e["conflicts"] else ""
            lines.append(f"      {day:<10}  {e['language'] or '?':<2}  {e['outlet']:<24}  {e['event_status']}{flag}")
    return lines
