"""The period a brief covers: an ISO week or a range of days, and the period before it to compare against.

Days are publisher-local calendar days (the `day` of the analyst views), so a period is a pair of dates,
`since` inclusive and `until` exclusive; `start_utc`/`end_utc` give the same bounds as UTC instants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEK = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


@dataclass(frozen=True)
class Period:
    since: date          # first day, inclusive
    until: date          # the day after the last one, exclusive
    week: str | None = None   # '2026-W48' when the period is exactly that ISO week

    def __post_init__(self):
        if self.until <= self.since:
            raise ValueError(f"empty period: {self.since} .. {self.until} (the end must come after the start)")

    @property
    def days(self) -> int:
        return (self.until - self.since).days

    @property
    def last_day(self) -> date:
        return self.until - timedelta(days=1)

    @property
    def key(self) -> str:
        """What a sent brief is recorded under: '2026-W48', or '2026-11-01..2026-11-30' (last day inclusive)."""
        return self.week or f"{self.since.isoformat()}..{self.last_day.isoformat()}"

    @property
    def label(self) -> str:
        """'2026-W48 (23–29 Nov 2026)' or '1 Dec 2021 – 31 Oct 2025'."""
        span = describe_span(self.since, self.last_day)
        return f"{self.week} ({span})" if self.week else span

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.since, time(0), UTC)

    @property
    def end_utc(self) -> datetime:
        return datetime.combine(self.until, time(0), UTC)

    def previous(self) -> Period:
        """The period of the same length just before: the previous ISO week for a week."""
        since = self.since - timedelta(days=self.days)
        return Period(since, self.since, week_name(since) if self.week else None)


def week_name(monday: date) -> str:
    """The ISO week a day falls in.

    >>> week_name(date(2026, 11, 23))
    '2026-W48'
    """
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> Period:
    """An ISO week, '2026-W48' (or '2026W48'): Monday to the next Monday.

    >>> parse_week("2026-W48").since
    datetime.date(2026, 11, 23)
    """
    match = _WEEK.match(text or "")
    if not match:
        raise ValueError(f"invalid ISO week {text!r} (expected YYYY-Www, e.g. 2026-W48)")
    year, week = int(match.group(1)), int(match.group(2))
    weeks = weeks_in_year(year)
    if not 1 <= week <= weeks:
        raise ValueError(f"invalid ISO week {text!r}: {year} has weeks 1 to {weeks}")
    monday = date.fromisocalendar(year, week, 1)
    return Period(monday, monday + timedelta(days=7), week_name(monday))


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always falls in the year's last ISO week."""
    return date(year, 12, 28).isocalendar()[1]


def week_of(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=7), week_name(monday))


def previous_week(now: datetime) -> Period:
    """The last complete ISO week before the one `now` (an aware instant) falls in, by the UTC calendar."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return week_of(now.astimezone(UTC).date()).previous()


def day_range(since: date, last_day: date) -> Period:
    """The days from `since` to `last_day`, both included; an exact ISO week is named as one."""
    if last_day < since:
        raise ValueError(f"--until {last_day} is before --since {since}")
    period = Period(since, last_day + timedelta(days=1))
    if since.weekday() == 0 and period.days == 7:
        return Period(period.since, period.until, week_name(since))
    return period


def describe_span(first: date, last: date) -> str:
    """'23–29 Nov 2026', '30 Nov – 6 Dec 2026', '29 Dec 2025 – 4 Jan 2026', '5 Dec 2026'."""
    # month names spelled here, not by strftime, so the locale cannot change them
    def day(d: date, year: bool = True) -> str:
        return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")

    if first == last:
        return day(first)
    if first.year != last.year:
        return f"{day(first)} – {day(last)}"
    if first.month != last.month:
        return f"{day(first, False)} – {day(last)}"
    return f"{first.day}–{day(last)}"
