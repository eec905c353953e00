import pytest

from irwatch.alerts import development, pick_mention, queue_alerts
from tests.factories import add_article, add_caatsa_mention

WAIVER = "The House passed an amendment urging a CAATSA waiver for India over the S-400 purchase."
WIRE_COPY = "The House has passed an amendment urging a CAATSA waiver for India over its S-400 purchase."
TURKEY = "Washington imposed CAATSA sanctions on Turkey's procurement agency in December 2020."


def test_one_alert_per_development_not_per_syndicated_copy(conn):
    first = add_article(conn, "https://a.example/1", "House urges CAATSA waiver", WAIVER)
    add_caatsa_mention(conn, first, WAIVER)
    wire = add_article(conn, "https://b.example/wire", "House backs waiver (wire)", WIRE_COPY)
    add_caatsa_mention(conn, wire, WIRE_COPY)
    conn.commit()

    summary = queue_alerts(conn, ["desk@example.org"])

    assert (summary.queued, summary.duplicates) == (1, 1)
    rows = conn.execute("select status, duplicate_of is null from alerts order by alert_id").fetchall()
    assert rows == [("pending", True), ("suppressed", False)]


def test_rerun_queues_nothing_new(conn):
    article = add_article(conn, "https://a.example/1", "House urges CAATSA waiver", WAIVER)
    add_caatsa_mention(conn, article, WAIVER)
    conn.commit()
    queue_alerts(conn, ["desk@example.org"])
    again = queue_alerts(conn, ["desk@example.org"])
    assert (again.candidates, again.queued) == (0, 0)
    assert conn.execute("select count(*) from alerts").fetchone()[0] == 1


def test_irrelevant_articles_do_not_alert(conn):
    article = add_article(conn, "https://t.example/turkey", "Turkey sanctioned", TURKEY, relevant=False)
    add_caatsa_mention(conn, article, TURKEY, status="imposed", target="Turkey")
    conn.commit()
    assert queue_alerts(conn, ["desk@example.org"]).queued == 0


def test_one_alert_per_article_with_its_most_significant_status(conn):
    article = add_article(conn, "https://a.example/2", "CAATSA", WAIVER)
    add_caatsa_mention(conn, article, "Officials warned India could face CAATSA sanctions.", status="threatened")
    add_caatsa_mention(conn, article, WAIVER, status="waived")
    conn.commit()
    summary = queue_alerts(conn, ["desk@example.org"])
    assert (summary.candidates, summary.queued) == (1, 1)
    assert conn.execute("select sentence from alerts").fetchone()[0] == WAIVER


def test_same_development_reworded_by_another_outlet_is_suppressed(conn):
    first = add_article(conn, "https://a.example/1", "House urges CAATSA waiver", WAIVER)
    add_caatsa_mention(conn, first, WAIVER)
    other = add_article(conn, "https://c.example/2", "Lawmakers want India spared",
                        "Lawmakers adopted a measure asking the White House to waive CAATSA penalties for India.")
    add_caatsa_mention(conn, other, "Lawmakers adopted a measure asking the White House to waive CAATSA penalties.")
    conn.commit()
    assert queue_alerts(conn, ["desk@example.org"]).queued == 1


def test_a_new_status_is_a_new_development(conn):
    first = add_article(conn, "https://a.example/1", "House urges CAATSA waiver", WAIVER)
    add_caatsa_mention(conn, first, WAIVER)
    later = add_article(conn, "https://a.example/3", "US imposes CAATSA sanctions", "The US imposed CAATSA sanctions.")
    add_caatsa_mention(conn, later, "The US imposed CAATSA sanctions on India.", status="imposed")
    conn.commit()
    assert queue_alerts(conn, ["desk@example.org"]).queued == 2


def test_recipients_are_required(conn):
    with pytest.raises(ValueError, match="IRWATCH_ALERT_TO"):
        queue_alerts(conn, [])


@pytest.mark.parametrize(
    "a, b, same",
    [
        (("CAATSA", "waived", "India"), ("caatsa", "waived", "india"), True),
        (("CAATSA", "waived", "India"), ("CAATSA", "threatened", "India"), False),
        (("CAATSA", "waived", "India"), ("CAATSA", "waived", "Turkey"), False),
    ],
)
def test_development(a, b, same):
    assert (development(*a) == development(*b)) is same


@pytest.mark.parametrize(
    "statuses, chosen",
    [
        (["discussed", "waived"], "waived"),
        (["threatened", "imposed", "waived"], "imposed"),
        (["discussed"], "discussed"),
        (["threatened", "lifted"], "lifted"),
    ],
)
def test_pick_mention_prefers_the_most_significant_status(statuses, chosen):
    rows = [(i, "CAATSA", s, "India", f"sentence {i}") for i, s in enumerate(statuses)]
    assert pick_mention(rows)[2] == chosen


def test_a_new_version_reporting_a_new_status_alerts_again(conn):
    article = add_article(conn, "https://a.example/live", "Live: CAATSA", "Officials discussed CAATSA.")
    add_caatsa_mention(conn, article, "Officials discussed CAATSA for India.", status="discussed")
    conn.commit()
    assert queue_alerts(conn, ["desk@example.org"]).queued == 1
    # the story is updated: the tagger replaces the article's mentions with the new version's
    conn.execute("delete from mentions where article_id = %s", (article,))
    add_caatsa_mention(conn, article, "Officials discussed CAATSA for India.", status="discussed")
    add_caatsa_mention(conn, article, "The US then imposed CAATSA sanctions on India.", status="imposed")
    conn.commit()
    again = queue_alerts(conn, ["desk@example.org"])
    assert (again.candidates, again.queued) == (1, 1)
    assert queue_alerts(conn, ["desk@example.org"]).candidates == 0
