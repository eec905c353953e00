"""The demo's deals register (irwatch/demo.py): reports in every language under the one deal they are about."""

from __future__ import annotations

from datetime import date

import pytest

from irwatch.demo import DEMO_SOURCES, deal_register, deal_register_lines
from irwatch.demo_server import SITE_DIR
from tests.factories import add_article, add_deal, add_deal_event


def _article(conn, slug: str, language: str, outlet: str) -> int:
    article_id = add_article(conn, f"https://{outlet}.example/{slug}", slug, f"text of {slug}", source=outlet)
    conn.execute("update articles set language = %s where article_id = %s", (language, article_id))
    return article_id


@pytest.fixture
def register(conn):
    s400 = add_deal(conn, "S-400", programme="2018", status="delivered", status_since=date(2021, 11, 14))
    ak203 = add_deal(conn, "AK-203", status="signed", status_since=date(2021, 12, 6))
    ru = _article(conn, "s400-ru", "ru", "severny-vestnik-demo")
    en = _article(conn, "s400-en", "en", "meridian-ledger-demo")
    hi = _article(conn, "s400-hi", "hi", "prabhat-samachar-demo")
    rifles = _article(conn, "ak203-en", "en", "meridian-ledger-demo")
    # inserted out of time order: the register sorts by day
    add_deal_event(conn, s400, hi, "delivered", "एस-400 की पहली खेप", event_date=date(2021, 12, 21),
                   outlet="prabhat-samachar-demo")
    add_deal_event(conn, s400, en, "delivered", "Deliveries are under way", event_date=date(2021, 12, 20),
                   outlet="meridian-ledger-demo")
    add_deal_event(conn, s400, ru, "delivered", "Поставки начались", event_date=date(2021, 11, 14),
                   outlet="severny-vestnik-demo")
    add_deal_event(conn, s400, en, "signed", "The 2018 contract", event_date=date(2021, 12, 20),
                   outlet="meridian-ledger-demo", conflicts=True)
    add_deal_event(conn, ak203, rifles, "signed", "Contract signed", event_date=date(2021, 12, 6),
                   outlet="meridian-ledger-demo")
    return deal_register(conn)


@pytest.mark.db
def test_register_rows_carry_language_and_outlet(register):
    s400 = [r for r in register if r["system"] == "S-400"]
    assert [(r["event_date"], r["language"], r["outlet"]) for r in s400][:3] == [
        (date(2021, 11, 14), "ru", "severny-vestnik-demo"),
        (date(2021, 12, 20), "en", "meridian-ledger-demo"),
        (date(2021, 12, 20), "en", "meridian-ledger-demo"),
    ]
    assert {r["language"] for r in s400} == {"ru", "en", "hi"}


@pytest.mark.db
def test_register_prints_every_language_under_the_one_deal(register):
    lines = deal_register_lines(register)
    assert lines[0].startswith("deals     2 deals")
    header = lines.index("  S-400 · Russia · 2018: delivered since 2021-11-14, 4 reports (en, hi, ru)")
    s400 = lines[header + 1 : header + 5]
    assert [line.split()[:4] for line in s400] == [
        ["2021-11-14", "ru", "severny-vestnik-demo", "delivered"],
        ["2021-12-20", "en", "meridian-ledger-demo", "delivered"],
        ["2021-12-20", "en", "meridian-ledger-demo", "signed"],
        ["2021-12-21", "hi", "prabhat-samachar-demo", "delivered"],
    ]
    assert "conflicts" in s400[2] and "conflicts" not in s400[1]
    assert "  AK-203 · Russia: signed since 2021-12-06, 1 report (en)" in lines


def test_an_empty_register_says_so():
    assert deal_register_lines([]) == ["deals     none in the register"]


def test_an_article_without_identified_language_or_date_still_prints():
    row = dict(system="S-400", counterparty="Russia", programme="unspecified", deal_status=None,
               deal_status_since=None, event_date=None, language=None, outlet="x", event_status="unknown",
               conflicts=False)
    assert deal_register_lines([row])[1:] == ["  S-400 · Russia: unknown, 1 report (?)",
                                              "      ?           ?   x                         unknown"]


@pytest.mark.parametrize(("name", "path", "title"), DEMO_SOURCES)
def test_every_demo_feed_is_on_the_bundled_site(name, path, title):
    feed = (SITE_DIR / path.lstrip("/")).read_text(encoding="utf-8")
    assert "<item>" in feed and title.split(" (")[0] in feed


@pytest.mark.parametrize(("path", "language"), [("ru/s400-postavki-v-indiyu-nachalis.html", "ru"),
                                                ("hi/s400-pahli-khep-bharat-pahunchi.html", "hi")])
def test_the_russian_and_hindi_demo_articles_report_the_english_s400_deal(path, language):
    html = (SITE_DIR / path).read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in html and "2018" in html  # the contract year the deal key needs
    assert {"ru": "С-400", "hi": "एस-400"}[language] in html
    sitemap = (SITE_DIR / "sitemap.xml").read_text(encoding="utf-8")
    assert path in sitemap and f"<news:language>{language}</news:language>" in sitemap
