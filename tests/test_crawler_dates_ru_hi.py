"""Russian and Hindi dates (crawlers/dates.py): printed forms, Devanagari digits, МСК/IST, relative days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crawlers.dates import (
    ascii_digits,
    byline_date,
    labelled_date,
    parse_published,
    printed_date,
    relative_day,
    whole_printed_date,
)

NOW = datetime(2024, 7, 10, 12, 0, tzinfo=UTC)
MSK = ZoneInfo("Europe/Moscow")
PLUS3 = timezone(timedelta(hours=3))
PLUS530 = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("value", "local_day", "offset", "utc", "has_time"),
    [
        ("5 октября 2018 г.", date(2018, 10, 5), None, None, False),
        ("05.10.2018", date(2018, 10, 5), None, None, False),
        ("5 окт. 2018", date(2018, 10, 5), None, None, False),
        ("1 ноября 2021 года", date(2021, 11, 1), None, None, False),
        ("вторник, 5 октября 2018", date(2018, 10, 5), None, None, False),
        ("5 октября 2018 г., 14:30 МСК", date(2018, 10, 5), 180, datetime(2018, 10, 5, 11, 30, tzinfo=UTC), True),
        ("5 октября 2018, 23:30 MSK", date(2018, 10, 5), 180, datetime(2018, 10, 5, 20, 30, tzinfo=UTC), True),
        ("Пт, 5 окт 2018 14:30 МСК", date(2018, 10, 5), 180, datetime(2018, 10, 5, 11, 30, tzinfo=UTC), True),
        ("2018-10-05T14:30:00+03:00", date(2018, 10, 5), 180, datetime(2018, 10, 5, 11, 30, tzinfo=UTC), True),
        ("Fri, 05 Oct 2018 01:30:00 +0300", date(2018, 10, 5), 180, datetime(2018, 10, 4, 22, 30, tzinfo=UTC), True),
        ("14 नवंबर 2021", date(2021, 11, 14), None, None, False),
        ("14 नवम्बर, 2021", date(2021, 11, 14), None, None, False),
        ("१४ नवंबर २०२१", date(2021, 11, 14), None, None, False),
        ("3 फ़रवरी 2022", date(2022, 2, 3), None, None, False),
        ("3 \u095eरवरी 2022", date(2022, 2, 3), None, None, False),  # nukta letter precomposed
        ("सोमवार, 14 नवंबर 2021", date(2021, 11, 14), None, None, False),
        ("14 नवंबर 2021, 10:30 AM IST", date(2021, 11, 14), 330, datetime(2021, 11, 14, 5, 0, tzinfo=UTC), True),
        # 00:30 IST is the evening before in UTC: the publisher's day stays 14 November
        ("14 नवंबर 2021 00:30 IST", date(2021, 11, 14), 330, datetime(2021, 11, 13, 19, 0, tzinfo=UTC), True),
        ("१४:३० IST, १४ नवंबर २०२१", date(2021, 11, 14), 330, datetime(2021, 11, 14, 9, 0, tzinfo=UTC), True),
        ("2021-11-14T10:30:00+05:30", date(2021, 11, 14), 330, datetime(2021, 11, 14, 5, 0, tzinfo=UTC), True),
    ],
)
def test_parse_published_russian_and_hindi(value, local_day, offset, utc, has_time):
    parsed = parse_published(value, now=NOW)
    assert parsed, parsed.reason
    assert (parsed.local_date, parsed.offset_minutes, parsed.has_time) == (local_day, offset, has_time)
    if utc is not None:
        assert parsed.value == utc


@pytest.mark.parametrize(
    ("value", "reason_code"),
    [
        ("октябрь 2018", "unparseable"),  # a month is not a publication day
        ("2018 год", "unparseable"),
        ("завтра", "unparseable"),  # never read relative to the machine's clock
        ("2 часа назад", "unparseable"),
        ("3 दिन पहले", "unparseable"),
        ("कल 10:30", "unparseable"),  # कल is yesterday and tomorrow alike
        ("5 октября 2031 г.", "in-future"),
        ("5 октября 1931 г.", "too-old"),
    ],
)
def test_parse_published_refuses_russian_and_hindi(value, reason_code):
    parsed = parse_published(value, now=NOW)
    assert not parsed and parsed.reason.startswith(reason_code)


@pytest.mark.parametrize(
    ("text", "default_tz", "expected"),
    [
        ("сегодня", UTC, date(2024, 7, 10)),
        ("Сегодня, 14:30", UTC, datetime(2024, 7, 10, 14, 30)),
        ("вчера в 09:15", UTC, datetime(2024, 7, 9, 9, 15)),
        ("позавчера", UTC, date(2024, 7, 8)),
        ("вчера, 09:15 МСК", UTC, datetime(2024, 7, 9, 9, 15, tzinfo=PLUS3)),
        ("आज 10:30", UTC, datetime(2024, 7, 10, 10, 30)),
        ("yesterday", UTC, date(2024, 7, 9)),
        # 12:00 UTC is already the next day nowhere, but 23:00 UTC is in Moscow
        ("сегодня", MSK, date(2024, 7, 10)),
        ("сегодня в Москве", UTC, None),
        ("вчера был дождь", UTC, None),
        ("कल", UTC, None),
    ],
)
def test_relative_day(text, default_tz, expected):
    got = relative_day(text, now=NOW, default_tz=default_tz)
    if isinstance(expected, datetime) and expected.tzinfo is not None:
        assert got == expected and got.utcoffset() == expected.utcoffset()
    else:
        assert got == expected


def test_relative_day_uses_the_publishers_calendar():
    late = datetime(2024, 7, 10, 22, 0, tzinfo=UTC)  # 01:00 on 11 July in Moscow
    assert relative_day("сегодня", now=late, default_tz=MSK) == date(2024, 7, 11)
    assert relative_day("сегодня", now=late, default_tz=UTC) == date(2024, 7, 10)
    parsed = parse_published("вчера, 23:50", now=late, default_tz=MSK)
    assert parsed.local_date == date(2024, 7, 10) and parsed.value == datetime(2024, 7, 10, 20, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("१४ नवंबर २०२१", "14 नवंबर 2021"),
        ("०५.१०.२०१८", "05.10.2018"),
        ("14 नवंबर 2021", "14 नवंबर 2021"),
    ],
)
def test_ascii_digits(text, expected):
    assert ascii_digits(text) == expected and len(ascii_digits(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Москва, 5 октября 2018 г. Россия передала первый дивизион", date(2018, 10, 5)),
        ("नई दिल्ली, १४ नवंबर २०२१: भारत को पहली खेप मिली", date(2021, 11, 14)),
        ("5 октября 2018 г., 14:30 МСК", datetime(2018, 10, 5, 14, 30, tzinfo=PLUS3)),
        ("05.10.2018 в 14:30", datetime(2018, 10, 5, 14, 30)),
        ("14 नवम्बर, 2021 10:30 PM IST", datetime(2021, 11, 14, 22, 30, tzinfo=PLUS530)),
        ("Дата не указана", None),
    ],
)
def test_printed_date_in_russian_and_hindi_text(text, expected):
    got = printed_date(text)
    assert got == expected
    if isinstance(expected, datetime):
        assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 октября 2018 г.", date(2018, 10, 5)),
        ("5 октября 2018 г., 14:30 МСК", datetime(2018, 10, 5, 14, 30)),
        ("5 октября 2018 г. Россия передала", None),  # a date followed by text is not a date field
        ("14 नवंबर 2021", date(2021, 11, 14)),
    ],
)
def test_whole_printed_date(text, expected):
    got = whole_printed_date(text)
    assert (got.replace(tzinfo=None) if isinstance(got, datetime) else got) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Опубликовано: 5 октября 2018 г., 14:30", datetime(2018, 10, 5, 14, 30)),
        ("Дата публикации: 05.10.2018", date(2018, 10, 5)),
        ("Обновлено 06.10.2018. Опубликовано 05.10.2018", date(2018, 10, 5)),
        ("प्रकाशित: १४ नवंबर २०२१", date(2021, 11, 14)),
        ("पब्लिश्ड: 14 नवंबर 2021", date(2021, 11, 14)),
        ("अपडेटेड 15 नवंबर 2021", None),
    ],
)
def test_labelled_date_russian_and_hindi(text, expected):
    assert labelled_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Иван Петров 5 октября 2018, 14:30", datetime(2018, 10, 5, 14, 30)),
        ("Обновлено 6 октября 2018", None),
        ("अपडेटेड: 15 नवंबर 2021", None),
        ("एजेंसी, नई दिल्ली | १४ नवंबर २०२१", date(2021, 11, 14)),
    ],
)
def test_byline_date_russian_and_hindi(text, expected):
    assert byline_date(text) == expected
