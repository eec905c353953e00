"""Maintenance and backfill stage functions on a real database: source alarms mailed once a day, pruning that
keeps provenance, backfill chunks that resume, and the failure callback that never raises."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from irwatch import maintenance
from irwatch.airflow_support import notify_failure
from irwatch.backfill import BackfillError, chunk_windows, crawl_chunk, plan_backfill
from irwatch.config import SmtpSettings
from irwatch.demo_server import DemoSite
from irwatch.ingest import SourceGroupFailed, group_by_host, host_key
from irwatch.mailsink import MailSink, free_port
from irwatch.store import crawl_runs
from irwatch.store.sources import sync


def _source(name: str, url: str, kind: str = "feed") -> dict:
    return {"name": name, "title": name, "kind": kind, "url": url, "homepage": url, "tier": "media",
            "country": "IN", "language": "en", "confirmed": True}


@pytest.mark.parametrize(("url", "key"), [
    ("https://tass.com/rss/v2.xml", "tass.com"),
    ("https://WWW.Example.org:8443/feed", "www.example.org:8443"),
    ("http://127.0.0.1:8001/feed.xml", "127.0.0.1:8001"),
])
def test_host_key(url, key):
    assert host_key(url) == key


def test_sources_of_one_host_share_a_task():
    groups = group_by_host([_source("b", "https://x.org/b"), _source("c", "https://y.org/"),
                            _source("a", "https://x.org/a")])
    assert groups == [{"group": "x.org", "sources": ["a", "b"]}, {"group": "y.org", "sources": ["c"]}]


@pytest.mark.parametrize(("since", "until", "days", "count", "last"), [
    (date(2024, 1, 1), date(2024, 1, 2), 14, 1, (date(2024, 1, 1), date(2024, 1, 2))),
    (date(2024, 1, 1), date(2024, 3, 1), 30, 2, (date(2024, 1, 31), date(2024, 3, 1))),
    (date(2024, 1, 1), date(2025, 1, 1), 7, 53, (date(2024, 12, 30), date(2025, 1, 1))),
])
def test_chunk_windows_cover_the_range_without_overlap(since, until, days, count, last):
    windows = chunk_windows(since, until, days)
    assert len(windows) == count and windows[-1] == last and windows[0][0] == since
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:], strict=False))


@pytest.mark.parametrize(("since", "until", "days"), [
    (date(2024, 2, 1), date(2024, 1, 1), 7), (date(2024, 1, 1), date(2024, 1, 1), 7),
    (date(2024, 1, 1), date(2024, 2, 1), 0)])
def test_bad_backfill_ranges_are_refused(since, until, days):
    with pytest.raises(BackfillError):
        chunk_windows(since, until, days)


def test_a_failed_backfill_resumes_with_only_the_chunks_left(clean_db, conn):
    with DemoSite() as site:
        sync(conn, [_source("demo-sitemap", site.sitemap_url, "sitemap"),
                    _source("gone-sitemap", site.base_url + "/no-such-sitemap.xml", "sitemap")])
        conn.commit()
        plan = dict(since=date(2024, 1, 1), until=date(2025, 1, 1), chunk_days=183, registry=None)
        chunks = plan_backfill(clean_db, sources=["demo-sitemap", "gone-sitemap"], **plan)
        assert [(c["source"], c["start"]) for c in chunks] == [
            ("demo-sitemap", "2024-01-01"), ("demo-sitemap", "2024-07-02"),
            ("gone-sitemap", "2024-01-01"), ("gone-sitemap", "2024-07-02")]
        done = crawl_chunk(clean_db, chunks[0], allow_private=True)
        assert done["new_articles"] >= 1 and done["attempt"] == 1
        with pytest.raises(SourceGroupFailed, match="gone-sitemap 2024-01-01..2024-07-02 .attempt 1.: the archive"):
            crawl_chunk(clean_db, chunks[2], allow_private=True)
        left = plan_backfill(clean_db, sources=["demo-sitemap", "gone-sitemap"], **plan)
        assert [(c["source"], c["start"]) for c in left] == [
            ("demo-sitemap", "2024-07-02"), ("gone-sitemap", "2024-01-01"), ("gone-sitemap", "2024-07-02")]
        assert len(plan_backfill(clean_db, sources=["demo-sitemap"], force=True, **plan)) == 2
        before = conn.execute("select count(*) from articles").fetchone()[0]
        again = crawl_chunk(clean_db, chunks[0], allow_private=True)  # forced: nothing new, counted as attempt 2
        assert again["new_articles"] == 0 and again["attempt"] == 2
        assert conn.execute("select count(*) from articles").fetchone()[0] == before
        # the next chunk reads the sitemap in full: a windowed crawl neither sends nor keeps validators, or the
        # chunk after it would get a 304 and see none of its own entries
        later = crawl_chunk(clean_db, chunks[1], allow_private=True)
        assert later["new_articles"] >= 1
        assert conn.execute("select count(*) from feed_state where etag is not null or last_modified is not null"
                            ).fetchone()[0] == 0
    rows = conn.execute("select source_name, status, attempts from backfill_chunks order by 1, chunk_start").fetchall()
    assert rows == [("demo-sitemap", "finished", 2), ("demo-sitemap", "finished", 1), ("gone-sitemap", "failed", 1)]


def test_unknown_backfill_source_is_one_clear_error(clean_db):
    with pytest.raises(BackfillError, match="no source named 'nope'"):
        plan_backfill(clean_db, since=date(2024, 1, 1), until=date(2024, 2, 1), sources=["nope"], registry=None)


def test_a_hung_outlet_is_killed_at_its_deadline_and_recorded(clean_db, conn):
    from irwatch.ingest import crawl_group
    from tests.outlets import Outlets

    with Outlets(1, modes={0: "hang"}, hang_seconds=60) as outlets:
        outlets.register(conn)
        conn.commit()
        started = time.monotonic()
        with pytest.raises(SourceGroupFailed, match="outlet-0: timed out after 6 s and was killed"):
            crawl_group(clean_db, {"group": "x", "sources": ["outlet-0"]}, allow_private=True, timeout=6)
        assert time.monotonic() - started < 30
    status, errors = conn.execute("select status, errors from crawl_runs").fetchone()
    assert status == "failed" and errors == {"crawl-process": 1}


def _failed_runs(conn, name: str, n: int) -> None:
    for _ in range(n):
        run_id = crawl_runs.open_run(conn, name, "feed", crawl_runs.source_id(conn, name))
        crawl_runs.fail_run(conn, run_id, "exit code 1")


def test_unhealthy_sources_are_a_view_row_and_one_email_a_day(clean_db, conn, tmp_path):
    sync(conn, [_source("flaky", "https://flaky.example/feed"), _source("fine", "https://fine.example/feed")])
    _failed_runs(conn, "flaky", 4)
    conn.commit()
    assert [r[0] for r in conn.execute("select source_name, problem from v_source_alarms").fetchall()] == ["flaky"]
    with MailSink(tmp_path / "mail") as sink:
        smtp = SmtpSettings(host="127.0.0.1", port=sink.port)
        day = date(2026, 12, 1)
        assert maintenance.check_sources(clean_db, smtp, ["ops@example.org"], day) == {"alarms": 1, "emailed": True}
        again = maintenance.check_sources(clean_db, smtp, ["ops@example.org"], day)
        assert again == {"alarms": 1, "emailed": False, "already_sent": True}
        messages = list(sink.messages)
    assert len(messages) == 1
    assert messages[0]["Subject"] == "[irwatch] 1 source(s) unhealthy on 2026-12-01"
    body = messages[0].get_content()
    assert "flaky: error rate (4 of 4 crawls failed in 7 days, 100%)" in body and "fine" not in body


def test_a_dead_smtp_server_leaves_the_notice_to_retry(clean_db, conn):
    sync(conn, [_source("flaky", "https://flaky.example/feed")])
    _failed_runs(conn, "flaky", 3)
    conn.commit()
    dead = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(OSError):
        maintenance.check_sources(clean_db, dead, ["ops@example.org"], date(2026, 12, 1))
    # the claim rolled back with the failure: the retry may still send
    assert conn.execute("select count(*) from upkeep_notices").fetchone()[0] == 0


def test_pruning_keeps_runs_that_stored_something(clean_db, conn, tmp_path):
    from tests.factories import add_article, add_crawl_run

    sync(conn, [_source("src", "https://src.example/feed")])
    long_ago, now = datetime.now(UTC) - timedelta(days=60), datetime.now(UTC)
    old_empty = add_crawl_run(conn, None, "src", started_at=long_ago)
    old_used = add_crawl_run(conn, None, "src", started_at=long_ago)
    recent = add_crawl_run(conn, None, "src", started_at=now)
    article_id = add_article(conn, "https://src.example/a", "A title", "Some text of ours.", source="src")
    conn.execute("update articles set crawl_run_id = %s where article_id = %s", (old_used, article_id))
    conn.commit()
    old_log, new_log = tmp_path / "irwatch-crawl-1-x.log", tmp_path / "irwatch-crawl-2-y.log"
    old_log.write_text("old")
    new_log.write_text("new")
    sixty_days_ago = time.time() - 60 * 86400
    os.utime(old_log, (sixty_days_ago, sixty_days_ago))
    result = maintenance.prune(clean_db, datetime.now(UTC), keep_days=30, log_dir=tmp_path)
    assert (result["crawl_runs"], result["log_files"]) == (1, 1)
    left = [r[0] for r in conn.execute("select crawl_run_id from crawl_runs order by 1").fetchall()]
    assert left == [old_used, recent] and old_empty not in left
    assert not old_log.exists() and new_log.exists()
    assert maintenance.prune(clean_db, datetime.now(UTC), keep_days=30, log_dir=tmp_path)["crawl_runs"] == 0


def test_analyze_runs_on_every_stage_table(clean_db):
    assert "mentions" in maintenance.analyze_database(clean_db)


def test_the_failure_callback_mails_the_operator_and_never_raises(monkeypatch, tmp_path):
    class TI:
        dag_id, task_id, map_index, run_id, try_number = "irwatch_ingest", "crawl_group", 2, "scheduled__1", 1
        log_url = "http://localhost:8080/dags/irwatch_ingest/runs/scheduled__1/tasks/crawl_group?map_index=2"

    error = RuntimeError("tass.com: exit code 1\r\nBcc: everyone@example.org")
    monkeypatch.setenv("IRWATCH_OPERATOR_TO", "ops@example.org")
    monkeypatch.setenv("IRWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IRWATCH_SMTP_PORT", str(free_port()))
    notify_failure({"ti": TI(), "exception": error})  # a dead server: logged, not raised
    with MailSink(tmp_path / "mail") as sink:
        monkeypatch.setenv("IRWATCH_SMTP_PORT", str(sink.port))
        notify_failure({"ti": TI(), "exception": error})
        messages = list(sink.messages)
    assert len(messages) == 1
    assert messages[0]["Subject"] == "[irwatch] task failed: irwatch_ingest.crawl_group[2]"
    assert messages[0]["Bcc"] is None
    body = messages[0].get_content()
    assert "Error: RuntimeError: tass.com: exit code 1" in body and TI.log_url in body


def test_the_weekly_brief_waits_for_monday_morning_ist():
    monday_0700_ist = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)
    assert maintenance.brief_due(monday_0700_ist)
    assert not maintenance.brief_due(monday_0700_ist - timedelta(days=1))
    assert maintenance.weekly_brief(None, monday_0700_ist + timedelta(days=1))["due"] is False


def test_the_maintenance_run_mails_the_brief_once_per_week(clean_db, monkeypatch, tmp_path):
    from irwatch.config import load_settings

    with MailSink(tmp_path / "mail") as sink:
        monkeypatch.setenv("IRWATCH_DSN", clean_db)
        monkeypatch.setenv("IRWATCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("IRWATCH_SMTP_PORT", str(sink.port))
        monkeypatch.setenv("IRWATCH_BRIEF_TO", "desk@example.org")
        monday = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)
        first = maintenance.weekly_brief(load_settings(), monday)
        again = maintenance.weekly_brief(load_settings(), monday + timedelta(hours=2))  # a retried task
        messages = list(sink.messages)
    assert first == {"due": True, "period": "2026-W48", "sent": 1, "already_sent": 0}
    assert again == {"due": True, "period": "2026-W48", "sent": 0, "already_sent": 1}
    assert len(messages) == 1 and "2026-W48" in messages[0]["Subject"]
