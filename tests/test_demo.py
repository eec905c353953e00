"""`irwatch demo` end to end, as a user runs it: a subprocess, real HTTP, PostgreSQL, SMTP.

Also the promise that matters most: killing it half-way and running it again leaves
no duplicate rows and no duplicate emails.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _env(dsn: str, home: Path) -> dict:
    return {**os.environ, "IRWATCH_DSN": dsn, "IRWATCH_HOME": str(home), "IRWATCH_ALERT_TO": "desk@example.org"}


def _demo(dsn: str, home: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "irwatch.cli", "demo"], cwd=ROOT, env=_env(dsn, home),
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout


def _counts(dsn: str) -> dict:
    with psycopg.connect(dsn) as conn:
        return {
            "articles": conn.execute("select count(*) from articles").fetchone()[0],
            "distinct_urls": conn.execute("select count(distinct canonical_url) from articles").fetchone()[0],
            "versions": conn.execute("select count(*) from article_versions").fetchone()[0],
            "mentions": conn.execute("select count(*) from mentions").fetchone()[0],
            "alerts": conn.execute("select count(*) from alerts where status <> 'suppressed'").fetchone()[0],
            "sent": conn.execute("select count(*) from alerts where status = 'sent'").fetchone()[0],
        }


def _received(output: str) -> int:
    return int(re.search(r"(\d+) received by the sink", output).group(1))


def test_demo_prints_the_summary_and_a_rerun_finds_nothing_new(clean_db, tmp_path):
    first = _demo(clean_db, tmp_path)
    assert "== summary" in first
    assert re.search(r"crawl\s+\d+ requests, 1[2-9] articles kept", first), first
    assert "off-topic" in first and "404" in first  # drop reasons are named
    assert re.search(r"deal: \d+", first) and re.search(r"sanction: \d+", first) and re.search(r"trade_figure: \d+", first)
    assert "CAATSA" in first and "select " in first
    counts = _counts(clean_db)
    assert counts["articles"] >= 12 and counts["sent"] >= 1
    assert _received(first) == counts["sent"]
    emails = sorted(p.name for p in (tmp_path / "mail").glob("*.eml"))
    assert len(emails) == counts["sent"]

    second = _demo(clean_db, tmp_path)
    assert "nothing new" in second, second
    assert _counts(clean_db) == counts
    assert _received(second) == 0
    assert sorted(p.name for p in (tmp_path / "mail").glob("*.eml")) == emails


def _killed_at(dsn: str, home: Path, kill_at: str) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "irwatch.cli", "demo"], cwd=ROOT, env=_env(dsn, home),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith(kill_at):
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert any(line.startswith(kill_at) for line in seen), "".join(seen)


def test_killed_half_way_twice_then_rerun_leaves_no_duplicates(clean_db, tmp_path):
    # killed while tagging, then killed again once the alerts are being judged: each run resumes the last
    _killed_at(clean_db, tmp_path, "[tag] tagged")
    _killed_at(clean_db, tmp_path, "[alert]")
    rerun = _demo(clean_db, tmp_path)
    after = _counts(clean_db)
    assert after["articles"] == after["distinct_urls"] >= 12
    assert after["versions"] == after["articles"]
    assert after["sent"] == after["alerts"] >= 1
    # every alert was delivered exactly once over SMTP, across the killed runs and the rerun
    assert _received(rerun) == after["sent"]
    assert len(list((tmp_path / "mail").glob("*.eml"))) == after["sent"]
    # (that a further rerun finds nothing new is the first test's second half)
