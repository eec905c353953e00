"""Publication dates: parse what pages and feeds say, refuse what cannot be true.

Pure functions; `now` is always passed in so tests run on a frozen clock.

A date is kept as the publisher stated it: the UTC instant (what sorting and
`since` need), the UTC offset the publisher wrote (None when it wrote none) and
the publisher's calendar day. The day is never moved by UTC conversion: a page
published at 00:30 IST on 10 July is a 10 July page, although the instant is
9 July 19:00 UTC.
"""

from __future__ import annotations

import calendar
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

# The web's clocks and time-zone labels are sloppy: an IST timestamp published
# without an offset reads 5h30 "in the future" when taken as UTC, and UTC+14 is
# the largest real offset. Anything later than this past `now` is a bug on the page.
MAX_FUTURE_SKEW = timedelta(hours=14)
# Nothing in this corpus predates the web-era archives of the sources we crawl;
# earlier dates are epoch zeros (1970-01-01) or template placeholders.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# Real offsets run from UTC-12 to UTC+14 (the store's check constraint says the same).
MIN_OFFSET_MINUTES, MAX_OFFSET_MINUTES = -720, 840


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date or the reason there is none.

    `value` is aware and in UTC. `offset_minutes` is the offset the source stated
    (330 for +05:30), None when it gave a bare date or a time without a zone.
    `local_date` is the day on the publisher's calendar. `has_time` is False for
    a bare date, whose instant (midnight in the reader's default zone) is a
    convention, not information.
    """

    value: datetime | None
    reason: str | None = None
    offset_minutes: int | None = None
    local_date: date | None = None
    has_time: bool = True
    wall: datetime | None = None  # naive: the clock reading as written, in whatever zone the source used

    def __bool__(self) -> bool:
        return self.value is not None


_PIB_STYLE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})\s+(\d{1,2}):(\d{2})\s*([AP]M)", re.IGNORECASE)
_CLOCK = re.compile(r"\d:\d\d")
_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_COMPACT_DAY = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
# Zone abbreviations that mean one thing for the sources irwatch reads. "IST" is
# India's (Irish and Israeli outlets are not crawled); "CST" is left out (China or
# US Central). Unknown abbreviations leave the time naive, read in the default zone.
ZONE_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "IST": 330,
    "MSK": 180,
    "МСК": 180,  # Russian outlets write Moscow time in Cyrillic ("14:30 МСК")
    "CET": 60,
    "CEST": 120,
    "BST": 60,
    "EST": -300,
    "EDT": -240,
    "PST": -480,
    "PDT": -420,
}
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S+)?$"
)
_TRAILING_ZONE = re.compile(r"\s([A-ZА-Я]{1,4})$")
# "GMT+5:30", "UTC+05:30", "GMT-0500": written as a numeric offset so every parser reads the same sign
# (dateutil reads "GMT+5" POSIX-style, as five hours *behind*)
_NAMED_OFFSET = re.compile(r"\s*\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$")
# dateutil fills fields a string lacks from its `default`; two different
# defaults tell a full date from a year or a month ("2024", "July 2024").
_PROBE_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def offset_zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def _offset_of(dt: datetime) -> int | None:
    delta = dt.utcoffset()
    if delta is None:
        return None
    minutes = int(delta.total_seconds() // 60)
    return minutes if MIN_OFFSET_MINUTES <= minutes <= MAX_OFFSET_MINUTES else None


def _known_zone(text: str) -> tzinfo | None:
    match = _TRAILING_ZONE.search(text)
    if match and match.group(1) in ZONE_ABBREVIATIONS:
        return offset_zone(ZONE_ABBREVIATIONS[match.group(1)])
    return None


def _numeric_offset(text: str) -> str:
    return _NAMED_OFFSET.sub(lambda m: f" {m[1]}{int(m[2]):02d}{m[3] or '00'}", text)


# Devanagari (and other Unicode) digits, one character for one so match offsets stay valid:
# Hindi pages print "१४ नवंबर २०२१" as often as "14 नवंबर 2021".
_DIGITS = str.maketrans({chr(base + n): str(n) for base in (0x0966, 0x0660, 0x06F0, 0x09E6) for n in range(10)})


def ascii_digits(text: str) -> str:
    """'१४ नवंबर २०२१' → '14 नवंबर 2021' (same length, so offsets into `text` still hold)."""
    return text.translate(_DIGITS)


# "сегодня, 14:30", "вчера в 09:15", "today 10:00", "आज 10:30": news listings and feeds
# of Russian outlets say the day relative to the reader's. Hindi "कल" is left out on
# purpose: it means both yesterday and tomorrow.
RELATIVE_DAYS = {"сегодня": 0, "вчера": 1, "позавчера": 2, "today": 0, "yesterday": 1, "आज": 0}
_RELATIVE = re.compile(
    r"(?P<word>" + "|".join(RELATIVE_DAYS) + r")(?!\w)\s*,?\s*(?:в|at)?\s*"
    r"(?:(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d))?\s*(?P<zone>[A-ZА-Я]{2,4})?$",
    re.IGNORECASE,
)


def relative_day(text: str, *, now: datetime, default_tz: tzinfo = UTC) -> datetime | date | None:
    """'вчера, 14:30' with `now` → that clock reading on the day before `now` on the publisher's clock.

    Returns an aware datetime when a known zone follows, a naive one for a bare
    clock, a date for the word alone, None for anything else.
    """
    match = _RELATIVE.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    zone_minutes = ZONE_ABBREVIATIONS.get((match["zone"] or "").upper())
    zone = offset_zone(zone_minutes) if zone_minutes is not None else default_tz
    day = now.astimezone(zone).date() - timedelta(days=RELATIVE_DAYS[match["word"].lower()])
    if match["h"] is None:
        return day
    moment = datetime(day.year, day.month, day.day, int(match["h"]), int(match["m"]))
    return moment.replace(tzinfo=offset_zone(zone_minutes)) if zone_minutes is not None else moment


def _parse_string(text: str) -> datetime | None:
    text = _numeric_offset(ascii_digits(text))
    # ISO 8601 first: it is what metadata should carry and it is unambiguous.
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    compact = _COMPACT_DAY.fullmatch(text)
    if compact:
        # "20240709": dateutil's dayfirst would read it as 7 September
        try:
            return datetime(*(int(g) for g in compact.groups()))
        except ValueError:
            return None
    # RFC 822 / 2822 ("Tue, 09 Jul 2024 10:30:00 +0530"), the RSS 2.0 format. Only in its own shape:
    # email.utils guesses at anything else ("Jul 9, 2024 9:45 PM" comes out as 09:45).
    try:
        dt = parsedate_to_datetime(text) if _RFC822.match(text) else None
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        zone = _known_zone(text) if dt.tzinfo is None else None
        return dt.replace(tzinfo=zone) if zone else dt
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
    parsed = _parse_with_dateutil(text)
    if parsed is None and not text.isascii():
        # "5 октября 2018 г.", "14 नवंबर 2021, 10:30 IST": dateutil knows English month names only
        printed = whole_printed_date(text)
        if isinstance(printed, datetime):
            return printed
        if isinstance(printed, date):
            return datetime(printed.year, printed.month, printed.day)
        return _parse_with_dateparser(text)
    return parsed


_ZONE_WORD = re.compile(r"(?<!\w)(" + "|".join(ZONE_ABBREVIATIONS) + r")(?!\w)")
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,  # a year or a month alone is not a publication day
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
    # no "завтра", "2 часа назад": relative dates need `now`, which relative_day has and dateparser has not
    "PARSERS": ["custom-formats", "absolute-time"],
}


def _parse_with_dateparser(text: str) -> datetime | None:
    """Russian and Hindi dates in the shapes the printed-date pattern does not know
    ('14:30, 5 октября 2018', 'вторник, 5 октября 2018'). Zone abbreviations are
    read here, not by dateparser, which takes "IST" for Israel."""
    import dateparser  # imported on first use: loading its language data costs every other page

    zone_match = _ZONE_WORD.search(text)
    bare = _ZONE_WORD.sub(" ", text) if zone_match else text
    try:
        parsed = dateparser.parse(bare, languages=["ru", "hi", "en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or parsed.tzinfo is not None or zone_match is None:
        return parsed
    return parsed.replace(tzinfo=offset_zone(ZONE_ABBREVIATIONS[zone_match.group(1)]))


def _parse_with_dateutil(text: str) -> datetime | None:
    tzinfos = {name: minutes * 60 for name, minutes in ZONE_ABBREVIATIONS.items()}
    # dayfirst: Indian and Russian outlets write 09/07/2024 for 9 July; but dateutil applies it
    # to year-first text too ("2024-07-09T23:15:0Z" would be 7 September)
    dayfirst = not _YEAR_FIRST.match(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names: the time stays naive, as documented
            first, second = (
                dateutil_parser.parse(text, dayfirst=dayfirst, fuzzy=False, default=d, tzinfos=tzinfos)
                for d in _PROBE_DEFAULTS
            )
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None  # a year or a month is not a publication day
    return first


def _coerce(value: object) -> tuple[datetime, bool] | None:
    """A string / datetime / date / struct_time as (datetime, has_time); naive when no zone was given."""
    if isinstance(value, datetime):
        return value, True
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    if isinstance(value, time.struct_time):
        # feedparser's *_parsed fields are struct_time in UTC
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC), True
    if isinstance(value, str):
        text = " ".join(value.split())
        dt = _parse_string(text) if text else None
        if dt is None:
            return None
        return dt, bool(_CLOCK.search(text)) or dt.tzinfo is not None
    return None


def as_stated(dt: datetime, *, default_tz: tzinfo = UTC, has_time: bool = True) -> ParsedDate:
    """A datetime as a ParsedDate: aware ones keep their offset, naive ones are read in `default_tz`."""
    wall = dt.replace(tzinfo=None)
    if dt.tzinfo is None or dt.utcoffset() is None:
        return ParsedDate(
            dt.replace(tzinfo=default_tz).astimezone(UTC), None, None, dt.date(), has_time, wall
        )
    return ParsedDate(dt.astimezone(UTC), None, _offset_of(dt), dt.date(), has_time, wall)


def parse_published(
    value: object, *, now: datetime, default_tz: tzinfo = UTC, max_future_skew: timedelta = MAX_FUTURE_SKEW
) -> ParsedDate:
    """Parse a publication date and reject impossible ones, saying why.

    >>> parse_published("2024-07-09T16:00:00+05:30", now=datetime(2024, 7, 10, tzinfo=UTC)).value
    datetime.datetime(2024, 7, 9, 10, 30, tzinfo=datetime.timezone.utc)

    Naive values are read in `default_tz` (UTC unless the caller knows better,
    e.g. Asia/Kolkata for PIB); their offset stays None, as the page stated none.
    A ParsedDate is checked again and keeps what it says. Rejections: "missing",
    "unparseable" (also a bare year or month), "in-future" (later than now + skew),
    "too-old" (before 1990).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ParsedDate(None, "missing: no date given")
    if isinstance(value, ParsedDate):
        if value.value is None:
            return value
        parsed = value
    else:
        relative = relative_day(value, now=now, default_tz=default_tz) if isinstance(value, str) else None
        coerced = _coerce(relative if relative is not None else value)
        if coerced is None:
            return ParsedDate(None, f"unparseable: {str(value)[:60]!r} is not a date")
        parsed = as_stated(coerced[0], default_tz=default_tz, has_time=coerced[1])
        if isinstance(value, time.struct_time):
            parsed = replace(parsed, offset_minutes=None)  # feedparser already dropped the feed's offset
    dt = parsed.value
    if dt > now + max_future_skew:
        return ParsedDate(
            None, f"in-future: {dt.isoformat()} is later than {now.isoformat()} + {max_future_skew}"
        )
    if dt < EARLIEST:
        return ParsedDate(None, f"too-old: {dt.isoformat()} is before {EARLIEST.date().isoformat()}")
    return parsed


def local_iso(day: date | None) -> str | None:
    """The publisher's day as 'YYYY-MM-DD' (None stays None)."""
    return day.isoformat() if day is not None else None


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


# --- evidence about one page's publication day ----------------------------------------------------

# "/2024/07/09/", "-2024-07-09-", "_2024_7_9.html": one separator throughout, and the day must end
# there, so "/2024/07/3-questions" (a slug starting with a number) is no date.
_URL_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?=\2|/|\.|$)")
# "/20240709/" or "-20240709": eight digits standing alone between separators
_URL_COMPACT_DAY = re.compile(r"(?<=[/_-])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def url_day(url: str | None) -> date | None:
    """The publication day written in a URL's path ('/2024/07/09/…'), or None.

    Only the path: a date in the query string is more often a listing filter.
    """
    if not url:
        return None
    path = urlsplit(url).path
    match = _URL_DAY.search(path)
    groups = (match.group(1), match.group(3), match.group(4)) if match else None
    if groups is None:
        compact = _URL_COMPACT_DAY.search(path)
        groups = compact.groups() if compact else None
    if groups is None:
        return None
    try:
        return date(*(int(g) for g in groups))
    except ValueError:
        return None


@dataclass(frozen=True)
class Candidate:
    """One piece of evidence about the publication date: where it was read, its class, its value."""

    source: str  # for logs and `published_from`: "meta article:published_time", "htmldate", ...
    kind: str  # one of EVIDENCE_ORDER
    date: ParsedDate

    @property
    def day(self) -> date | None:
        return self.date.local_date


# Evidence classes, most trusted first. The page's own statements: "meta" (keys that say
# "published": article:published_time, datePublished, ...), "json-ld" (datePublished), "layout"
# (a date a site spider read from the page layout), "marked" (markup that calls itself the
# publication date: <time itemprop=datePublished>, bylines), "printed" (a date after a
# publication label in the text), "byline" (the first date printed under the headline),
# "generic" (meta date / dc.date, which CMSs fill with the publication, modification or render
# time alike), "time" (other <time>s of the article). Then the votes from outside them: "url" (a
# date in the URL path), "htmldate" (its original-date guess), "feed" (feed, sitemap, listing).
PAGE_KINDS = ("meta", "json-ld", "layout", "marked", "printed", "byline", "generic", "time")
VOTE_KINDS = ("url", "htmldate", "feed")
EVIDENCE_ORDER = (*PAGE_KINDS, *VOTE_KINDS)
# htmldate reads meta date / dc.date itself: counting both would count one statement twice
UNCOUNTED_KINDS = ("generic",)
# Visible-date classes that can repeat: several days among them is a list of other stories.
LISTED_KINDS = ("marked", "printed", "byline", "time")
MAX_LISTED_DAYS = 2
# Classes that do not say "published": carrying exactly the page's modified time, they are that.
UNLABELLED_KINDS = ("generic", "time")
# The classes whose timestamps are written for "published" by the CMS.
STAMPED_KINDS = ("meta", "json-ld")
ONE_DAY = timedelta(days=1)
# What a reader sees printed on the page.
VISIBLE_KINDS = ("layout", "marked", "printed", "byline")
# The offsets newsrooms publish from, to judge which local day a UTC timestamp was on: Hawaii
# (-10:00) to eastern Australia in summer (+11:00). The full -12..+14 would let a mid-morning
# UTC time belong to the day before.
NEWSROOM_OFFSETS = (-600, 660)


def _trust(c: Candidate) -> int:
    return EVIDENCE_ORDER.index(c.kind)


def restated_offset(utc: ParsedDate, other: ParsedDate) -> int | None:
    """The publisher's offset when `other` writes the moment `utc` states in UTC on a local clock.

    CMSs often put UTC in article:published_time and the newsroom's clock in a
    byline <time> or a naive sailthru.date: "2024-07-10T03:20:15+00:00" beside
    "2024-07-09 22:20:15" says the publisher is at -05:00 and its day is 9 July.
    A naive restatement counts in whole quarter hours within real offsets, to the second.
    """
    if utc.offset_minutes != 0 or not (utc.has_time and other.has_time) or other.wall is None:
        return None
    if other.offset_minutes is not None:
        same_moment = abs((other.value - utc.value).total_seconds()) < 1
        return other.offset_minutes if same_moment and other.offset_minutes != 0 else None
    shift = (other.wall - utc.value.replace(tzinfo=None)).total_seconds()
    if shift == 0 or shift % 900:
        return None
    minutes = int(shift // 60)
    return minutes if MIN_OFFSET_MINUTES <= minutes <= MAX_OFFSET_MINUTES else None


def in_offset(parsed: ParsedDate, minutes: int) -> ParsedDate:
    """The same instant on the clock of UTC+`minutes`."""
    local = parsed.value.astimezone(offset_zone(minutes))
    return replace(parsed, offset_minutes=minutes, local_date=local.date(), wall=local.replace(tzinfo=None))


def restate_local(candidates: list[Candidate]) -> list[Candidate]:
    """UTC-stated candidates moved to the publisher's clock where another candidate reveals it."""
    out = []
    for cand in candidates:
        offsets = (restated_offset(cand.date, other.date) for other in candidates if other is not cand)
        found = next((m for m in offsets if m is not None), None)
        out.append(replace(cand, date=in_offset(cand.date, found)) if found is not None else cand)
    return out


def drop_listings(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates of a visible-date class that names more than MAX_LISTED_DAYS days are dropped."""
    days: dict[str, set[date]] = {}
    for c in candidates:
        days.setdefault(c.kind, set()).add(c.day)
    return [c for c in candidates if c.kind not in LISTED_KINDS or len(days[c.kind]) <= MAX_LISTED_DAYS]


def drop_modified(candidates: list[Candidate], modified: list[ParsedDate]) -> list[Candidate]:
    """Unlabelled candidates that are exactly the page's modification time, unless nothing else is left."""
    changed = {m.value for m in modified if m.has_time}
    kept = [
        c
        for c in candidates
        if not (c.kind in UNLABELLED_KINDS and c.date.has_time and c.date.value in changed)
    ]
    return kept if any(c.kind in PAGE_KINDS for c in kept) else candidates


def could_be_day(parsed: ParsedDate, day: date) -> bool:
    """Could this UTC-stated instant be on `day` on a newsroom's clock? (Other offsets pin the day.)"""
    if not parsed.has_time or parsed.offset_minutes != 0:
        return False
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    earliest, latest = NEWSROOM_OFFSETS
    return start - timedelta(minutes=latest) <= parsed.value < start + timedelta(days=1, minutes=-earliest)


def on_day(cand: Candidate, day: date) -> Candidate:
    """`cand`'s instant, judged to fall on the publisher's `day`; its stated offset no longer fits."""
    return replace(cand, date=replace(cand.date, local_date=day, offset_minutes=None))


def support(candidates: list[Candidate], day: date) -> int:
    """How many evidence classes name `day`: agreeing classes outvote one class alone."""
    return len({c.kind for c in candidates if c.day == day and c.kind not in UNCOUNTED_KINDS})


def by_url(candidates: list[Candidate], day: date) -> Candidate:
    """The pick when the URL path names `day`."""
    page = sorted((c for c in candidates if c.kind in PAGE_KINDS), key=_trust)
    agreeing = [c for c in page if c.day == day]
    if agreeing:
        return agreeing[0]
    best = page[0] if page else None
    if best is not None and could_be_day(best.date, day):
        # "2024-07-09T23:10:00Z" under /2024/07/10/: the UTC day is not the publisher's
        return on_day(best, day)
    if (
        best is not None
        and best.kind in STAMPED_KINDS
        and best.date.has_time
        and abs(best.day - day) == ONE_DAY
    ):
        # a URL is minted when the story is drafted; a publication timestamp a day off is the publication
        return best
    return next(c for c in candidates if c.kind == "url")


def by_votes(candidates: list[Candidate]) -> Candidate | None:
    """The day most evidence classes name, ties to the most trusted class."""
    ranked = sorted(candidates, key=_trust)
    if not ranked:
        return None
    top = max(support(candidates, c.day) for c in ranked)
    return next(c for c in ranked if support(candidates, c.day) == top)


def shown_day(pick: Candidate, candidates: list[Candidate]) -> Candidate:
    """A UTC timestamp takes the bare day the page prints, when it could be on that day.

    "2024-07-09T23:15Z" in the metadata and "10 July 2024" under the headline: the
    page was published after midnight on its own clock.
    """
    shown = sorted(
        (
            c
            for c in candidates
            if c.kind in VISIBLE_KINDS
            and not c.date.has_time
            and c.day != pick.day
            and could_be_day(pick.date, c.day)
        ),
        key=_trust,
    )
    return on_day(pick, shown[0].day) if shown else pick


def pick_day(candidates: list[Candidate]) -> Candidate | None:
    """The candidate whose day is the publication day.

    1. A date in the URL path is strong evidence (by_url): the most trusted page
       statement on that day wins; a UTC timestamp a newsroom's clock could put on
       it is taken to be on it; a publication stamp one day off wins over it;
       otherwise the URL's day stands alone.
    2. Otherwise the day named by the most evidence classes — htmldate and the feed
       vote too; meta date / dc.date are not counted, htmldate reads them as well —
       ties going to the most trusted class; a UTC timestamp so chosen takes the day
       printed on the page if it could be on it (shown_day).
    """
    url = next((c for c in candidates if c.kind == "url"), None)
    if url is not None:
        return by_url(candidates, url.day)
    pick = by_votes(candidates)
    return shown_day(pick, candidates) if pick is not None else None


def with_time(pick: Candidate, candidates: list[Candidate]) -> Candidate:
    """A bare day keeps its day but takes the instant of the most trusted timestamp on that day."""
    if pick.date.has_time:
        return pick
    timed = sorted((c for c in candidates if c.date.has_time and c.day == pick.day), key=_trust)
    return timed[0] if timed else pick


def htmldate_can_change(candidates: list[Candidate], modified: list[ParsedDate] = ()) -> bool:
    """Could an htmldate vote, on any day, change what decide_published picks from `candidates`? (pure)

    Not when the URL names a day (by_url never counts votes), nor when every counted class that
    survives the clean-up names one day and at least two classes do: one vote elsewhere is outvoted.
    htmldate is the slowest step of extraction, so it runs only where it can matter.
    """
    prepared = drop_modified(drop_listings(restate_local(candidates)), list(modified))
    if any(c.kind == "url" for c in prepared):
        return False
    kinds_by_day: dict[date | None, set[str]] = {}
    for c in prepared:
        if c.kind not in UNCOUNTED_KINDS:
            kinds_by_day.setdefault(c.day, set()).add(c.kind)
    return not (len(kinds_by_day) == 1 and len(next(iter(kinds_by_day.values()))) >= 2)


def decide_published(candidates: list[Candidate], modified: list[ParsedDate] = ()) -> Candidate | None:
    """The publication date of a page from all its candidates and its modified times (pure).

    Steps: restate UTC timestamps on the publisher's clock where the page reveals it
    (restate_local), drop visible-date classes that list many days (drop_listings)
    and unlabelled dates that are the modification time (drop_modified), pick the
    day (pick_day), take the best timestamp on that day (with_time).
    """
    candidates = drop_modified(drop_listings(restate_local(candidates)), list(modified))
    pick = pick_day(candidates)
    return with_time(pick, candidates) if pick is not None else None


# --- a publication date printed in the page text ("Published on 9 July 2024") ---------------------

_MONTHS = {
    1: "january jan januar jänner janvier enero gennaio января январь янв जनवरी",
    2: "february feb februar février fevrier febrero febbraio февраля февраль фев \u095eरवरी फ़रवरी फरवरी",
    3: "march mar märz mrz mars marzo марта март मार्च",
    4: "april apr avril abril aprile апреля апрель апр अप्रैल अप्रेल",
    5: "may mai mayo maggio мая май मई",
    6: "june jun juni juin junio giugno июня июнь जून",
    7: "july jul juli juillet julio luglio июля июль जुलाई",
    8: "august aug août aout agosto августа август авг अगस्त",
    9: "september sep sept septembre septiembre settembre сентября сентябрь сент सितंबर सितम्बर",
    10: "october oct oktober okt octobre octubre ottobre октября октябрь окт अक्टूबर अक्तूबर",
    11: "november nov novembre noviembre ноября ноябрь нояб नवंबर नवम्बर",
    12: "december dec dezember dez décembre decembre diciembre dicembre декабря декабрь дек दिसंबर दिसम्बर",
}
MONTH_NUMBERS = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = "(?P<{}>" + "|".join(sorted(map(re.escape, MONTH_NUMBERS), key=len, reverse=True)) + r")\.?"
_PRINTED_DAY = re.compile(
    r"(?P<iso_y>(?:19|20)\d{2})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})"
    r"|(?P<num_d>\d{1,2})\s?(?P<sep>[./-])\s?(?P<num_m>\d{1,2})\s?(?P=sep)\s?(?P<num_y>(?:19|20)\d{2})"
    r"|(?P<dmy_d>\d{1,2})\.?\s+(?:de\s+)?"
    + _MONTH.format("dmy_m")
    + r",?\s+(?:de\s+)?(?P<dmy_y>(?:19|20)\d{2})"
    r"|" + _MONTH.format("mdy_m") + r"\s+(?P<mdy_d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>(?:19|20)\d{2})",
    re.IGNORECASE,
)
# Words that introduce the publication date. Modification labels ("updated", "aktualisiert",
# "mis à jour") are absent on purpose: a modified date is not a publication date. Whether a
# label starts a word is checked in _starts_word: a lookbehind here would cost the regex engine
# its fast scan for first letters.
_LABEL_WORDS = (
    r"(?:first published|published|posted|written|publication date|date published|released|date"
    r"|veröffentlicht|erschienen|publiziert|datum|publié|mis en ligne|pubblicato|publicado|gepubliceerd"
    r"|опубликовано|дата публикации|дата|प्रकाशित|प्रकाशन तिथि|प्रविष्टि तिथि|पब्लिश्ड|पब्लिश)(?!\w)"
)
# matched against lowercased text: a case-insensitive alternation is ten times slower on long pages
_LABEL_LOWER = re.compile(_LABEL_WORDS)
PUBLISHED_LABEL = re.compile(_LABEL_WORDS, re.IGNORECASE)
_MODIFIED_WORDS = (
    r"(?<!\w)(?:updated?|modified|last|aktualisiert|geändert|änderung|stand|mis à jour|aggiornat\w*"
    r"|actualizad\w*|обновлено|обновлен|изменено|अपडेटेड|अपडेट)(?!\w)"
)
# a modification word right before a label or date ("Letzte Änderung: ", "Updated on ")
_MODIFIED_BEFORE = re.compile(_MODIFIED_WORDS + r"\W{0,3}(?:am|on|le|il|el)?\W{0,3}$", re.IGNORECASE)
_MODIFIED_NEAR = re.compile(_MODIFIED_WORDS, re.IGNORECASE)
# how far before a byline date a modification word disqualifies it ("Updated 1415 GMT July 10, 2024")
MODIFIED_REACH = 40
# between the label and the date: a few words without digits ("am", "on Tuesday,", "le")
MAX_LABEL_GAP = 30


# A clock reading right after a printed day: "09.07.2024, 14:17", "10 MAY 2024 1:08PM",
# "9. Juli 2024 um 23:03 Uhr", "2024-07-09 15:03:30", "9 July 2024 21:45 IST".
# Russian pages put "г." (year) between the day and the clock: "5 октября 2018 г., 14:30 МСК".
_CLOCK_AFTER = re.compile(
    r"(?:\s*г\.)?\s*,?\s*(?:um|at|à|alle|a las|в|-|–|\|)?\s*(?P<h>[01]?\d|2[0-3])(?::|h)(?P<m>[0-5]\d)"
    r"(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[AaPp]\.?[Mm]\b\.?)?(?:\s*Uhr)?(?:\s*(?P<zone>[A-ZА-Я]{2,4})(?!\w))?"
)
# what may follow a printed date when the whole string is that date ("г.", a comma, a zone)
_PRINTED_TAIL = re.compile(r"\s*(?:г(?:ода?)?\.?)?\s*,?\s*(?:[A-ZА-Я]{2,4})?\s*")


def _day_of(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    if g["iso_y"]:
        parts = (g["iso_y"], g["iso_m"], g["iso_d"])
    elif g["num_y"]:
        parts = (g["num_y"], g["num_m"], g["num_d"])
    elif g["dmy_y"]:
        parts = (g["dmy_y"], MONTH_NUMBERS[g["dmy_m"].lower()], g["dmy_d"])
    else:
        parts = (g["mdy_y"], MONTH_NUMBERS[g["mdy_m"].lower()], g["mdy_d"])
    try:
        return date(*(int(p) for p in parts))
    except ValueError:
        return None


def _when(text: str, match: re.Match[str]) -> date | datetime | None:
    """The printed day of `match`, with the clock reading that follows it if there is one."""
    day = _day_of(match)
    clock = _CLOCK_AFTER.match(text, match.end())
    if day is None or clock is None:
        return day
    hour = int(clock["h"])
    if clock["ampm"]:
        if hour > 12:
            return day
        hour = hour % 12 + (12 if clock["ampm"][0] in "Pp" else 0)
    moment = datetime(day.year, day.month, day.day, hour, int(clock["m"]), int(clock["s"] or 0))
    zone = ZONE_ABBREVIATIONS.get(clock["zone"] or "")
    return moment.replace(tzinfo=offset_zone(zone)) if zone is not None else moment


def printed_date(text: str) -> date | datetime | None:
    """The first date written in `text` in a common form, with its time of day when one follows.

    '09.07.2024', '2024-07-09', '9. Juli 2024', '9 juillet 2024', 'July 9, 2024',
    '9 июля 2024', '10 MAY 2024 1:08PM'. Numeric day/month order is day first, as
    Indian, Russian and European outlets write it. A time without a zone is naive.
    """
    text = ascii_digits(text)
    match = _PRINTED_DAY.search(text)
    return _when(text, match) if match else None


def whole_printed_date(text: str) -> date | datetime | None:
    """`text` when it is nothing but a printed date ('5 октября 2018 г., 14:30 МСК'), else None."""
    text = ascii_digits(text)
    match = _PRINTED_DAY.match(text)
    if match is None:
        return None
    clock = _CLOCK_AFTER.match(text, match.end())
    if not _PRINTED_TAIL.fullmatch(text, clock.end() if clock else match.end()):
        return None
    return _when(text, match)


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not text[at - 1].isalpha()


def published_labels(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the publication labels in `text` that are words of their own ("Datum", not "Änderungsdatum")."""
    lowered = text.lower()
    # lower() keeps offsets except for a few letters ("İ"); then the slower pattern
    found = _LABEL_LOWER.finditer(lowered) if len(lowered) == len(text) else PUBLISHED_LABEL.finditer(text)
    return (m.span() for m in found if _starts_word(text, m.start()))


def labelled_date(text: str) -> date | datetime | None:
    """The date after the first publication label in `text` ('Veröffentlicht am 09.07.2024' → 2024-07-09)."""
    text = ascii_digits(text)
    for start, end in published_labels(text):
        if _MODIFIED_BEFORE.search(text, 0, start):
            continue
        match = _PRINTED_DAY.search(text, end, end + MAX_LABEL_GAP + 40)
        if match is None:
            continue
        gap = text[end : match.start()]
        if len(gap) <= MAX_LABEL_GAP and not any(ch.isdigit() for ch in gap):
            return _when(text, match)
    return None


def byline_date(text: str) -> date | datetime | None:
    """The first date in the text under a headline, unless a modification label introduces it."""
    text = ascii_digits(text)
    match = _PRINTED_DAY.search(text)
    if match is None or _MODIFIED_NEAR.search(text, max(0, match.start() - MODIFIED_REACH), match.start()):
        return None
    return _when(text, match)
