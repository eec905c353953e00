"""Full-text search over stored articles: ranked hits with a highlighted snippet and the article's events.

    hits = search(conn, "S-400 delivery", since=date(2021, 1, 1), type="deal", limit=10)
    hits[0].title, hits[0].published_at, hits[0].snippet, [e.describe() for e in hits[0].events]

The query is read by `websearch_to_tsquery` ("quoted phrases", `or`, `-excluded`) in the text-search
configuration the article's `search` vector was built with (migration 0004: english for en, russian for
ru, simple otherwise), so a query matches the same stems the vector holds. Ranking is `ts_rank` on that
vector, whose title lexemes carry weight A and body lexemes weight B: a title match outranks a body-only
match. Date filters use the publisher's own calendar day (`published_local_date`, else the UTC day).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

# search types (the CLI's words) -> mentions.type
TYPES = {"deal": "deal", "sanction": "sanction", "trade": "trade_figure", "trade_figure": "trade_figure"}
MAX_LIMIT = 1000

# the same expression migration 0004 builds articles.search with: the query must be parsed alike
_CONFIG = ("case coalesce(a.language, 'en') when 'en' then 'english'::regconfig "
           "when 'ru' then 'russian'::regconfig else 'simple'::regconfig end")
_QUERY = f"websearch_to_tsquery({_CONFIG}, %(q)s)"
# one condition per configuration, each with a constant tsquery, so the GIN index on search serves them all
_MATCH = """(
        (coalesce(a.language, 'en') = 'en' and a.search @@ websearch_to_tsquery('english', %(q)s))
     or (a.language = 'ru' and a.search @@ websearch_to_tsquery('russian', %(q)s))
     or (a.language not in ('en', 'ru') and a.search @@ websearch_to_tsquery('simple', %(q)s)))"""
_LOCAL_DAY = "coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date)"
_CURRENT_MENTIONS = "m.article_id = a.article_id and m.article_version = a.version"

# ts_headline marks matches with two private-use characters (removed from the text first), so the plain
# snippet can use «» and the HTML one <mark>, whatever the article text itself contains
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (f"StartSel={_START},StopSel={_STOP},MaxWords=35,MinWords=15,ShortWord=3,"
                     'MaxFragments=2,FragmentDelimiter=" … "')
# the vector holds the first 200,000 characters of the text (0004); the snippet is cut from the same text
_HEADLINE_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class Event:
    """One tagged event of the article's current version."""

    type: str                      # deal | sanction | trade_figure
    status: str | None
    subject: str | None            # the system (deal), regime (sanction) or metric (trade figure)
    details: dict = field(default_factory=dict)   # the key numbers and parties that are known

    def describe(self) -> str:
        """One line for a terminal, e.g. 'deal S-400 delivered · 5 units · $5.4 bn'."""
        d = self.details
        head = " ".join(str(p).replace("_", " ") for p in (self.type.replace("_figure", ""), self.subject, self.status)
                        if p)
        parts = [head]
        if self.type == "deal":
            if d.get("quantity") is not None:
                parts.append(f"{_number(d['quantity'])} units")
            if d.get("value_usd") is not None:
                parts.append(_usd(d["value_usd"]))
        elif self.type == "sanction":
            if d.get("imposer"):
                parts.append(f"by {d['imposer']}")
            if d.get("target"):
                parts.append(f"on {d['target']}")
        else:
            if d.get("year") is not None:
                parts.append(("target for " if d.get("is_target") else "") + str(d["year"]))
            elif d.get("is_target"):
                parts.append("target")
            if d.get("amount_usd") is not None:
                parts.append(_usd(d["amount_usd"]))
            elif d.get("amount") is not None:
                parts.append(f"{_number(d['amount'])} {d.get('currency') or ''}".strip())
        return " · ".join(parts)

    def as_dict(self) -> dict:
        return {"type": self.type, "status": self.status, "subject": self.subject,
                **{k: _plain(v) for k, v in self.details.items()}}


@dataclass(frozen=True)
class Hit:
    article_id: int
    title: str | None
    outlet: str
    published_at: str | None       # in the publisher's offset, e.g. '2024-07-10 00:30+05:30'
    url: str
    rank: float
    snippet: str                   # plain text, matches between « and »
    snippet_html: str              # HTML-escaped, matches in <mark>
    events: tuple[Event, ...] = ()

    def as_dict(self) -> dict:
        return {"article_id": self.article_id, "title": self.title, "outlet": self.outlet,
                "published_at": self.published_at, "url": self.url, "rank": round(self.rank, 6),
                "snippet": self.snippet, "events": [e.as_dict() for e in self.events]}


def format_published(at: datetime | None, offset_minutes: int | None) -> str | None:
    """An instant as the publisher stated it: local time and its UTC offset ('+00:00' when unknown).

    >>> format_published(datetime(2024, 7, 9, 19, 0, tzinfo=timezone.utc), 330)
    '2024-07-10 00:30+05:30'
    >>> format_published(datetime(2024, 7, 9, 19, 0, tzinfo=timezone.utc), None)
    '2024-07-09 19:00+00:00'
    """
    if at is None:
        return None
    if at.tzinfo is None:
        raise ValueError(f"published_at {at!r} has no time zone")
    offset = int(offset_minutes or 0)
    local = at.astimezone(timezone(timedelta(minutes=offset)))
    hours, minutes = divmod(abs(offset), 60)
    return f"{local:%Y-%m-%d %H:%M}{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}"


