"""The brief's pure functions: ISO weeks, periods, number formatting and escaping, as tables."""

import doctest
import importlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from irwatch.brief.numbers import change, plural, usd
from irwatch.brief.period import Period, day_range, describe_span, parse_week, previous_week, weeks_in_year
from irwatch.brief.render import md_escape, md_link, web_url

IST = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize("text, since, until", [
    ("2026-W48", date(2026, 11, 23), date(2026, 11, 30)),
    ("2026w48", date(2026, 11, 23), date(2026, 11, 30)),
    (" 2026-W01 ", date(2025, 12, 29), date(2026, 1, 5)),      # week 1 starts in the year before
    ("2026-W53", date(2026, 12, 28), date(2027, 1, 4)),       # 2026 has 53 weeks
    ("2020-W53", date(2020, 12, 28), date(2021, 1, 4)),
    ("2021-W1", date(2021, 1, 4), date(2021, 1, 11)),
    ("2024-W09", date(2024, 2, 26), date(2024, 3, 4)),        # across a leap day
])
def test_parse_week(text, since, until):
    period = parse_week(text)
    assert (period.since, period.until, period.days) == (since, until, 7)
    assert period.key == f"{since.isocalendar()[0]}-W{since.isocalendar()[1]:02d}"
    assert period.start_utc == datetime(since.year, since.month, since.day, tzinfo=UTC)


@pytest.mark.parametrize("text, message", [
    ("2025-W53", "2025 has weeks 1 to 52"),
    ("2026-W54", "2026 has weeks 1 to 53"),
    ("2026-W00", "2026 has weeks 1 to 53"),
    ("2026-48", "expected YYYY-Www"),
    ("W48", "expected YYYY-Www"),
    ("2026-W48-1", "expected YYYY-Www"),
    ("", "expected YYYY-Www"),
])
def test_parse_week_refuses(text, message):
    with pytest.raises(ValueError, match=message):
        parse_week(text)


@pytest.mark.parametrize("year, weeks", [(2020, 53), (2021, 52), (2025, 52), (2026, 53), (2032, 53), (2100, 52)])
def test_weeks_in_year(year, weeks):
    assert weeks_in_year(year) == weeks


@pytest.mark.parametrize("week, previous", [
    ("2026-W48", "2026-W47"),
    ("2026-W01", "2025-W52"),
    ("2027-W01", "2026-W53"),
    ("2021-W01", "2020-W53"),
])
def test_previous_of_a_week_is_the_iso_week_before(week, previous):
    before = parse_week(week).previous()
    assert before.key == previous and before.until == parse_week(week).since and before.days == 7


@pytest.mark.parametrize("now, week", [
    (datetime(2026, 11, 30, 2, 30, tzinfo=UTC), "2026-W48"),          # Monday 08:00 IST
    (datetime(2026, 11, 30, 8, 0, tzinfo=IST), "2026-W48"),           # the same instant, written in IST
    (datetime(2026, 11, 30, 3, 0, tzinfo=IST), "2026-W47"),           # still Sunday in UTC
    (datetime(2026, 12, 6, 23, 59, tzinfo=UTC), "2026-W48"),          # Sunday night: W49 is not over
    (datetime(2026, 1, 1, 12, 0, tzinfo=UTC), "2025-W52"),
    (datetime(2027, 1, 4, 2, 30, tzinfo=UTC), "2026-W53"),
])
def test_previous_week_of_now(now, week):
    assert previous_week(now).key == week


def test_previous_week_needs_an_aware_now():
    with pytest.raises(ValueError, match="timezone-aware"):
        previous_week(datetime(2026, 11, 30, 2, 30))


