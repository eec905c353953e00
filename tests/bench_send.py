"""Alert delivery: sender throughput against bare smtplib, and the time from an article's load to its email.

    python -m tests.bench_send [--alerts 300]

  sender      emails/s of `irwatch send` (claim, render both templates with the story's outlets, SMTP, mark
              sent) into a local SMTP server (aiosmtpd in its own process), against bare smtplib sending the
              same number of pre-built messages over one connection to it, in the same run (target >= 50/s)
  latency     for `irwatch run` on the demo site: from each alerted article's row being stored to its email
              reaching the SMTP server (median and max), and the whole run's wall time

Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import random
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import psycopg

from irwatch.alerts import queue_alerts
from irwatch.cluster import cluster_pending
from irwatch.config import SmtpSettings, load_settings
from irwatch.db import resolve_dsn
from irwatch.mail import send_pending
from irwatch.mailsink import MailSink, free_port
from tests.scratch_db import scratch_database


def _seed(conn: psycopg.Connection, n: int) -> None:
    """n unrelated stories (random words, so the cluster stage keeps them apart), one CAATSA mention each."""
    now = datetime.now(UTC)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfgklmnprstvz" for b in "aeiou" for c in ("n", "r", "s", "l", "t", "m")]
    for i in range(n):
        rnd = random.Random(i)
        text = " ".join(rnd.choice(vocabulary) for _ in range(60)) + "."
        article = conn.execute(
            """insert into articles (canonical_url, url, source_name, title, text, html_sha256, text_sha256,
                                     fetched_at, published_at, relevant, relevance, tagged_version)
               values (%s, %s, 'bench', %s, %s, 'h', 'h', %s, %s, true, 0.9, 'bench') returning article_id""",
            (f"https://bench.invalid/{i}", f"https://bench.invalid/{i}", f"Bench story {i}", text, now, now),
        ).fetchone()[0]
        conn.execute(
            """insert into mentions (article_id, article_version, type, sentence, start_char, end_char,
                                     mention_start, mention_end, status, regime, caatsa, target, fields,
                                     pipeline_version)
               values (%s, 1, 'sanction', %s, 0, %s, 0, 5, 'discussed', 'CAATSA', true, 'India', '{}', 'bench')""",
            (article, text, len(text)),
        )
    conn.commit()


def _bare_smtplib(port: int, n: int) -> float:
    messages = []
    for i in range(n):
        msg = EmailMessage()
        msg["Subject"], msg["From"], msg["To"] = f"bench {i}", "bench@irwatch.invalid", "desk@example.org"
        msg["Message-ID"] = f"<bare-{i}@irwatch.invalid>"
        msg.set_content("x" * 1500)
        messages.append(msg)
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for msg in messages:
            client.send_message(msg)
    return time.perf_counter() - start


@contextmanager
def _smtp_server():
    """aiosmtpd in its own process, as a mail server is: in this one it would share our interpreter lock."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def bench_sender(server: str, n: int) -> None:
    with scratch_database(server, prefix="irwatch_bench") as dsn:
        with psycopg.connect(dsn) as conn:
            _seed(conn, n)
            cluster_pending(conn)
            queued = queue_alerts(conn, ["desk@example.org"]).queued
        with _smtp_server() as port:
            bare = _bare_smtplib(port, queued)
            with psycopg.connect(dsn) as conn:
                start = time.perf_counter()
                sent = send_pending(conn, SmtpSettings(host="127.0.0.1", port=port), limit=queued).sent
                ours = time.perf_counter() - start
        print(f"  sender: {sent} alerts emailed at {sent / ours:,.1f} emails/s; bare smtplib {queued / bare:,.1f}/s "
              f"on the same server; ratio {bare / ours * sent / queued:.2f} (target >= 50 emails/s)", flush=True)


def bench_latency(server: str) -> None:
    from irwatch.demo import DEMO_SOURCE, LOCAL_SITE_SETTINGS
    from irwatch.demo_server import DemoSite
    from irwatch.run import run_pipeline
    from irwatch.sources import register_feed

    settings = replace(load_settings(), alert_recipients=("desk@example.org",))
    with scratch_database(server, prefix="irwatch_bench") as dsn:
        with DemoSite() as site, tempfile.TemporaryDirectory() as mail, MailSink(Path(mail)) as sink:
            with psycopg.connect(dsn) as conn:
                register_feed(conn, site.feed_url, name=DEMO_SOURCE, repoint=True)
            smtp = replace(settings.smtp, host="127.0.0.1", port=sink.port)
            start = time.perf_counter()
            run_pipeline(dsn, settings, sources=[DEMO_SOURCE], allow_private=True, smtp=smtp,
                         reclaim_after=timedelta(0), crawl_settings=LOCAL_SITE_SETTINGS, alert_old=True,
                         progress=lambda _line: None)
            wall = time.perf_counter() - start
            received = len(sink.messages)
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(
                """select x.message_id, a.created_at, x.sent_at from alerts x join articles a using (article_id)
                    where x.status = 'sent'"""
            ).fetchall()
        delays = [(sent_at - loaded).total_seconds() for _mid, loaded, sent_at in rows]
        if delays:
            print(f"  latency: {len(delays)} emails; article stored -> email accepted by SMTP: median "
                  f"{statistics.median(delays):.1f} s, max {max(delays):.1f} s; whole `irwatch run` {wall:.1f} s "
                  f"({received} messages at the server)")
        else:
            print("  latency: the demo run sent no email (nothing to measure)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--alerts", type=int, default=300)
    args = parser.parse_args()
    server = resolve_dsn(load_settings())
    print(f"send bench: {args.alerts} alerts, local SMTP server (aiosmtpd), PostgreSQL "
          f"({psycopg.conninfo.conninfo_to_dict(server).get('host')})", flush=True)
    bench_sender(server, args.alerts)
    bench_latency(server)


if __name__ == "__main__":
    main()