def search_type(value: str | None) -> str | None:
    """The mentions.type a search --type means ('trade' -> 'trade_figure'); ValueError for anything else."""
    if value is None:
        return None
    try:
        return TYPES[value]
    except KeyError:
        raise ValueError(f"unknown event type {value!r}; choose deal, sanction or trade") from None


def search(
    conn,
    query: str,
    *,
    since: date | None = None,
    until: date | None = None,
    type: str | None = None,
    outlet: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Articles matching `query`, best first. Raises ValueError on an empty query or bad filters."""
    if query is None or not query.strip():
        raise ValueError("empty search query")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    params = {"q": query, "since": since, "until": until, "type": search_type(type), "outlet": outlet,
              "limit": limit, "sentinels": _START + _STOP, "options": _HEADLINE_OPTIONS,
              "chars": _HEADLINE_TEXT_CHARS}
    words = conn.execute(
        """select numnode(websearch_to_tsquery('english', %(q)s)) + numnode(websearch_to_tsquery('russian', %(q)s))
                  + numnode(websearch_to_tsquery('simple', %(q)s))""", params,
    ).fetchone()[0]
    if not words:
        raise ValueError(f"no searchable words in {query!r}")

    filters = [_MATCH]
    if since:
        filters.append(f"{_LOCAL_DAY} >= %(since)s")
    if until:
        filters.append(f"{_LOCAL_DAY} <= %(until)s")
    if outlet:
        filters.append("lower(a.source_name) = lower(%(outlet)s)")
    if type:
        filters.append(f"exists (select 1 from mentions m where {_CURRENT_MENTIONS} and m.type = %(type)s)")
    rows = conn.execute(
        f"""with hits as (
                select a.article_id, ts_rank(a.search, {_QUERY}) as rank
                  from articles a
                 where {' and '.join(filters)}
                 order by rank desc, a.published_at desc nulls last, a.article_id
                 limit %(limit)s
            )
            select a.article_id, a.title, a.source_name, a.published_at, a.published_offset_minutes, a.url, h.rank,
                   ts_headline({_CONFIG}, translate(left(a.text, %(chars)s), %(sentinels)s, ''), {_QUERY},
                               %(options)s)
              from hits h join articles a using (article_id)
             order by h.rank desc, a.published_at desc nulls last, a.article_id""",
        params,
    ).fetchall()
    events = _events(conn, [r[0] for r in rows])
    return [
        Hit(article_id=article_id, title=title, outlet=outlet_name,
            published_at=format_published(published_at, offset), url=url, rank=float(rank),
            snippet=_snippet_text(headline), snippet_html=_snippet_html(headline),
            events=tuple(events.get(article_id, ())))
        for article_id, title, outlet_name, published_at, offset, url, rank, headline in rows
    ]


def _events(conn, article_ids: list[int]) -> dict[int, list[Event]]:
    if not article_ids:
        return {}
    rows = conn.execute(
        f"""select m.article_id, m.type, m.status, coalesce(m.system, m.regime, m.metric),
                   m.quantity, m.value_usd, m.imposer, m.target, m.caatsa,
                   m.amount, m.currency, m.amount_usd, m.year, m.is_target
              from mentions m join articles a on {_CURRENT_MENTIONS}
             where m.article_id = any(%s)
             order by m.article_id, m.start_char, m.mention_start, m.mention_id""",
        (article_ids,),
    ).fetchall()
    names = ("quantity", "value_usd", "imposer", "target", "caatsa", "amount", "currency", "amount_usd", "year",
             "is_target")
    out: dict[int, list[Event]] = {}
    for article_id, type_, status, subject, *values in rows:
        details = {k: v for k, v in zip(names, values, strict=True) if v is not None}
        event = Event(type_, status, subject, details)
        if event not in out.setdefault(article_id, []):   # the same event told twice is one event
            out[article_id].append(event)
    return out


def _squash(text: str) -> str:
    """One line of text; a match inside a hyphenated token is widened to it ('S«-400»' -> '«S-400»')."""
    text = re.sub(r"\s+", " ", text or "").strip()
    text = re.sub(rf"(\w+){_START}", rf"{_START}\1", text)
    return re.sub(rf"{_STOP}(\w+)", rf"\1{_STOP}", text)


def _snippet_text(headline: str) -> str:
    return _squash(headline).replace(_START, "«").replace(_STOP, "»")


def _snippet_html(headline: str) -> str:
    return html.escape(_squash(headline)).replace(_START, "<mark>").replace(_STOP, "</mark>")


def _number(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"


def _usd(value) -> str:
    value = Decimal(value)
    for scale, unit in ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m")):
        if abs(value) >= scale:
            return f"${value / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"${_number(value)}"


def _plain(value):
    """A JSON-friendly value: Decimal -> int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
