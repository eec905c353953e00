"""Publication dates: parse what pages and feeds say, refuse what cannot be true.

Pure functions; `now` is always passed in so tests run on a frozen clock.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

# The web's clocks and time-zone labels are sloppy: an IST timestamp published
# without an offset reads 5h30 "in the future" when taken as UTC, and UTC+14 is
# the largest real offset. Anything later than this past `now` is a bug on the page.
MAX_FUTURE_SKEW = timedelta(hours=14)
# Nothing in this corpus predates the web-era archives of the sources we crawl;
# earlier dates are epoch zeros (1970-01-01) or template placeholders.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date (aware, UTC) or the reason there is none."""

    value: datetime | None
    reason: str | None = None

    def __bool__(self) -> bool:
        return self.value is not None


_PIB_STYLE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})\s+(\d{1,2}):(\d{2})\s*([AP]M)", re.IGNORECASE)


def _coerce(value: object, default_tz: tzinfo) -> datetime | None:
    """Turn a string / datetime / date / struct_time into an aware datetime, or None."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, time.struct_time):
        # feedparser's *_parsed fields are struct_time in UTC
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    elif isinstance(value, str):
        text = " ".join(value.split())
        if not text:
            return None
        dt = _parse_string(text)
        if dt is None:
            return None
    else:
        return None
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=default_tz)
    return dt.astimezone(UTC)


def _parse_string(text: str) -> datetime | None:
    # ISO 8601 first: it is what metadata should carry and it is unambiguous.
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    # RFC 822 / 2822 ("Tue, 09 Jul 2024 10:30:00 +0530"), the RSS 2.0 format.
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    # "10 MAY 2024 1:08PM" (PIB's "Posted On" line) — dateutil reads it, but be explicit
    match = _PIB_STYLE.search(text)
    if match:
        day, month, year, hour, minute, ampm = match.groups()
        try:
            return datetime.strptime(
                f"{day} {month[:3].title()} {year} {hour}:{minute} {ampm.upper()}", "%d %b %Y %I:%M %p"
            )
        except ValueError:
            pass
    try:
        # dayfirst: Indian and Russian outlets write 09/07/2024 for 9 July
        return dateutil_parser.parse(text, dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError):
        return None


def parse_published(
    value: object, *, now: datetime, default_tz: tzinfo = UTC, max_future_skew: timedelta = MAX_FUTURE_SKEW
) -> ParsedDate:
    """Parse a publication date and reject impossible ones, saying why.

    >>> parse_published("2024-07-09T16:00:00+05:30", now=datetime(2024, 7, 10, tzinfo=UTC)).value
    datetime.datetime(2024, 7, 9, 10, 30, tzinfo=datetime.timezone.utc)

    Naive values are read in `default_tz` (UTC unless the caller knows better,
    e.g. Asia/Kolkata for PIB). Rejections: "missing", "unparseable",
    "in-future" (later than now + skew), "too-old" (before 1990).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ParsedDate(None, "missing: no date given")
    dt = _coerce(value, default_tz)
    if dt is None:
        return ParsedDate(None, f"unparseable: {str(value)[:60]!r} is not a date")
    if dt > now + max_future_skew:
        return ParsedDate(
            None, f"in-future: {dt.isoformat()} is later than {now.isoformat()} + {max_future_skew}"
        )
    if dt < EARLIEST:
        return ParsedDate(None, f"too-old: {dt.isoformat()} is before {EARLIEST.date().isoformat()}")
    return ParsedDate(dt)


def to_iso(dt: datetime | None) -> str | None:
    """UTC ISO 8601 with an explicit offset: '2024-07-09T10:30:00+00:00'."""
    if dt is None:
        return None
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def parse_since(value: str | date | None) -> datetime | None:
    """`-a since=2024-07-01` → midnight UTC of that day (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"since={value!r}: expected YYYY-MM-DD") from exc
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
