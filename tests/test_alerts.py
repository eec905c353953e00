import pytest

from irwatch.alerts import development_key, queue_alerts
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


def test_two_statuses_in_one_article_are_two_developments_but_repeats_are_not(conn):
    article = add_article(conn, "https://a.example/2", "CAATSA", WAIVER)
    add_caatsa_mention(conn, article, "Officials warned India could face CAATSA sanctions.", status="threatened")
    add_caatsa_mention(conn, article, "A second sentence also warns of CAATSA penalties for Delhi.", status="threatened")
    add_caatsa_mention(conn, article, WAIVER, status="waived")
    conn.commit()
    summary = queue_alerts(conn, ["desk@example.org"])
    assert (summary.queued, summary.duplicates) == (2, 1)


def test_recipients_are_required(conn):
    with pytest.raises(ValueError, match="IRWATCH_ALERT_TO"):
        queue_alerts(conn, [])


@pytest.mark.parametrize(
    "a, b, same",
    [
        (("CAATSA", "waived", "India", "US waives CAATSA."), ("CAATSA", "waived", "India", "us waives caatsa"), True),
        (("CAATSA", "waived", "India", "US waives CAATSA."), ("CAATSA", "threatened", "India", "US waives CAATSA."),
         False),
        (("CAATSA", "waived", "India", "US waives CAATSA."), ("CAATSA", "waived", "Turkey", "US waives CAATSA."), False),
    ],
)
def test_development_key(a, b, same):
    assert (development_key(*a) == development_key(*b)) is same
