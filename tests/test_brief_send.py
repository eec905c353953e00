"""Emailing the brief over real SMTP (aiosmtpd, in process): one multipart/alternative message per recipient,
once per week; and `irwatch report` on the command line, its files, its --send and its one-line errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from irwatch.brief import BriefSendError, parse_week, send_brief, send_weekly_brief
from irwatch.cli import main
from irwatch.config import Settings, SmtpSettings
from irwatch.mailsink import MailSink, free_port
from irwatch.store.briefs_sent import sent_to
from tests import brief_data

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)   # Monday 08:00 IST, the week after 2026-W47
DESKS = ["desk@example.org", "trade@example.org"]


@pytest.fixture
def seeded(conn):
    brief_data.seed(conn)
    return conn


def _smtp(sink) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=sink.port)


def test_delivers_html_with_a_markdown_alternative_once_per_recipient(seeded, clean_db, tmp_path):
    with MailSink(tmp_path) as sink:
        first = send_brief(clean_db, _smtp(sink), DESKS, parse_week(brief_data.WEEK), NOW)
        again = send_brief(clean_db, _smtp(sink), DESKS, parse_week(brief_data.WEEK), NOW)
    assert (first.sent, first.skipped) == (DESKS, [])
    assert (again.sent, again.skipped) == ([], DESKS)
    assert len(sink.messages) == 2
    assert sorted(m["To"] for m in sink.messages) == DESKS                 # nobody sees the other recipients
    message = sink.messages[0]
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    assert "| relevant articles | **7** | 2 | +5 (+250%) |" in plain.get_content()
    html_part, *images = related.get_payload()
    html = html_part.get_content()
    assert [i.get_content_type() for i in images] == ["image/png"] * 3
    # each chart is referenced by the Content-ID of a part of the same message, nothing from outside
    cids = {i["Content-ID"].strip("<>") for i in images}
    assert set(re.findall(r'src="cid:([^"]+)"', html)) == cids
    assert all(i.get_content()[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "\n" not in message["Subject"] and message["Subject"].startswith("[irwatch] Weekly brief 2026-W47")
    assert sent_to(seeded, "2026-W47") == [(d, "sent", 1) for d in DESKS]


def test_a_new_recipient_gets_it_and_the_others_do_not_again(seeded, clean_db, tmp_path):
    week = parse_week(brief_data.WEEK)
    with MailSink(tmp_path) as sink:
        send_brief(clean_db, _smtp(sink), DESKS[:1], week, NOW)
        later = send_brief(clean_db, _smtp(sink), DESKS, week, NOW)
    assert (later.sent, later.skipped) == (DESKS[1:], DESKS[:1])
    assert [m["To"] for m in sink.messages] == DESKS


def test_a_dead_server_records_the_failure_and_a_rerun_delivers(seeded, clean_db, tmp_path):
    week = parse_week(brief_data.WEEK)
    dead = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(BriefSendError, match="brief 2026-W47 not sent: smtp unreachable"):
        send_brief(clean_db, dead, DESKS, week, NOW)
    assert [row[1] for row in sent_to(seeded, "2026-W47")] == ["failed", "failed"]
    with MailSink(tmp_path) as sink:
        assert send_brief(clean_db, _smtp(sink), DESKS, week, NOW).sent == DESKS
    assert sent_to(seeded, "2026-W47") == [(d, "sent", 2) for d in DESKS]


def test_send_weekly_brief_mails_the_last_complete_week(seeded, clean_db, tmp_path):
    with MailSink(tmp_path) as sink:
        settings = Settings(dsn=clean_db, home=tmp_path, alert_recipients=("alerts@example.org",), smtp=_smtp(sink),
                            brief_recipients=("desk@example.org",))
        result = send_weekly_brief(settings, NOW)
        assert send_weekly_brief(settings, NOW).sent == []
    assert (result.period, result.sent) == ("2026-W47", ["desk@example.org"])
    assert len(sink.messages) == 1 and sink.messages[0]["X-Irwatch-Brief"] == "2026-W47"


@pytest.fixture
def cli_env(seeded, clean_db, monkeypatch, tmp_path):
    monkeypatch.setenv("IRWATCH_DSN", clean_db)
    monkeypatch.setenv("IRWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("IRWATCH_BRIEF_TO", "desk@example.org, trade@example.org")
    return tmp_path


def test_report_send_twice_sends_once(cli_env, monkeypatch, capsys):
    with MailSink(cli_env / "mail") as sink:
        monkeypatch.setenv("IRWATCH_SMTP_PORT", str(sink.port))
        assert main(["report", "--week", "2026-W47", "--send"]) == 0
        assert main(["report", "--week", "2026-W47", "--send"]) == 0
    err = capsys.readouterr().err
    assert "brief 2026-W47: 2 sent, 0 already sent" in err and "brief 2026-W47: 0 sent, 2 already sent" in err
    assert len(sink.messages) == 2
    assert all(m.get_content_type() == "multipart/alternative" for m in sink.messages)


def test_report_writes_html_and_markdown_files(cli_env, capsys):
    html, md = cli_env / "brief.html", cli_env / "brief.md"
    assert main(["report", "--week", "2026-W47", "-o", str(html)]) == 0
    assert main(["report", "--since", "2026-11-16", "--until", "2026-11-22", "--format", "md", "-o", str(md)]) == 0
    assert "<h1>India–Russia brief: 2026-W47 (16–22 Nov 2026)</h1>" in html.read_text()
    assert html.read_text().count('src="data:image/png;base64,') == 3
    # the same seven days given as a range are the same ISO week
    assert md.read_text().startswith("# India–Russia brief: 2026-W47 (16–22 Nov 2026)")
    assert "| relevant articles | **7** | 2 | +5 (+250%) |" in md.read_text()
    assert "written to" in capsys.readouterr().err


def test_report_of_an_empty_week_to_stdout(cli_env, capsys):
    assert main(["report", "--week", "2026-W30", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# India–Russia brief: 2026-W30") and "Nothing new" in out


BAD = [
    (["report", "--week", "2026-W54"], "argument --week: invalid ISO week '2026-W54': 2026 has weeks 1 to 53"),
    (["report", "--week", "last week"], "argument --week: invalid ISO week 'last week' (expected YYYY-Www"),
    (["report", "--week", "2026-W47", "--since", "2026-11-01"], "give --week or --since/--until, not both"),
    (["report", "--until", "2026-11-01"], "--until needs --since"),
    (["report", "--since", "2026-11-10", "--until", "2026-11-01"], "--until 2026-11-01 is before --since 2026-11-10"),
    (["report", "--format", "pdf"], "argument --format: invalid choice"),
]


@pytest.mark.parametrize(("argv", "reason"), BAD, ids=[" ".join(a[1:]) for a, _ in BAD])
def test_report_errors_are_one_line(cli_env, capsys, argv, reason):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"irwatch: {reason}")


def test_report_send_to_a_dead_server_is_one_line(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("IRWATCH_SMTP_PORT", str(free_port()))
    assert main(["report", "--week", "2026-W47", "--send"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("irwatch: brief 2026-W47 not sent: smtp unreachable")


@pytest.mark.parametrize("brief_to, alert_to, expected", [
    ("desk@example.org, trade@example.org", "alerts@example.org", ("desk@example.org", "trade@example.org")),
    ("", "alerts@example.org,ops@example.org", ("alerts@example.org", "ops@example.org")),
    (" , ", "alerts@example.org", ("alerts@example.org",)),
])
def test_brief_recipients_fall_back_to_the_alert_recipients(monkeypatch, brief_to, alert_to, expected):
    from irwatch.config import load_settings

    monkeypatch.setenv("IRWATCH_BRIEF_TO", brief_to)
    monkeypatch.setenv("IRWATCH_ALERT_TO", alert_to)
    assert load_settings().brief_recipients == expected
