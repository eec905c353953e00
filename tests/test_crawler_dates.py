"""crawlers/dates.py: parse what pages say, reject what cannot be true — on a frozen clock."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crawlers.dates import parse_published, parse_since, to_iso

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
