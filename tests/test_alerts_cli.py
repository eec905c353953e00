"""`irwatch alerts list|preview|retry|rules` and the send summary, through the CLI on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from irwatch.alerts import queue_alerts
from irwatch.cli import main
from irwatch.cluster import cluster_pending
from tests.factories import add_article, add_caatsa_mention

SENTENCE = "Lawmakers asked that India be spared CAATSA penalties over the missile batteries."


@pytest.fixture
def cli_env(clean_db, conn, monkeypatch, tmp_path):
    monkeypatch.setenv("IRWATCH_DSN", clean_db)
    monkeypatch.setenv("IRWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("IRWATCH_ALERT_TO", "desk@example.org")
    article = add_article(conn, "https://a.example/1", "Waiver sought <b>now</b>", SENTENCE)
    add_caatsa_mention(conn, article, SENTENCE, status="discussed")
    conn.commit()
    cluster_pending(conn)
    queue_alerts(conn, ["desk@example.org"], now=datetime(2022, 7, 15, tzinfo=UTC))
    return conn


def test_list_shows_the_queued_alert(cli_env, capsys):
    assert main(["alerts", "list"]) == 0
    out = capsys.readouterr().out
    assert "pending" in out and "caatsa" in out and "discussed" in out and "(1 outlets)" in out


def test_preview_renders_the_next_email_to_a_file(cli_env, capsys, tmp_path):
    assert main(["alerts", "preview"]) == 0
    path = capsys.readouterr().out.strip()
    from email import message_from_bytes, policy

    message = message_from_bytes(open(path, "rb").read(), policy=policy.default)
    assert path.endswith(".eml") and message["Subject"].startswith("[irwatch] CAATSA discussed")
    html = message.get_body(("html",)).get_content()
    assert "<b>now</b>" not in html and "&lt;b&gt;now&lt;/b&gt;" in html  # the HTML part escapes the headline


def test_retry_queues_a_failed_alert_and_refuses_a_sent_one(cli_env, capsys):
    cli_env.execute("update alerts set status = 'failed', attempts = 5")
    cli_env.commit()
    assert main(["alerts", "retry", "1"]) == 0
    assert cli_env.execute("select status, attempts from alerts").fetchone() == ("pending", 0)
    cli_env.execute("update alerts set status = 'sent'")
    cli_env.commit()
    assert main(["alerts", "retry", "1"]) == 2
    assert "only a failed or pending alert is retried" in capsys.readouterr().err


def test_rules_lists_the_yaml_rule_and_its_counts(cli_env, capsys):
    assert main(["alerts", "rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("caatsa") and "immediate" in out and "IRWATCH_ALERT_TO" in out and "0 sent, 1 queued" in out


def test_status_reports_failed_alerts(cli_env, capsys):
    cli_env.execute("update alerts set status = 'failed', attempts = 5, last_error = 'smtp unreachable: x'")
    cli_env.commit()
    assert main(["status"]) == 0
    assert "1 alerts failed after their last attempt" in capsys.readouterr().out
