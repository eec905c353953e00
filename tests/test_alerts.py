"""Alert stage on a real database: one email per story, never a distinct story lost, rules as data.

Texts are invented for these tests. Each story is a few sentences of its own news plus the stock sentence
most CAATSA coverage repeats, so the stories share that sentence and nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from irwatch.alerts import new_developments, pick_mention, queue_alerts, significance
from irwatch.cluster import cluster_pending
from irwatch.config import SmtpSettings
from irwatch.mail import send_pending
from irwatch.mailsink import MailSink
from tests.factories import add_article, add_caatsa_mention

NOW = datetime(2022, 7, 16, 6, 0, tzinfo=UTC)   # the factories publish on 2022-07-14
TO = ["desk@example.org"]
STOCK = ("The Countering America's Adversaries Through Sanctions Act, passed in 2017, lets Washington punish "
         "countries that buy major weapons from Russia.")

STORIES = [
    ("Senator Halvorsen asks for CAATSA waiver", "Senator Ingrid Halvorsen wrote to the Secretary of State on "
     "Tuesday asking that India be spared any penalty over its missile purchase. Her letter, signed by four "
     "colleagues from both parties, says punishing New Delhi would hand Beijing a strategic gift."),
    ("Pentagon official warns on S-400", "A senior Pentagon official told a think tank audience in Arlington that "
     "the United States could still weigh measures against India, though no decision had been taken. He said "
     "the air defence batteries complicate joint training and the sharing of sensitive radar data."),
    ("Indian envoy defends missile purchase", "India's ambassador said at a lunch in Chicago on Thursday that the "
     "purchase followed a decades-old supply relationship and was a matter of national security. She added "
     "that her government had briefed Congress members about the contract several times."),
    ("Think tank report on sanctions choice", "A report released by the Meridian Policy Forum argues that the "
     "administration has three options on India and recommends a quiet national-security exemption. The "
     "authors interviewed forty former officials for the study over six months."),
    ("Lawmakers introduce amendment", "Two members of the House Armed Services Committee introduced an "
     "amendment on Friday that would exempt India for five years. The text ties the exemption to a steady "
     "reduction in Russian-made equipment across the Indian armed forces."),
    ("Russian embassy comments", "The Russian embassy in New Delhi said on Monday that threats of penalties "
     "would not change plans for the second regiment. A spokesperson said deliveries were on schedule and "
     "that training of Indian crews in Russia had finished in the spring."),
]


def _story(conn, i: int, url: str, *, status: str = "discussed", source: str = "outlet-a", edit: str = "") -> int:
    title, body = STORIES[i]
    text = f"{body} {edit}{STOCK}".strip()
    article = add_article(conn, url, title, text, source=source)
    add_caatsa_mention(conn, article, STOCK, status=status)
    return article


def _cluster_and_queue(conn, **kwargs):
    conn.commit()
    cluster_pending(conn)
    return queue_alerts(conn, TO, now=kwargs.pop("now", NOW), **kwargs)


def test_one_alert_for_a_story_carried_by_three_outlets_listing_all_three(conn, tmp_path):
    _story(conn, 0, "https://a.example/waiver", source="outlet-a")
    _story(conn, 0, "https://b.example/waiver", source="outlet-b", edit="Reporting by staff. ")
    _story(conn, 0, "https://c.example/waiver", source="outlet-c", edit="The letter was made public on Wednesday. ")
    summary = _cluster_and_queue(conn)
    assert (summary.queued, summary.duplicates) == (1, 2)
    with MailSink(tmp_path) as sink:
        assert send_pending(conn, SmtpSettings(host="127.0.0.1", port=sink.port)).sent == 1
    [message] = sink.messages
    body = message.get_body(("plain",)).get_content()
    assert all(outlet in body for outlet in ("outlet-a", "outlet-b", "outlet-c"))
    assert message["Subject"].endswith("· 3 outlets")


def test_six_distinct_same_status_stories_in_a_week_make_six_alerts(conn):
    for i in range(6):
        _story(conn, i, f"https://a.example/{i}")  # all "discussed, India", all with the stock sentence
    summary = _cluster_and_queue(conn)
    assert (summary.queued, summary.duplicates) == (6, 0)
    assert conn.execute("select count(distinct story_id) from articles").fetchone()[0] == 6


def test_nothing_on_rerun(conn):
    for i in range(3):
        _story(conn, i, f"https://a.example/{i}")
    assert _cluster_and_queue(conn).queued == 3
    again = _cluster_and_queue(conn)
    assert (again.candidates, again.queued, again.updates) == (0, 0, 0)


def test_a_copy_arriving_later_is_added_to_the_story_not_mailed(conn, tmp_path):
    _story(conn, 1, "https://a.example/pentagon", source="outlet-a")
    _cluster_and_queue(conn)
    with MailSink(tmp_path) as sink:
        send_pending(conn, SmtpSettings(host="127.0.0.1", port=sink.port))
        _story(conn, 1, "https://b.example/pentagon", source="outlet-b")
        later = _cluster_and_queue(conn)
        assert send_pending(conn, SmtpSettings(host="127.0.0.1", port=sink.port)).sent == 0
    assert (later.queued, later.duplicates) == (0, 1)
    assert len(sink.messages) == 1
    assert conn.execute("select count(*) from articles where story_id is not null").fetchone()[0] == 2


def test_a_status_change_in_the_story_is_one_update_in_its_thread(conn, tmp_path):
    article = _story(conn, 4, "https://a.example/amendment", status="discussed")
    _story(conn, 4, "https://b.example/amendment", source="outlet-b")
    _cluster_and_queue(conn)
    # the first outlet updates its story: the tagger now reads the waiver as granted
    conn.execute("update articles set version = 2, text = text || ' The House adopted the amendment.' "
                 "where article_id = %s", (article,))
    conn.execute("update mentions set article_version = 2 where article_id = %s", (article,))
    add_caatsa_mention(conn, article, "The House adopted the amendment.", status="waived")
    conn.execute("update mentions set article_version = 2 where article_id = %s", (article,))
    summary = _cluster_and_queue(conn)
    assert (summary.queued, summary.updates) == (0, 1)
    with MailSink(tmp_path) as sink:
        assert send_pending(conn, SmtpSettings(host="127.0.0.1", port=sink.port)).sent == 2
    first, update = sorted(sink.messages, key=lambda m: int(m["X-Irwatch-Alert-Id"]))
    assert update["In-Reply-To"] == first["Message-ID"] and update["References"] == first["Message-ID"]
    assert "update: waived" in update["Subject"]
    assert _cluster_and_queue(conn).updates == 0


def test_old_news_reached_by_backfill_does_not_alert_unless_asked(conn):
    _story(conn, 2, "https://a.example/envoy")
    late = NOW + timedelta(days=30)
    assert _cluster_and_queue(conn, now=late).old == 1
    assert conn.execute("select count(*) from alerts").fetchone()[0] == 0
    # judged once: asking later does not dig it up, a backfill run asks up front
    _story(conn, 3, "https://a.example/report")
    assert _cluster_and_queue(conn, now=late, alert_old=True).queued == 1


def test_a_rule_added_as_data_alerts_without_code(conn):
    rules = [
        {"rule": "caatsa", "description": "", "event_type": "sanction", "filters": {"caatsa": True},
         "recipients": "env", "mode": "immediate", "digest_hour": None, "digest_tz": "Asia/Kolkata",
         "max_age_days": 3, "enabled": True},
        {"rule": "caatsa-waivers", "description": "waivers only", "event_type": "sanction",
         "filters": {"caatsa": True, "statuses": ["waived"]}, "recipients": ["legal@example.org"],
         "mode": "immediate", "digest_hour": None, "digest_tz": "Asia/Kolkata", "max_age_days": 3, "enabled": True},
    ]
    _story(conn, 0, "https://a.example/0", status="discussed")
    _story(conn, 4, "https://a.example/4", status="waived")
    summary = _cluster_and_queue(conn, rules=rules)
    assert dict(summary.by_rule) == {"caatsa": 2, "caatsa-waivers": 1}
    recipients = conn.execute("select recipients from alerts where rule = 'caatsa-waivers'").fetchone()[0]
    assert recipients == ["legal@example.org"]


def test_a_digest_rule_sends_one_email_at_its_hour(conn, tmp_path):
    rules = [{"rule": "caatsa-daily", "description": "", "event_type": "sanction", "filters": {"caatsa": True},
              "recipients": "env", "mode": "digest", "digest_hour": 8, "digest_tz": "Asia/Kolkata",
              "max_age_days": 3, "enabled": True}]
    for i in range(3):
        _story(conn, i, f"https://a.example/{i}", status=["discussed", "threatened", "discussed"][i])
    before = datetime(2022, 7, 15, 1, 0, tzinfo=UTC)   # 06:30 IST
    assert _cluster_and_queue(conn, rules=rules, now=before).digests == 0
    at = datetime(2022, 7, 15, 3, 0, tzinfo=UTC)       # 08:30 IST
    assert _cluster_and_queue(conn, rules=rules, now=at).digests == 1
    assert _cluster_and_queue(conn, rules=rules, now=at + timedelta(hours=1)).digests == 0
    with MailSink(tmp_path) as sink:
        assert send_pending(conn, SmtpSettings(host="127.0.0.1", port=sink.port)).sent == 1
    [message] = sink.messages
    assert "digest 2022-07-15: 3 stories" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert body.index("== DISCUSSED ==") < body.index("== THREATENED ==")


def test_recipients_are_required(conn):
    _story(conn, 0, "https://a.example/0")
    conn.commit()
    with pytest.raises(ValueError, match="IRWATCH_ALERT_TO"):
        queue_alerts(conn, [], now=NOW)


@pytest.mark.parametrize(("statuses", "chosen"), [
    (["discussed", "waived"], "waived"),
    (["threatened", "imposed", "waived"], "imposed"),
    (["discussed"], "discussed"),
    (["threatened", "lifted"], "lifted"),
])
def test_pick_mention_prefers_the_most_significant_status(statuses, chosen):
    rows = [{"mention_id": i, "status": s, "seen_at": NOW} for i, s in enumerate(statuses)]
    assert pick_mention(rows)["status"] == chosen


@pytest.mark.parametrize(("reported", "statuses", "updates"), [
    ({"discussed"}, ["discussed", "imposed"], ["imposed"]),
    ({"discussed"}, ["discussed", "discussed"], []),          # talk about it again is not news
    ({"threatened"}, ["waived", "threatened", "waived"], ["waived"]),
    ({"imposed"}, ["imposed"], []),
    (set(), ["lifted", "imposed"], ["imposed", "lifted"]),
])
def test_new_developments(reported, statuses, updates):
    rows = [{"mention_id": i, "status": s, "seen_at": NOW} for i, s in enumerate(statuses)]
    assert [m["status"] for m in new_developments(rows, reported)] == updates


def test_significance_orders_statuses():
    assert sorted(["discussed", "imposed", "waived", "threatened"], key=significance) == [
        "imposed", "waived", "threatened", "discussed"]


@pytest.mark.slow
def test_the_tagger_decides_what_alerts_hedged_threat_yes_third_country_no(conn):
    """Through the real NLP pipeline: a hedged CAATSA risk alerts as threatened; a CAATSA story about
    another country that names India once alerts nobody."""
    from irwatch.tag import tag_pending
    from nlp.tagger import ArticleTagger

    hedged = ("India's purchase of the S-400 air defence system from Russia could invite CAATSA sanctions from "
              "the United States, officials in New Delhi acknowledged on Monday. India and Russia signed the "
              "contract for five squadrons, and the first deliveries are expected next year, they said.")
    other = ("The United States imposed CAATSA sanctions on Turkey's defence procurement agency on Monday over "
             "its purchase of the S-400 from Russia. Ankara called the decision unjust and said it would "
             "respond. Officials noted that India, which bought the same system, was not part of the decision.")
    add_article(conn, "https://a.example/hedged", "S-400 purchase may invite CAATSA", hedged)
    add_article(conn, "https://a.example/turkey", "US sanctions Turkey over S-400", other)
    conn.execute("update articles set tagged_version = null, relevant = null")
    conn.commit()
    tag_pending(conn, ArticleTagger())
    summary = _cluster_and_queue(conn)
    alerted = conn.execute("select a.canonical_url, x.development from alerts x join articles a using (article_id)"
                           ).fetchall()
    assert alerted == [("https://a.example/hedged", "threatened")], (alerted, summary)
