"""The analyst surface: the views of migration 0005 and every query in sql/queries, read as irwatch_reader.

One invented world is seeded per test (two outlets that publish, one that fell silent, one disabled; CAATSA
and other sanctions, three deals with a conflicting report, trade targets and actuals in three currencies,
a superseded article version whose events must never count) and each view and query is checked against it.
Days are relative to the server's current_date so the windows ("last 7 days") hold whenever the suite runs.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.factories import (
    add_alert,
    add_crawl_run,
    add_deal,
    add_deal_event,
    add_mention,
    add_rejected_row,
    add_source,
    add_story,
    add_version,
)

SQL_DIR = Path(__file__).parent.parent / "sql"
QUERIES = sorted((SQL_DIR / "queries").glob("*.sql"))
VIEWS = ("v_deal_ladder", "v_caatsa_mentions", "v_sanctions", "v_deals_timeline", "v_trade_figures",
         "v_daily_counts", "v_source_health")
US, EU = "United States", "European Union"


# --- the world -------------------------------------------------------------------------------------------------

def seed(conn) -> SimpleNamespace:
    w = SimpleNamespace()
    w.today = today = conn.execute("select current_date").fetchone()[0]
    now = datetime.now(UTC)

    def day(n: int) -> date:
        return today - timedelta(days=n)

    w.day = day
    lotus, birch = add_source(conn, "lotus-ledger"), add_source(conn, "birch-wire", tier="wire")
    add_source(conn, "taiga-telegraph")
    add_source(conn, "fallow-gazette", enabled=False)

    add_crawl_run(conn, lotus, "lotus-ledger", started_at=now - timedelta(hours=1), requests=40, kept=5, dropped=7,
                  drop_reasons={"not-relevant": 4, "duplicate": 2, "too-short": 1})
    add_crawl_run(conn, lotus, "lotus-ledger", started_at=now - timedelta(days=2), status="failed", requests=3,
                  errors={"http-503": 2, "timeout": 1})
    add_crawl_run(conn, lotus, "lotus-ledger", started_at=now - timedelta(days=20), requests=100, kept=9,
                  dropped=50, drop_reasons={"off-topic": 50})
    add_crawl_run(conn, birch, "birch-wire", started_at=now - timedelta(days=3), requests=12, dropped=12,
                  drop_reasons={"not-relevant": 10, "duplicate": 1, "paywall": 1, "too-old": 1})
    # an ad hoc run of the same feed: no source_id, matched by name
    add_crawl_run(conn, None, "birch-wire", started_at=now - timedelta(days=1), requests=2)

    def story(slug, n, *, source="lotus-ledger", **kw):
        sid = {"lotus-ledger": lotus, "birch-wire": birch}[source]
        return add_story(conn, f"https://{source}.example/{slug}", source=source, source_id=sid, local_date=day(n),
                         **kw)

    # a1 (today): a CAATSA waiver, a covered "discussed", an OFAC listing and an S-400 report
    w.a1 = story("vostok-waiver", 0, title="Vostok waiver reaches Delhi",
                 text="Washington granted a CAATSA waiver to Delhi for the S-400 squadrons, the Lotus desk said.")
    w.m1a = add_mention(conn, w.a1, "sanction", "Washington granted a CAATSA waiver to Delhi.", status="waived",
                        regime="CAATSA", caatsa=True, imposer=US, target="India")
    w.m1b = add_mention(conn, w.a1, "sanction", "Whether the waiver lasts is argued over.", status="discussed",
                        regime="CAATSA", caatsa=True, imposer=US, target="India")
    w.m1c = add_mention(conn, w.a1, "sanction", "Treasury listed Kestrel Oil.", status="imposed",
                        regime="OFAC SDN", caatsa=False, imposer=US, target="Kestrel Oil")
    w.m1d = add_mention(conn, w.a1, "deal", "The S-400 contract of 2018 stands.", status="signed", system="S-400")
    w.alert1 = add_alert(conn, w.a1, w.m1a, status="pending")
    add_alert(conn, w.a1, w.m1b, status="suppressed", duplicate_of=w.alert1)

    # a2 (yesterday, UTC instant only: 21:00 UTC is already tomorrow in Delhi)
    w.a2 = add_story(conn, "https://lotus-ledger.example/envoys-warn", source="lotus-ledger", source_id=lotus,
                     published_at=datetime.combine(day(1), time(21), UTC), title="Envoys warn of penalties",
                     text="Envoys warned that CAATSA penalties could follow more S-400 units, the desk reported.")
    w.m2a = add_mention(conn, w.a2, "sanction", "Envoys warned that CAATSA penalties could follow.",
                        status="threatened", regime="CAATSA", caatsa=True, imposer=US, target="India")
    w.m2b = add_mention(conn, w.a2, "deal", "The fourth S-400 squadron arrived.", status="delivered", system="S-400")
    add_alert(conn, w.a2, None, status="sent")  # its mention was re-tagged away: the article's alert remains

    # a3 (10 days ago), two versions: version 1's events are superseded and must never count
    w.a3 = story("sanctions-debate", 10, source="birch-wire", title="Birch notes on the sanctions debate",
                 text="A first draft that said CAATSA was imposed.")
    w.stale_sanction = add_mention(conn, w.a3, "sanction", "A first draft said CAATSA was imposed.",
                                   status="imposed", regime="CAATSA", caatsa=True, imposer=US, target="India")
    w.stale_trade = add_mention(conn, w.a3, "trade_figure", "A first draft aimed at $99 billion by 2026.",
                                amount=99e9, currency="USD", amount_usd=99e9, metric="bilateral_trade", year=2026,
                                is_target=True, fields={"figure_text": "$99 billion"})
    w.stale_deal_mention = add_mention(conn, w.a3, "deal", "A first draft said the S-400 was commissioned.",
                                       status="commissioned", system="S-400")
    assert add_version(conn, w.a3, "Birch analysts argued that a CAATSA waiver is far from settled while the EU "
                                   "sanctions package bites Moscow.") == 2
    w.m3a = add_mention(conn, w.a3, "sanction", "Birch analysts argued that a CAATSA waiver is far from settled.",
                        version=2, status="discussed", regime="CAATSA", caatsa=True, imposer=US, target="India")
    w.m3b = add_mention(conn, w.a3, "sanction", "The EU sanctions package bites Moscow.", version=2,
                        status="imposed", regime="EU sanctions package", caatsa=False, imposer=EU, target="Russia")

    # trade: targets and actuals, as stated in dollars, rupees and roubles
    w.a5 = story("trade-goals", 3, title="Ministers restate the trade goal",
                 text="Ministers restated the goal of $30 billion by 2025 and $100 billion by 2030.")
    w.m5a = add_mention(conn, w.a5, "trade_figure", "Ministers restated the goal of $30 billion by 2025.",
                        amount=30e9, currency="USD", amount_usd=30e9, metric="bilateral_trade", year=2025,
                        is_target=True, fields={"figure_text": "$30 billion"})
    w.m5b = add_mention(conn, w.a5, "trade_figure", "Turnover reached ₹4.5 lakh crore in 2024.", amount=4.5e12,
                        currency="INR", amount_usd=54e9, metric="bilateral_trade", year=2024, is_target=False,
                        fields={"figure_text": "₹4.5 lakh crore"})
    w.m5c = add_mention(conn, w.a5, "trade_figure", "They aim for $100 billion by 2030.", amount=100e9,
                        currency="USD", amount_usd=100e9, metric="bilateral_trade", year=2030, is_target=True,
                        fields={"figure_text": "$100 billion"})
    w.m5d = add_mention(conn, w.a5, "deal", "AK-203 rifles are being made at the plant.", status="in_production",
                        system="AK-203")
    w.a6 = story("turnover-2025", 12, source="birch-wire", title="Turnover tallied",
                 text="Turnover came to $55 billion in 2025, with oil worth 40 billion dollars.")
    w.m6a = add_mention(conn, w.a6, "trade_figure", "Turnover came to $55 billion in 2025.", amount=55e9,
                        currency="USD", amount_usd=55e9, metric="bilateral_trade", year=2025, is_target=False,
                        fields={"figure_text": "$55 billion"})
    w.m6c = add_mention(conn, w.a6, "trade_figure", "Oil worth 40 billion dollars.", amount=40e9, currency="USD",
                        amount_usd=40e9, metric="oil_imports", year=2025, is_target=False, fields={})
    w.m6b = add_mention(conn, w.a6, "deal", "The S-400 order was signed.", status="signed", system="S-400")
    w.a7 = story("rouble-turnover", 2, title="Turnover in roubles",
                 text="Turnover reached 5.2 trillion roubles in 2025.")
    w.m7a = add_mention(conn, w.a7, "trade_figure", "Turnover reached 5.2 trillion roubles in 2025.", amount=5.2e12,
                        currency="RUB", amount_usd=57.5e9, metric="bilateral_trade", year=2025, is_target=False,
                        fields={"figure_text": "5.2 trillion roubles"})

    # more deal reports, old and recent
    w.a8 = story("ak-approved", 20, title="Rifle plan approved", text="The council approved the AK-203 plan.")
    w.m8a = add_mention(conn, w.a8, "deal", "The council approved the AK-203 plan.", status="approved",
                        system="AK-203")
    w.a9 = story("kestrel-pitch", 40, source="birch-wire", title="A radar pitch",
                 text="Moscow pitched the Kestrel radar.")
    w.m9a = add_mention(conn, w.a9, "deal", "Moscow pitched the Kestrel radar.", status="proposed",
                        system="Kestrel radar")
    w.a10 = story("kestrel-shelved", 5, title="Radar shelved", text="Delhi shelved the Kestrel radar.")
    w.m10a = add_mention(conn, w.a10, "deal", "Delhi shelved the Kestrel radar.", status="cancelled",
                         system="Kestrel radar")

    # not relevant, untagged, and a CAATSA story about another country
    w.a11 = story("cricket", 1, title="Cricket scores", text="A long cricket report.", relevant=False)
    w.a12 = story("ankara-hopes", 10, source="birch-wire", title="Turkey weighs a CAATSA waiver",
                  text="Ankara hopes for a CAATSA waiver of its own, a Birch correspondent wrote.", relevant=False)
    w.m12 = add_mention(conn, w.a12, "sanction", "Ankara hopes for a CAATSA waiver of its own.", status="discussed",
                        regime="CAATSA", caatsa=True, imposer=US, target="Turkey")
    w.a13 = add_story(conn, "https://lotus-ledger.example/waiting", source="lotus-ledger", local_date=day(4),
                      title="Not yet tagged", text="Waiting for the tagger.", relevant=None, tagged=False)

    # the deals register
    w.s400 = add_deal(conn, "S-400", programme="2018", status="delivered", status_since=day(1), events=3,
                      conflicting_events=1)
    w.ak203 = add_deal(conn, "AK-203", programme="2019", status="in_production", status_since=day(3), events=2)
    w.kestrel = add_deal(conn, "Kestrel radar", status="cancelled", status_since=day(5), events=2)
    w.sonar = add_deal(conn, "Ferrite sonar", status="unknown")
    w.e1 = add_deal_event(conn, w.s400, w.a6, "signed", "The S-400 order was signed.", event_date=day(12),
                          outlet="birch-wire", mention_id=w.m6b)
    w.stale_event = add_deal_event(conn, w.s400, w.a3, "commissioned", "A first draft said it was commissioned.",
                                   event_date=day(10), outlet="birch-wire", mention_id=w.stale_deal_mention)
    w.e2 = add_deal_event(conn, w.s400, w.a2, "delivered", "The fourth S-400 squadron arrived.", event_date=day(1),
                          outlet="lotus-ledger", mention_id=w.m2b)
    w.e3 = add_deal_event(conn, w.s400, w.a1, "signed", "The S-400 contract of 2018 stands.", event_date=day(0),
                          outlet="lotus-ledger", mention_id=w.m1d, conflicts=True)
    w.e4 = add_deal_event(conn, w.ak203, w.a8, "approved", "The council approved the AK-203 plan.",
                          event_date=day(20), outlet="lotus-ledger", mention_id=w.m8a)
    w.e5 = add_deal_event(conn, w.ak203, w.a5, "in_production", "AK-203 rifles are being made at the plant.",
                          event_date=day(3), outlet="lotus-ledger", mention_id=w.m5d, expected_status="delivered")
    w.e6 = add_deal_event(conn, w.kestrel, w.a9, "proposed", "Moscow pitched the Kestrel radar.", event_date=day(40),
                          outlet="birch-wire", mention_id=w.m9a)
    w.e7 = add_deal_event(conn, w.kestrel, w.a10, "cancelled", "Delhi shelved the Kestrel radar.", event_date=day(5),
                          outlet="lotus-ledger", mention_id=w.m10a)

    add_rejected_row(conn, "articles", "nul byte in text: 3 found", rejected_at=now - timedelta(hours=2))
    add_rejected_row(conn, "articles", "nul byte in text: 1 found", rejected_at=now - timedelta(hours=1))
    add_rejected_row(conn, "articles", "unparseable date: 32/13/2024", rejected_at=now - timedelta(hours=5))
    add_rejected_row(conn, "mentions", "value out of range: quantity", rejected_at=now - timedelta(hours=3))
    conn.commit()
    return w


def read(dsn: str, query: str, params=None, *, timezone: str | None = None) -> list[dict]:
    with psycopg.connect(dsn, row_factory=dict_row) as reader:
        if timezone:
            reader.execute(f"set timezone = '{timezone}'")
        return reader.execute(query, params).fetchall()


def pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in rows]


@pytest.fixture
def world(conn):
    return seed(conn)


# --- the views -------------------------------------------------------------------------------------------------

def test_deal_ladder(world, reader_dsn):
    rows = read(reader_dsn, "select status, ladder_rank from v_deal_ladder order by ladder_rank nulls last, status")
    assert pick(rows, "status", "ladder_rank") == [
        ("proposed", 1), ("negotiating", 2), ("approved", 3), ("signed", 4), ("in_production", 5),
        ("delivered", 6), ("commissioned", 7), ("cancelled", None), ("unknown", None),
    ]


def test_caatsa_mentions(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_caatsa_mentions order by mention_id")
    w = world
    assert pick(rows, "mention_id", "day", "outlet", "status", "target", "relevant", "alert_status") == [
        (w.m1a, w.day(0), "lotus-ledger", "waived", "India", True, "pending"),
        (w.m1b, w.day(0), "lotus-ledger", "discussed", "India", True, "suppressed"),
        (w.m2a, w.day(1), "lotus-ledger", "threatened", "India", True, "sent"),
        (w.m3a, w.day(10), "birch-wire", "discussed", "India", True, None),
        (w.m12, w.day(10), "birch-wire", "discussed", "Turkey", False, None),
    ]
    by_id = {r["mention_id"]: r for r in rows}
    assert by_id[w.m1a]["title"] == "Vostok waiver reaches Delhi"
    assert by_id[w.m1a]["url"] == "https://lotus-ledger.example/vostok-waiver"
    assert by_id[w.m1a]["imposer"] == US
    assert by_id[w.m1a]["sentence"] == "Washington granted a CAATSA waiver to Delhi."
    assert by_id[w.m1a]["day_source"] == "publisher"
    assert by_id[w.m2a]["day_source"] == "published_utc"


@pytest.mark.parametrize("timezone", ["UTC", "Asia/Kolkata", "America/Los_Angeles"])
def test_day_does_not_depend_on_the_session_time_zone(world, reader_dsn, timezone):
    rows = read(reader_dsn, "select mention_id, day from v_caatsa_mentions where mention_id = %s", (world.m2a,),
                timezone=timezone)
    assert rows == [{"mention_id": world.m2a, "day": world.day(1)}]


def test_sanctions(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_sanctions order by mention_id")
    w = world
    assert pick(rows, "mention_id", "regime", "status", "imposer", "target", "caatsa", "day", "outlet") == [
        (w.m1a, "CAATSA", "waived", US, "India", True, w.day(0), "lotus-ledger"),
        (w.m1b, "CAATSA", "discussed", US, "India", True, w.day(0), "lotus-ledger"),
        (w.m1c, "OFAC SDN", "imposed", US, "Kestrel Oil", False, w.day(0), "lotus-ledger"),
        (w.m2a, "CAATSA", "threatened", US, "India", True, w.day(1), "lotus-ledger"),
        (w.m3a, "CAATSA", "discussed", US, "India", True, w.day(10), "birch-wire"),
        (w.m3b, "EU sanctions package", "imposed", EU, "Russia", False, w.day(10), "birch-wire"),
        (w.m12, "CAATSA", "discussed", US, "Turkey", True, w.day(10), "birch-wire"),
    ]
    assert rows[2]["sentence"] == "Treasury listed Kestrel Oil."


def test_deals_timeline(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_deals_timeline order by deal_id, event_date, deal_event_id")
    w = world
    assert pick(rows, "deal_event_id", "system", "deal_status", "event_status", "ladder_rank", "event_date",
                "previous_status", "advanced", "conflicts") == [
        (w.e1, "S-400", "delivered", "signed", 4, w.day(12), None, True, False),
        (w.e2, "S-400", "delivered", "delivered", 6, w.day(1), "signed", True, False),
        (w.e3, "S-400", "delivered", "signed", 4, w.day(0), "delivered", False, True),
        (w.e4, "AK-203", "in_production", "approved", 3, w.day(20), None, True, False),
        (w.e5, "AK-203", "in_production", "in_production", 5, w.day(3), "approved", True, False),
        (w.e6, "Kestrel radar", "cancelled", "proposed", 1, w.day(40), None, True, False),
        (w.e7, "Kestrel radar", "cancelled", "cancelled", None, w.day(5), "proposed", True, False),
    ]
    e5 = rows[4]
    assert (e5["counterparty"], e5["programme"], e5["expected_status"], e5["deal_ladder_rank"]) == (
        "Russia", "2019", "delivered", 5)
    assert e5["outlet"] == "lotus-ledger" and e5["sentence"] == "AK-203 rifles are being made at the plant."
    assert e5["url"] == "https://lotus-ledger.example/trade-goals"
    assert rows[6]["deal_ladder_rank"] is None  # cancelled is off the ladder


def test_trade_figures(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_trade_figures order by mention_id")
    w = world
    assert pick(rows, "mention_id", "kind", "year", "metric", "stated", "currency", "usd_bn", "day") == [
        (w.m5a, "target", 2025, "bilateral_trade", "$30 billion", "USD", Decimal("30.00"), w.day(3)),
        (w.m5b, "actual", 2024, "bilateral_trade", "₹4.5 lakh crore", "INR", Decimal("54.00"), w.day(3)),
        (w.m5c, "target", 2030, "bilateral_trade", "$100 billion", "USD", Decimal("100.00"), w.day(3)),
        (w.m6a, "actual", 2025, "bilateral_trade", "$55 billion", "USD", Decimal("55.00"), w.day(12)),
        (w.m6c, "actual", 2025, "oil_imports", "40000000000 USD", "USD", Decimal("40.00"), w.day(12)),
        (w.m7a, "actual", 2025, "bilateral_trade", "5.2 trillion roubles", "RUB", Decimal("57.50"), w.day(2)),
    ]
    assert rows[1]["amount"] == Decimal("4500000000000") and rows[1]["amount_usd"] == Decimal("54000000000")
    assert rows[0]["outlet"] == "lotus-ledger" and rows[0]["sentence"].startswith("Ministers restated")


def test_daily_counts(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_daily_counts order by day desc, type")
    d = world.day
    assert pick(rows, "day", "type", "mentions", "articles", "relevant_articles", "articles_published") == [
        (d(0), "deal", 1, 1, 1, 1),
        (d(0), "sanction", 3, 1, 1, 1),
        (d(1), "deal", 1, 1, 1, 2),
        (d(1), "sanction", 1, 1, 1, 2),
        (d(2), "trade_figure", 1, 1, 1, 1),
        (d(3), "deal", 1, 1, 1, 1),
        (d(3), "trade_figure", 3, 1, 1, 1),
        (d(5), "deal", 1, 1, 1, 1),
        (d(10), "sanction", 3, 2, 1, 2),  # the superseded version's three events are not counted
        (d(12), "deal", 1, 1, 1, 1),
        (d(12), "trade_figure", 2, 1, 1, 1),
        (d(20), "deal", 1, 1, 1, 1),
        (d(40), "deal", 1, 1, 1, 1),
    ]


def test_source_health(world, reader_dsn):
    rows = read(reader_dsn, "select * from v_source_health order by source_name")
    assert pick(rows, "source_name", "last_crawl_status", "crawls_7d", "failed_crawls_7d", "requests_7d",
                "kept_7d", "dropped_7d", "top_drop_reasons_7d", "top_errors_7d", "articles_stored",
                "days_since_newest_article") == [
        ("birch-wire", "finished", 2, 0, 14, 0, 12, "not-relevant=10, duplicate=1, paywall=1", None, 4, 10),
        ("fallow-gazette", None, 0, 0, 0, 0, 0, None, None, 0, None),
        ("lotus-ledger", "finished", 2, 1, 43, 5, 7, "not-relevant=4, duplicate=2, too-short=1",
         "http-503=2, timeout=1", 8, 0),
        ("taiga-telegraph", None, 0, 0, 0, 0, 0, None, None, 0, None),
    ]
    birch, _, lotus, _ = rows
    assert birch["newest_article_day"] == world.day(10) and lotus["newest_article_day"] == world.day(0)
    # birch's last run is the ad hoc one (no source_id), a day ago; lotus's an hour ago
    assert lotus["last_crawl_started_at"] > birch["last_crawl_started_at"]
    assert lotus["last_crawl_finished_at"] > lotus["last_crawl_started_at"]


@pytest.mark.parametrize(("view", "key", "stale"), [
    ("v_caatsa_mentions", "mention_id", "stale_sanction"),
    ("v_sanctions", "mention_id", "stale_sanction"),
    ("v_trade_figures", "mention_id", "stale_trade"),
    ("v_deals_timeline", "deal_event_id", "stale_event"),
])
def test_only_current_versions_count(world, reader_dsn, view, key, stale):
    shown = {r[key] for r in read(reader_dsn, f"select {key} from {view}")}
    assert shown, "current versions' events are shown"
    assert getattr(world, stale) not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_view_states_its_grain(conn, view):
    comment = conn.execute("select obj_description(%s::regclass, 'pg_class')", (view,)).fetchone()[0]
    assert comment and comment.startswith("grain: one row per ")


# --- the queries -----------------------------------------------------------------------------------------------

def _caatsa_last_7_days(rows, w):
    assert pick(rows, "status", "target", "mentions", "articles", "latest_day") == [
        ("discussed", "India", 1, 1, w.day(0)),  # m3a, ten days old, is out of the window
        ("threatened", "India", 1, 1, w.day(1)),
        ("waived", "India", 1, 1, w.day(0)),
    ]
    assert rows[2]["latest_evidence"] == "Washington granted a CAATSA waiver to Delhi."


def _caatsa_timeline(rows, w):
    assert pick(rows, "day", "status", "outlet", "alert_status") == [
        (w.day(10), "discussed", "birch-wire", "-"),
        (w.day(1), "threatened", "lotus-ledger", "sent"),
        (w.day(0), "waived", "lotus-ledger", "pending"),
        (w.day(0), "discussed", "lotus-ledger", "suppressed"),
    ]
    assert all(r["target"] == "India" and r["imposer"] == US for r in rows)  # Turkey's story is not relevant


def _sanctions_last_30_days(rows, w):
    d = w.day
    assert pick(rows, "imposer", "status", "regime", "target", "mentions", "outlets", "first_day", "last_day") == [
        (US, "discussed", "CAATSA", "India", 2, 2, d(10), d(0)),
        (US, "imposed", "OFAC SDN", "Kestrel Oil", 1, 1, d(0), d(0)),
        (US, "waived", "CAATSA", "India", 1, 1, d(0), d(0)),
        (US, "threatened", "CAATSA", "India", 1, 1, d(1), d(1)),
        (EU, "imposed", "EU sanctions package", "Russia", 1, 1, d(10), d(10)),
    ]


def _deals_moved_last_7_days(rows, w):
    assert pick(rows, "event_date", "system", "previous_report", "new_stage", "deal_status", "outlet") == [
        (w.day(1), "S-400", "signed", "delivered", "delivered", "lotus-ledger"),
        (w.day(3), "AK-203", "approved", "in_production", "in_production", "lotus-ledger"),
        (w.day(5), "Kestrel radar", "proposed", "cancelled", "cancelled", "lotus-ledger"),
    ]  # today's "signed" S-400 report moves nothing: it conflicts with the delivered stage


def _deals_by_status(rows, w):
    d = w.day
    assert pick(rows, "system", "programme", "status", "ladder_rank", "status_since", "events",
                "conflicting_events") == [
        ("S-400", "2018", "delivered", 6, d(1), 3, 1),
        ("AK-203", "2019", "in_production", 5, d(3), 2, 0),
        ("Kestrel radar", "unspecified", "cancelled", None, d(5), 2, 0),
        ("Ferrite sonar", "unspecified", "unknown", None, None, 0, 0),
    ]
    assert rows[0]["timeline"] == (f"{d(12)} signed (birch-wire); {d(1)} delivered (lotus-ledger); "
                                   f"{d(0)} signed (lotus-ledger) [conflicts]")
    assert rows[2]["timeline"] == f"{d(40)} proposed (birch-wire); {d(5)} cancelled (lotus-ledger)"
    assert rows[3]["timeline"] is None


def _deal_conflicts(rows, w):
    assert pick(rows, "event_date", "system", "reported", "deal_status", "deal_status_since", "outlet") == [
        (w.day(0), "S-400", "signed", "delivered", w.day(1), "lotus-ledger"),
    ]
    assert rows[0]["evidence"] == "The S-400 contract of 2018 stands."


def _trade_targets_vs_actuals(rows, w):
    assert pick(rows, "year", "metric", "target_usd_bn", "latest_actual_usd_bn", "actual_reported_on",
                "actual_minus_target_bn") == [
        (2024, "bilateral_trade", None, Decimal("54.00"), w.day(3), None),
        (2025, "bilateral_trade", Decimal("30.00"), Decimal("57.50"), w.day(2), Decimal("27.50")),
        (2025, "oil_imports", None, Decimal("40.00"), w.day(12), None),
        (2030, "bilateral_trade", Decimal("100.00"), None, None, None),
    ]  # no 2026 row: that target was in a superseded version
    assert rows[1]["target_stated_on"] == w.day(3)


def _trade_figures_rupees_roubles(rows, w):
    assert pick(rows, "day", "stated", "currency", "kind", "year", "usd_bn", "units_per_usd") == [
        (w.day(2), "5.2 trillion roubles", "RUB", "actual", 2025, Decimal("57.50"), Decimal("90.43")),
        (w.day(3), "₹4.5 lakh crore", "INR", "actual", 2024, Decimal("54.00"), Decimal("83.33")),
    ]


def _articles_per_outlet(rows, w):
    assert pick(rows, "outlet", "articles", "relevant", "untagged", "relevant_pct") == [
        ("lotus-ledger", 8, 6, 1, Decimal("85.7")),  # of the 7 judged; the untagged one is not counted
        ("birch-wire", 3, 2, 0, Decimal("66.7")),  # the 40-day-old pitch is out of the window
    ]


def _crawl_health(rows, w):
    assert pick(rows, "source_name", "last_crawl_status", "failed_crawls_7d", "top_errors_7d",
                "days_since_newest_article") == [
        ("lotus-ledger", "finished", 1, "http-503=2, timeout=1", 0),
        ("birch-wire", "finished", 0, None, 10),
        ("fallow-gazette", None, 0, None, None),
        ("taiga-telegraph", None, 0, None, None),
    ]


def _sources_silent(rows, w):
    assert pick(rows, "source_name", "newest_article_day", "days_since_newest_article", "crawls_7d") == [
        ("taiga-telegraph", None, None, 0),
        ("birch-wire", w.day(10), 10, 2),
    ]  # fallow-gazette is silent too, but disabled


def _top_systems_by_month(rows, w):
    d = w.day
    seen = [("S-400", d(0)), ("S-400", d(1)), ("S-400", d(12)), ("AK-203", d(3)), ("AK-203", d(20)),
            ("Kestrel radar", d(40)), ("Kestrel radar", d(5))]
    counts = Counter((day.replace(day=1), system) for system, day in seen)
    expected = []
    for month in sorted({m for m, _ in counts}, reverse=True):
        tally = sorted(((n, s) for (m, s), n in counts.items() if m == month), key=lambda x: (-x[0], x[1]))
        for n, system in tally:
            expected.append((month, 1 + sum(1 for other, _ in tally if other > n), system, n))
    assert pick(rows, "month", "place", "system", "mentions") == expected
    assert all(r["articles"] == r["mentions"] for r in rows)


def _rejected_rows_by_reason(rows, w):
    assert pick(rows, "target_table", "reason", "rejected", "example") == [
        ("articles", "nul byte in text", 2, "nul byte in text: 1 found"),
        ("mentions", "value out of range", 1, "value out of range: quantity"),
        ("articles", "unparseable date", 1, "unparseable date: 32/13/2024"),
    ]


def _search_articles(rows, w):
    assert [r["article_id"] for r in rows] == [w.a1, w.a3]  # the title match first; Turkey's story excluded
    assert rows[0]["rank"] > rows[1]["rank"]
    assert "<b>waiver</b>" in rows[0]["extract"] and rows[0]["day"] == w.day(0)


def _daily_counts_last_14_days(rows, w):
    assert [(r["day"], r["type"]) for r in rows] == [
        (w.day(0), "deal"), (w.day(0), "sanction"), (w.day(1), "deal"), (w.day(1), "sanction"),
        (w.day(2), "trade_figure"), (w.day(3), "deal"), (w.day(3), "trade_figure"), (w.day(5), "deal"),
        (w.day(10), "sanction"), (w.day(12), "deal"), (w.day(12), "trade_figure"),
    ]
    assert rows[1]["mentions"] == 3 and rows[8]["relevant_articles"] == 1


EXPECTED = {
    "articles_per_outlet": _articles_per_outlet,
    "caatsa_last_7_days": _caatsa_last_7_days,
    "caatsa_timeline": _caatsa_timeline,
    "crawl_health": _crawl_health,
    "daily_counts_last_14_days": _daily_counts_last_14_days,
    "deal_conflicts": _deal_conflicts,
    "deals_by_status": _deals_by_status,
    "deals_moved_last_7_days": _deals_moved_last_7_days,
    "rejected_rows_by_reason": _rejected_rows_by_reason,
    "sanctions_last_30_days": _sanctions_last_30_days,
    "search_articles": _search_articles,
    "sources_silent": _sources_silent,
    "top_systems_by_month": _top_systems_by_month,
    "trade_figures_rupees_roubles": _trade_figures_rupees_roubles,
    "trade_targets_vs_actuals": _trade_targets_vs_actuals,
}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_as_reader(world, reader_dsn, path):
    check = EXPECTED.get(path.stem)
    if check is None:
        pytest.fail(f"sql/queries/{path.name} has no assertion in tests/test_queries.py EXPECTED")
    check(read(reader_dsn, path.read_text(encoding="utf-8")), world)


def test_every_assertion_has_its_query():
    assert sorted(EXPECTED) == [p.stem for p in QUERIES]


def test_there_are_at_least_ten_queries():
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_starts_with_its_purpose(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert re.fullmatch(r"-- purpose: \S.{10,}", first), first


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_lowercase(path):
    code = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
    code = re.sub(r"'[^']*'", "''", code)  # string literals may say anything
    keywords = re.findall(r"\b(?:SELECT|FROM|WHERE|JOIN|GROUP|ORDER|WITH|AND|OR|AS)\b", code)
    assert not keywords


def test_readme_lists_every_query_view_and_table(conn):
    readme = (SQL_DIR / "README.md").read_text(encoding="utf-8")
    relations = [name for (name,) in conn.execute(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1")]
    assert set(VIEWS) <= set(relations)
    missing = [name for name in relations if f"`{name}`" not in readme]
    missing += [p.name for p in QUERIES if f"`{p.name}`" not in readme]
    assert not missing, f"sql/README.md does not list {missing}"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_readme_gives_each_query_its_purpose(path):
    readme = (SQL_DIR / "README.md").read_text(encoding="utf-8")
    purpose = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("-- purpose: ")
    assert purpose in readme, f"sql/README.md: {path.name} should be listed with its purpose line"
