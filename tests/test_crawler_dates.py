"""crawlers/dates.py: parse what pages say, reject what cannot be true — on a frozen clock."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crawlers.dates import (
    Candidate,
    byline_date,
    could_be_day,
    decide_published,
    drop_listings,
    labelled_date,
    local_iso,
    parse_published,
    parse_since,
    printed_date,
    restated_offset,
    support,
    to_iso,
    url_day,
)

NOW = datetime(2024, 7, 12, 12, 0, tzinfo=UTC)
IST = ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-09T21:45:00+05:30", "2024-07-09T16:15:00+00:00"),  # ISO with offset → UTC
        ("2024-07-09T16:15:00Z", "2024-07-09T16:15:00+00:00"),
        ("2024-07-09T16:15:00.123456+00:00", "2024-07-09T16:15:00+00:00"),
        ("2024-07-09", "2024-07-09T00:00:00+00:00"),  # date only: midnight UTC
        ("Tue, 09 Jul 2024 16:15:00 +0000", "2024-07-09T16:15:00+00:00"),  # RSS 2.0 (RFC 822)
        ("Tue, 09 Jul 2024 21:45:00 +0530", "2024-07-09T16:15:00+00:00"),
        ("Tue, 09 Jul 2024 16:15:00 GMT", "2024-07-09T16:15:00+00:00"),
        ("July 09, 2024", "2024-07-09T00:00:00+00:00"),  # MEA listing
        ("9 July 2024", "2024-07-09T00:00:00+00:00"),
        ("09/07/2024", "2024-07-09T00:00:00+00:00"),  # day first, as Indian sites write
        ("10 MAY 2024 1:08PM", "2024-05-10T13:08:00+00:00"),  # PIB "Posted On"
        ("  2024-07-09T16:15:00Z \n", "2024-07-09T16:15:00+00:00"),
        (datetime(2024, 7, 9, 16, 15, tzinfo=UTC), "2024-07-09T16:15:00+00:00"),
        (date(2024, 7, 9), "2024-07-09T00:00:00+00:00"),
        (time.struct_time((2024, 7, 9, 16, 15, 0, 1, 191, 0)), "2024-07-09T16:15:00+00:00"),  # feedparser
        ("2024-07-12T12:00:00Z", "2024-07-12T12:00:00+00:00"),  # exactly now
        ("2024-07-13T01:59:00Z", "2024-07-13T01:59:00+00:00"),  # within the 14 h skew
        ("1990-01-01T00:00:00Z", "1990-01-01T00:00:00+00:00"),  # the earliest accepted
    ],
)
def test_parse_published_accepts(value, expected):
    parsed = parse_published(value, now=NOW)
    assert parsed.reason is None
    assert to_iso(parsed.value) == expected


@pytest.mark.parametrize(
    ("value", "reason_code"),
    [
        (None, "missing"),
        ("", "missing"),
        ("   ", "missing"),
        ("not a date", "unparseable"),
        ("yesterday-ish", "unparseable"),
        (12345, "unparseable"),
        ("2091-03-01T10:00:00Z", "in-future"),
        ("2024-07-13T02:01:00Z", "in-future"),  # 14 h 1 min ahead
        ("1970-01-01T00:00:00Z", "too-old"),  # epoch zero
        ("1989-12-31T23:59:59Z", "too-old"),
        ("0001-01-01", "too-old"),
    ],
)
def test_parse_published_rejects_with_a_reason(value, reason_code):
    parsed = parse_published(value, now=NOW)
    assert parsed.value is None and not parsed
    assert parsed.reason.split(":", 1)[0] == reason_code


def test_naive_values_are_read_in_the_default_zone():
    parsed = parse_published("09 JUL 2024 7:30PM", now=NOW, default_tz=IST)
    assert to_iso(parsed.value) == "2024-07-09T14:00:00+00:00"


def test_skew_is_configurable():
    assert parse_published("2024-07-12T13:00:00Z", now=NOW, max_future_skew=timedelta(0)).reason.startswith(
        "in-future"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-01", datetime(2024, 7, 1, tzinfo=UTC)),
        (date(2024, 7, 1), datetime(2024, 7, 1, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_parse_since(value, expected):
    assert parse_since(value) == expected


def test_parse_since_refuses_other_formats():
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        parse_since("01/07/2024")


def test_to_iso_always_utc_with_offset():
    assert to_iso(datetime(2024, 7, 9, 21, 45, tzinfo=IST)) == "2024-07-09T16:15:00+00:00"
    assert to_iso(None) is None


# --- the publisher's offset and calendar day -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "default_tz", "utc", "offset", "local_day"),
    [
        # the example of the brief: the IST day is the 10th although the UTC instant is on the 9th
        ("2024-07-10T00:30:00+05:30", UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        ("2024-07-09T21:45:00-05:00", UTC, "2024-07-10T02:45:00+00:00", -300, date(2024, 7, 9)),
        ("2024-07-09T23:59:00+14:00", UTC, "2024-07-09T09:59:00+00:00", 840, date(2024, 7, 9)),
        ("2024-07-09T16:15:00Z", UTC, "2024-07-09T16:15:00+00:00", 0, date(2024, 7, 9)),
        ("Wed, 10 Jul 2024 00:30:00 +0530", UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        ("Wed, 10 Jul 2024 00:30:00 IST", UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        ("10 Jul 2024 00:30 GMT+5:30", UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        ("Jul 10, 2024 12:30 AM UTC+05:30", UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        ("2024-07-10T00:30:00+03:00", UTC, "2024-07-09T21:30:00+00:00", 180, date(2024, 7, 10)),
        # "-0000" is RFC 2822 for "the zone is not known"
        ("Wed, 10 Jul 2024 00:30:00 -0000", UTC, "2024-07-10T00:30:00+00:00", None, date(2024, 7, 10)),
        # a naive time is read in the default zone, but the page stated no offset
        ("2024-07-10 00:30", IST, "2024-07-09T19:00:00+00:00", None, date(2024, 7, 10)),
        ("10 JUL 2024 12:30AM", IST, "2024-07-09T19:00:00+00:00", None, date(2024, 7, 10)),
        # a bare date is its day whatever the zone it is read in
        ("2024-07-10", IST, "2024-07-09T18:30:00+00:00", None, date(2024, 7, 10)),
        ("July 10, 2024", UTC, "2024-07-10T00:00:00+00:00", None, date(2024, 7, 10)),
        (date(2024, 7, 10), IST, "2024-07-09T18:30:00+00:00", None, date(2024, 7, 10)),
        (datetime(2024, 7, 10, 0, 30, tzinfo=IST), UTC, "2024-07-09T19:00:00+00:00", 330, date(2024, 7, 10)),
        # feedparser's struct_time is UTC with the feed's offset already gone
        (
            time.struct_time((2024, 7, 9, 19, 0, 0, 1, 191, 0)),
            UTC,
            "2024-07-09T19:00:00+00:00",
            None,
            date(2024, 7, 9),
        ),
    ],
)
def test_offset_and_local_day_are_kept(value, default_tz, utc, offset, local_day):
    parsed = parse_published(value, now=NOW, default_tz=default_tz)
    assert to_iso(parsed.value) == utc
    assert parsed.offset_minutes == offset
    assert parsed.local_date == local_day


@pytest.mark.parametrize(
    ("value", "has_time"),
    [("2024-07-10", False), ("10 July 2024", False), (date(2024, 7, 10), False), ("2024-07-10T08:00Z", True)],
)
def test_bare_dates_are_known_to_have_no_time(value, has_time):
    assert parse_published(value, now=NOW).has_time is has_time


def test_an_offset_beyond_real_zones_is_not_kept_but_the_instant_is():
    parsed = parse_published("2024-07-10T10:00:00+15:00", now=NOW)
    assert to_iso(parsed.value) == "2024-07-09T19:00:00+00:00" and parsed.offset_minutes is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20240709", date(2024, 7, 9)),  # compact: not 7 September
        ("2024-07-09T23:15:0Z", date(2024, 7, 9)),  # year first, odd seconds: not 7 September
        ("2024-7-6T14:32:06+02:00", date(2024, 7, 6)),  # one-digit month and day
        ("09/07/2024", date(2024, 7, 9)),  # day first otherwise
    ],
)
def test_day_month_order(value, expected):
    assert parse_published(value, now=NOW).local_date == expected


@pytest.mark.parametrize("value", ["2024", "July 2024", "10:30"])
def test_a_year_a_month_or_a_time_alone_is_not_a_date(value):
    assert parse_published(value, now=NOW).reason.startswith("unparseable")


def test_a_parsed_date_passes_through_and_is_checked_again():
    stated = parse_published("2024-07-10T00:30:00+05:30", now=NOW)
    assert parse_published(stated, now=NOW) == stated
    assert parse_published(stated, now=datetime(2024, 7, 1, tzinfo=UTC)).reason.startswith("in-future")


@pytest.mark.parametrize(("day", "expected"), [(date(2024, 7, 10), "2024-07-10"), (None, None)])
def test_local_iso(day, expected):
    assert local_iso(day) == expected


# --- evidence read from URLs and page text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.test/2024/07/09/talks-in-moscow/", date(2024, 7, 9)),
        ("https://news.test/world/2024-07-09-talks-in-moscow", date(2024, 7, 9)),
        ("https://news.test/2024/7/9/talks", date(2024, 7, 9)),
        ("https://news.test/briefs/trade-brief-20240711", date(2024, 7, 11)),
        ("https://news.test/2024/07/09.html", date(2024, 7, 9)),
        ("https://news.test/2024/07/3-questions-for-the-envoy", None),  # a slug starting with a number
        ("https://news.test/sport/series-2024071101", None),  # ten digits: an id
        ("https://news.test/2024/07/", None),  # a month is not a day
        ("https://news.test/2024/02/30/x", None),
        ("https://news.test/list?date=2024-07-09", None),  # the query is not the page's date
        ("", None),
        (None, None),
    ],
)
def test_url_day(url, expected):
    assert url_day(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.7.2024", date(2024, 7, 9)),
        ("09/07/2024", date(2024, 7, 9)),
        ("2024-07-09", date(2024, 7, 9)),
        ("9. Juli 2024", date(2024, 7, 9)),
        ("9 juillet 2024", date(2024, 7, 9)),
        ("July 9th, 2024", date(2024, 7, 9)),
        ("9 июля 2024", date(2024, 7, 9)),
        ("9 जुलाई 2024", date(2024, 7, 9)),
        ("9 July 2024, 21:45", datetime(2024, 7, 9, 21, 45)),
        (
            "9 July 2024 9:45 PM IST",
            datetime(2024, 7, 9, 21, 45, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("09.07.2024 um 08:05 Uhr", datetime(2024, 7, 9, 8, 5)),
        ("31.02.2024", None),
        ("no date here, only 2024", None),
    ],
)
def test_printed_date(text, expected):
    assert printed_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published on 9 July 2024 by the desk", date(2024, 7, 9)),
        ("Posted: 09.07.2024", date(2024, 7, 9)),
        ("Veröffentlicht am Dienstag, 09.07.2024", date(2024, 7, 9)),
        ("Опубликовано 9 июля 2024", date(2024, 7, 9)),
        ("प्रकाशित: 9 जुलाई 2024", date(2024, 7, 9)),
        ("Zuletzt aktualisiert: 10.07.2024 Erschienen am: 09.07.2024", date(2024, 7, 9)),
        ("Updated date: 10.07.2024", None),  # a modification label, not a publication one
        ("Posted 3 replies on 09.07.2024", None),  # digits between: not the label's date
        ("Änderungsdatum: 10.07.2024", None),  # "datum" inside a word
        ("Published by the desk of a long-winded bureau name on 9 July 2024", None),  # too far
    ],
)
def test_labelled_date(text, expected):
    assert labelled_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By A. Writer 9 July 2024 Moscow and New Delhi said", date(2024, 7, 9)),
        ("Von A. Autorin 09.07.2024, 14:30 Uhr Die Gespräche", datetime(2024, 7, 9, 14, 30)),
        ("By A. Writer Updated 1415 GMT July 10, 2024", None),
        ("Last updated 10 Jul 2024, first published earlier", None),
        ("A story without a date under its headline", None),
    ],
)
def test_byline_date(text, expected):
    assert byline_date(text) == expected


# --- deciding the publication date from many candidates ------------------------------------------


def cand(kind: str, value: object, source: str | None = None, tz=UTC) -> Candidate:
    parsed = parse_published(value, now=NOW, default_tz=tz)
    assert parsed, value
    return Candidate(source or kind, kind, parsed)


@pytest.mark.parametrize(
    ("utc", "other", "offset"),
    [
        ("2024-07-09T03:28:35Z", "2024-07-08 22:28:35", -300),  # a naive restatement: New York
        ("2024-07-09T18:45:10Z", "2024-07-10 00:15:10", 330),  # New Delhi
        ("2024-07-09T03:28:35Z", "2024-07-08T22:28:35-05:00", -300),  # a zoned one, same moment
        ("2024-07-09T03:28:35Z", "2024-07-08T22:28:36-05:00", None),  # not the same moment
        ("2024-07-09T03:28:35Z", "2024-07-08 22:28:36", None),  # seconds differ
        ("2024-07-09T03:28:35Z", "2024-07-08 22:21:35", None),  # not a quarter-hour offset
        ("2024-07-09T03:28:35Z", "2024-07-09 03:28:35", None),  # the same clock: nothing learnt
        ("2024-07-09T03:28:35Z", "2024-07-07 22:28:35", None),  # beyond any real offset
        ("2024-07-09T03:28:35+02:00", "2024-07-08 22:28:35", None),  # not stated in UTC
        ("2024-07-09T03:28:35Z", "2024-07-08", None),  # a bare date has no clock to compare
    ],
)
def test_restated_offset(utc, other, offset):
    assert restated_offset(parse_published(utc, now=NOW), parse_published(other, now=NOW)) == offset


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        ("2024-07-09T23:01:00Z", date(2024, 7, 10), True),  # +01:00 makes it the 10th
        ("2024-07-10T03:30:00Z", date(2024, 7, 9), True),  # -05:00 makes it the 9th
        ("2024-07-10T10:04:00Z", date(2024, 7, 9), False),  # only a -10:05 clock would
        ("2024-07-09T23:01:00+01:00", date(2024, 7, 10), False),  # a stated offset pins the day
        ("2024-07-09", date(2024, 7, 10), False),  # a bare date is its day
    ],
)
def test_could_be_day(value, day, expected):
    assert could_be_day(parse_published(value, now=NOW), day) is expected


D9, D10, D11 = date(2024, 7, 9), date(2024, 7, 10), date(2024, 7, 11)


@pytest.mark.parametrize(
    ("candidates", "modified", "day", "source"),
    [
        pytest.param(
            [
                cand("meta", "2024-07-09T10:00:00+05:30", "meta article:published_time"),
                cand("htmldate", "2024-07-09"),
            ],
            [],
            D9,
            "meta article:published_time",
            id="agreement-keeps-the-most-trusted",
        ),
        pytest.param(
            [
                cand("meta", "2024-07-11T10:00:00+05:30"),
                cand("json-ld", "2024-07-09T10:00:00+05:30"),
                cand("htmldate", "2024-07-09"),
            ],
            [],
            D9,
            "json-ld",
            id="agreeing-sources-outvote-one",
        ),
        pytest.param(
            [
                cand("time", "2024-07-11T10:00:00+05:30"),
                cand("json-ld", "2024-07-09T10:00:00+05:30"),
                cand("htmldate", "2024-07-09"),
            ],
            [],
            D9,
            "json-ld",
            id="json-ld-on-htmldates-day-beats-a-lone-time",
        ),
        pytest.param(
            [cand("marked", "2024-07-11"), cand("htmldate", "2024-07-09")],
            [],
            D11,
            "marked",
            id="a-tie-goes-to-the-page-statement",
        ),
        pytest.param(
            [
                cand("generic", "2024-07-11T09:00:00Z"),
                cand("htmldate", "2024-07-11"),
                cand("meta", "2024-07-09T10:00:00Z"),
            ],
            [],
            D9,
            "meta",
            id="meta-date-does-not-count-twice-with-htmldate",
        ),
        pytest.param(
            [cand("generic", "2024-07-11T09:00:00Z"), cand("time", "2024-07-09T10:00:00Z")],
            [parse_published("2024-07-11T09:00:00Z", now=NOW)],
            D9,
            "time",
            id="a-modified-time-is-not-a-publication-time",
        ),
        pytest.param(
            [cand("generic", "2024-07-11T09:00:00Z")],
            [parse_published("2024-07-11T09:00:00Z", now=NOW)],
            D11,
            "generic",
            id="unless-nothing-else-is-left",
        ),
        pytest.param(
            [cand("meta", "2024-07-11"), cand("printed", "2024-07-09"), cand("url", date(2024, 7, 9))],
            [],
            D9,
            "printed",
            id="url-day-picks-the-statement-on-it",
        ),
        pytest.param(
            [
                cand("meta", "2024-06-01T10:00:00Z"),
                cand("htmldate", "2024-06-01"),
                cand("url", date(2024, 7, 9)),
            ],
            [],
            D9,
            "url",
            id="url-day-stands-against-a-far-date",
        ),
        pytest.param(
            [cand("meta", "2024-07-09T23:01:00Z"), cand("url", date(2024, 7, 10))],
            [],
            D10,
            "meta",
            id="url-day-of-a-late-utc-timestamp",
        ),
        pytest.param(
            [cand("json-ld", "2024-07-10T10:04:00Z"), cand("url", date(2024, 7, 9))],
            [],
            D10,
            "json-ld",
            id="a-publication-stamp-a-day-after-the-url",
        ),
        pytest.param(
            [cand("meta", "2024-07-10T03:28:35Z"), cand("meta", "2024-07-09 22:28:35", "meta sailthru.date")],
            [],
            D9,
            "meta",
            id="utc-restated-on-the-newsroom-clock",
        ),
        pytest.param(
            [
                cand("meta", "2024-07-09T23:15:00Z"),
                cand("byline", "2024-07-10"),
                cand("htmldate", "2024-07-09"),
            ],
            [],
            D10,
            "meta",
            id="the-printed-day-of-a-late-utc-timestamp",
        ),
        pytest.param(
            [
                cand("marked", "2024-05-01"),
                cand("marked", "2024-06-01"),
                cand("marked", "2024-06-15"),
                cand("htmldate", "2024-07-09"),
            ],
            [],
            D9,
            "htmldate",
            id="marked-dates-on-many-days-are-a-list",
        ),
        pytest.param(
            [cand("htmldate", "2024-07-09"), cand("feed", "2024-07-09T13:00:00+05:30")],
            [],
            D9,
            "feed",
            id="a-bare-day-takes-a-timestamp-on-that-day",
        ),
        pytest.param(
            [cand("htmldate", "2024-07-09"), cand("feed", "2024-07-11T13:00:00+05:30")],
            [],
            D9,
            "htmldate",
            id="htmldate-before-the-feed",
        ),
    ],
)
def test_decide_published(candidates, modified, day, source):
    chosen = decide_published(candidates, modified)
    assert (chosen.day, chosen.source) == (day, source)


def test_decide_published_without_candidates():
    assert decide_published([]) is None


def test_a_restated_timestamp_keeps_its_instant_and_gains_the_offset():
    chosen = decide_published(
        [cand("meta", "2024-07-10T03:28:35Z"), cand("meta", "2024-07-09 22:28:35", "meta sailthru.date")]
    )
    assert to_iso(chosen.date.value) == "2024-07-10T03:28:35+00:00"
    assert (chosen.date.offset_minutes, chosen.day) == (-300, D9)


def test_a_day_taken_from_elsewhere_drops_the_offset_that_contradicts_it():
    chosen = decide_published([cand("meta", "2024-07-09T23:01:00Z"), cand("url", date(2024, 7, 10))])
    assert to_iso(chosen.date.value) == "2024-07-09T23:01:00+00:00"
    assert (chosen.date.offset_minutes, chosen.day) == (None, D10)


@pytest.mark.parametrize(
    ("kinds_and_days", "kept"),
    [
        ([("time", D9), ("time", D10)], 2),  # published and updated: two days are normal
        ([("time", D9), ("time", D10), ("time", D11)], 0),
        ([("time", D9), ("time", D10), ("time", D11), ("meta", D9)], 1),  # other classes stay
    ],
)
def test_drop_listings(kinds_and_days, kept):
    candidates = [cand(kind, day) for kind, day in kinds_and_days]
    assert len(drop_listings(candidates)) == kept


@pytest.mark.parametrize(
    ("kinds", "day", "count"),
    [
        (["meta", "json-ld", "htmldate"], D9, 3),
        (["meta", "meta", "meta"], D9, 1),  # one class, however many tags
        (["generic", "htmldate"], D9, 1),  # meta date is htmldate's own reading
        (["meta", "htmldate"], D10, 0),
    ],
)
def test_support(kinds, day, count):
    assert support([cand(kind, D9) for kind in kinds], day) == count


@pytest.mark.parametrize(("candidates", "can_change"), [
    # the URL names a day: votes are never counted
    ([cand("url", "2024-07-09"), cand("meta", "2024-07-09T10:00:00+05:30")], False),
    # two classes agree, none dissents: one vote elsewhere is outvoted
    ([cand("meta", "2024-07-09T10:00:00+05:30"), cand("json-ld", "2024-07-09T10:00:00+05:30")], False),
    ([cand("meta", "2024-07-09T10:00:00+05:30"), cand("feed", "2024-07-09")], False),
    # one class alone, or two days in play, or nothing at all: htmldate may decide
    ([cand("meta", "2024-07-09T10:00:00+05:30")], True),
    ([cand("meta", "2024-07-09T10:00:00+05:30"), cand("printed", "2024-07-11")], True),
    ([cand("meta", "2024-07-09T10:00:00+05:30"), cand("generic", "2024-07-09")], True),  # generic is not counted
    ([], True),
])
def test_htmldate_runs_only_where_its_vote_can_change_the_day(candidates, can_change):
    from crawlers.dates import htmldate_can_change

    assert htmldate_can_change(candidates) is can_change
