from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from irwatch.alerts import queue_alerts
from irwatch.cluster import cluster_pending
from irwatch.config import SmtpSettings
from irwatch.mail import MAX_ATTEMPTS, send_pending
from irwatch.mailsink import MailSink, free_port
from tests.factories import add_article, add_caatsa_mention

NASTY_TITLE = "CAATSA <script>alert(1)</script>\r\nBcc: everyone@example.org"
SENTENCE = 'Lawmakers urged a CAATSA waiver & said "<b>no sanctions</b>" for India.'


@pytest.fixture
def queued(conn):
    article = add_article(conn, "https://a.example/x?a=1&b=<2>", NASTY_TITLE, SENTENCE)
    add_caatsa_mention(conn, article, SENTENCE)
    conn.commit()
    cluster_pending(conn)
    assert queue_alerts(conn, ["desk@example.org"], now=datetime(2022, 7, 15, tzinfo=UTC)).queued == 1
    return conn


def test_delivers_over_real_smtp_and_escapes_everything(queued, tmp_path):
    with MailSink(tmp_path) as sink:
        summary = send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
    assert summary.sent == 1
    [message] = sink.messages
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Bcc"] is None
    assert message["Subject"].strip().startswith("[irwatch] CAATSA waived — CAATSA <script>")
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;no sanctions&lt;/b&gt;" in html and "&amp;" in html
    saved = list(tmp_path.glob("*.eml"))
    assert len(saved) == 1
    assert message_from_bytes(saved[0].read_bytes(), policy=policy.default)["Message-ID"] == message["Message-ID"]
    assert queued.execute("select status from alerts").fetchone()[0] == "sent"


def test_second_send_sends_nothing(queued, tmp_path):
    with MailSink(tmp_path) as sink:
        send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
        again = send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
    assert again.sent == 0 and len(sink.messages) == 1


def test_dead_smtp_server_defers_and_loses_nothing(queued, tmp_path):
    dead = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    summary = send_pending(queued, dead, backoff=timedelta(0))
    assert (summary.sent, summary.deferred, dict(summary.errors)) == (0, 1, {"smtp_unreachable": 1})
    status, attempts, error = queued.execute("select status, attempts, last_error from alerts").fetchone()
    assert status == "pending" and attempts == 1 and "smtp unreachable" in error
    with MailSink(tmp_path) as sink:
        assert send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port)).sent == 1


def test_gives_up_after_max_attempts(queued):
    dead = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    for _ in range(MAX_ATTEMPTS):
        send_pending(queued, dead, backoff=timedelta(0))
    assert queued.execute("select status from alerts").fetchone()[0] == "failed"


def test_claim_left_by_a_killed_sender_is_resent_with_the_same_message_id(queued, tmp_path):
    from datetime import timedelta

    queued.execute("update alerts set status = 'sending', claimed_at = now() - interval '1 hour'")
    queued.commit()
    message_id = queued.execute("select message_id from alerts").fetchone()[0]
    with MailSink(tmp_path) as sink:
        assert send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port), reclaim_after=timedelta(0)).sent == 1
    assert sink.messages[0]["Message-ID"] == message_id


def test_a_sender_whose_claim_was_taken_over_does_not_send(queued, tmp_path):
    from datetime import timedelta

    import psycopg

    from irwatch.mail import _claim, renew_claim

    [slow] = _claim(queued, 10, timedelta(minutes=10))  # sender A claims, then stalls
    with psycopg.connect(queued.info.dsn) as other, MailSink(tmp_path) as sink:
        # sender B finds the claim stale and delivers
        assert send_pending(other, SmtpSettings(host="127.0.0.1", port=sink.port), reclaim_after=timedelta(0)).sent == 1
    assert renew_claim(queued, slow) is None  # A must not send it again
    assert len(sink.messages) == 1


def test_a_failed_sender_does_not_release_a_claim_it_lost(queued):
    from datetime import timedelta

    from irwatch.mail import _claim, _release

    [mine] = _claim(queued, 10, timedelta(minutes=10))
    [theirs] = _claim(queued, 10, timedelta(0))  # another sender takes the stale claim over
    _release(queued, [(mine.alert_id, mine.claimed_at)], "smtp unreachable")
    status, claimed_at = queued.execute("select status, claimed_at from alerts").fetchone()
    assert status == "sending" and claimed_at == theirs.claimed_at


def test_email_shows_publication_time_as_the_publisher_stated_it(queued, tmp_path):
    # factories publish at 2022-07-14 00:00 UTC; an IST publisher stated 05:30 +05:30 that day
    queued.execute("update articles set published_offset_minutes = 330")
    queued.commit()
    with MailSink(tmp_path) as sink:
        send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
    [message] = sink.messages
    body = message.get_body(("plain",)).get_content()
    assert "2022-07-14 00:00 UTC · 2022-07-14 05:30 IST · as published 2022-07-14 05:30+05:30" in body


def test_a_failure_waits_for_its_backoff_and_the_wait_is_reported(queued, tmp_path):
    dead = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    send_pending(queued, dead)  # first failure: retried no sooner than the backoff
    with MailSink(tmp_path) as sink:
        waiting = send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
    assert (waiting.sent, waiting.waiting) == (0, 1)
    assert "1 waiting to retry from" in waiting.describe()


def test_a_killed_senders_claim_is_reported_with_when_it_is_retried(queued):
    queued.execute("update alerts set status = 'sending', claimed_at = now()")
    queued.commit()
    summary = send_pending(queued, SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2))
    assert (summary.sent, summary.held) == (0, 1)
    assert "1 held by another sender's claim, retried after" in summary.describe()


def test_the_servers_reply_is_recorded(queued, tmp_path):
    with MailSink(tmp_path) as sink:
        send_pending(queued, SmtpSettings(host="127.0.0.1", port=sink.port))
    assert queued.execute("select smtp_reply from alerts").fetchone()[0].startswith("250")