@pytest.mark.parametrize("since, last, key, days, previous", [
    (date(2026, 11, 1), date(2026, 11, 30), "2026-11-01..2026-11-30", 30, "2026-10-02..2026-10-31"),
    (date(2026, 11, 23), date(2026, 11, 29), "2026-W48", 7, "2026-W47"),   # an exact ISO week is named one
    (date(2026, 11, 24), date(2026, 11, 30), "2026-11-24..2026-11-30", 7, "2026-11-17..2026-11-23"),
    (date(2026, 11, 5), date(2026, 11, 5), "2026-11-05..2026-11-05", 1, "2026-11-04..2026-11-04"),
])
def test_day_range(since, last, key, days, previous):
    period = day_range(since, last)
    assert (period.key, period.days, period.previous().key) == (key, days, previous)


def test_day_range_refuses_an_end_before_its_start():
    with pytest.raises(ValueError, match="before --since"):
        day_range(date(2026, 11, 5), date(2026, 11, 4))
    with pytest.raises(ValueError, match="empty period"):
        Period(date(2026, 11, 5), date(2026, 11, 5))


@pytest.mark.parametrize("first, last, text", [
    (date(2026, 11, 23), date(2026, 11, 29), "23–29 Nov 2026"),
    (date(2026, 11, 30), date(2026, 12, 6), "30 Nov – 6 Dec 2026"),
    (date(2025, 12, 29), date(2026, 1, 4), "29 Dec 2025 – 4 Jan 2026"),
    (date(2026, 12, 5), date(2026, 12, 5), "5 Dec 2026"),
])
def test_describe_span(first, last, text):
    assert describe_span(first, last) == text


def test_week_label_names_the_week_and_its_days():
    assert parse_week("2026-W48").label == "2026-W48 (23–29 Nov 2026)"


@pytest.mark.parametrize("amount, text", [
    (30e9, "$30 bn"), (65.7e9, "$65.7 bn"), (64.95e9, "$65 bn"), (100e9, "$100 bn"), (5.43e9, "$5.4 bn"),
    (676_405_000, "$676 mn"), (12.5e6, "$12.5 mn"), (12_500, "$12,500"), (0, "$0"), (None, "–"),
    (-2e9, "−$2 bn"),
])
def test_usd(amount, text):
    assert usd(amount) == text


@pytest.mark.parametrize("current, previous, text", [
    (5, 3, "+2 (+67%)"), (3, 4, "−1 (−25%)"), (3, 0, "+3 (new)"), (0, 0, "±0"), (4, 4, "±0"),
    (0, 2, "−2 (−100%)"), (7, 2, "+5 (+250%)"), (1500, 1000, "+500 (+50%)"),
])
def test_change(current, previous, text):
    assert change(current, previous) == text


@pytest.mark.parametrize("n, one, many, text", [
    (1, "story", "stories", "1 story"), (2, "story", "stories", "2 stories"), (0, "article", None, "0 articles"),
    (1200, "outlet", None, "1,200 outlets"),
])
def test_plural(n, one, many, text):
    assert plural(n, one, many) == text


@pytest.mark.parametrize("url, kept", [
    ("https://news.example/a?b=1", True), ("http://news.example/", True), ("javascript:alert(1)", False),
    ("data:text/html,hi", False), ("//news.example/a", False), ("/relative", False), ("", False), (None, False),
])
def test_web_url(url, kept):
    assert (web_url(url) is not None) == kept


@pytest.mark.parametrize("text, escaped", [
    ("S-400 | deal", "S-400 \\| deal"),
    ("[link](http://x)", "\\[link\\]\\(http://x\\)"),
    ("two\nlines\r\nhere", "two lines here"),
    ("<b>*bold*</b>", "\\<b\\>\\*bold\\*\\</b\\>"),
])
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped


def test_md_link_encodes_what_would_end_the_destination():
    assert md_link("https://x.example/a (b)", "t") == "[t](https://x.example/a%20%28b%29)"
    assert md_link("javascript:alert(1)", "t [x]") == "t \\[x\\]"


@pytest.mark.parametrize("name", ["irwatch.brief.period", "irwatch.brief.numbers", "irwatch.brief.render"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
