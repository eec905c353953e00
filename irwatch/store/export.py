"""Streaming exports of mentions, deals and trade figures as CSV or JSON lines.

    with open("mentions.jsonl", "wb") as out:
        export(conn, "mentions", out, since=date(2024, 1, 1), format="jsonl")

Rows go from the server to `out` as they are produced (`COPY (select …) TO STDOUT`, read with psycopg's
`cursor.copy()`); nothing is held in memory but one row. `out` is a binary file (bytes written as they
arrive) or a text stream (decoded UTF-8).

CSV is PostgreSQL's CSV: a header, fields quoted when they hold a comma, quote or line break, NULL as an
empty unquoted field (an empty string is `""`), arrays joined with "; ", booleans as true/false. JSON lines are one
`row_to_json` object per line. They are not copied in COPY's text format, which escapes backslashes
(and would turn `\\"` in a JSON string into `\\\\"`): they go through COPY's CSV format with a delimiter
and a quote character (0x1F, 0x1E) that JSON text never holds raw (JSON escapes every control
character), so no field is ever quoted or altered — each line is exactly the server's JSON.

Timestamps of publication carry the publisher's offset (`2024-07-10T00:30:00+05:30`, `+00:00` when the
page gave none); other timestamps are UTC. mentions and trade hold the events of each article's current
version; `since` keeps rows whose article was published on or after that publisher-local day (deals:
whose current status, or first report, dates from that day on).
"""

from __future__ import annotations

import codecs
import io
from datetime import date

KINDS = ("mentions", "deals", "trade")
FORMATS = ("csv", "jsonl")

_OFFSET = "coalesce(a.published_offset_minutes, 0)"
# published_at in the publisher's offset, ISO 8601
_PUBLISHED = f"""case when a.published_at is null then null else
       to_char(a.published_at at time zone make_interval(mins => {_OFFSET}), 'YYYY-MM-DD"T"HH24:MI:SS')
       || case when {_OFFSET} < 0 then '-' else '+' end
       || to_char(make_interval(mins => abs({_OFFSET})), 'HH24:MI') end"""
_LOCAL_DAY = "coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date)"


def _bool(column: str) -> str:
    """CSV spells booleans out (PostgreSQL's CSV writes t/f)."""
    return f"case when {column} then 'true' when not {column} then 'false' end"


def _utc(column: str) -> str:
    return f"""to_char({column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""


# (column name, SQL expression, expression used in CSV instead, when it differs)
_ARTICLE = [
    ("article_id", "a.article_id", None),
    ("outlet", "a.source_name", None),
    ("published_at", _PUBLISHED, None),
    ("published_local_date", _LOCAL_DAY, None),
    ("title", "a.title", None),
    ("url", "a.url", None),
]
_MENTION_FROM = """from mentions m join articles a on a.article_id = m.article_id and m.article_version = a.version"""

_QUERIES = {
    "mentions": (
        [("mention_id", "m.mention_id", None), *_ARTICLE,
         ("article_version", "m.article_version", None),
         ("type", "m.type", None), ("status", "m.status", None),
         ("system", "m.system", None), ("quantity", "m.quantity", None), ("value_usd", "m.value_usd", None),
         ("parties", "m.parties", "array_to_string(m.parties, '; ')"),
         ("regime", "m.regime", None), ("caatsa", "m.caatsa", _bool("m.caatsa")), ("imposer", "m.imposer", None),
         ("target", "m.target", None),
         ("metric", "m.metric", None), ("year", "m.year", None), ("is_target", "m.is_target", _bool("m.is_target")),
         ("amount", "m.amount", None), ("currency", "m.currency", None), ("amount_usd", "m.amount_usd", None),
         ("sentence", "m.sentence", None), ("pipeline_version", "m.pipeline_version", None),
         ("tagged_at", _utc("m.created_at"), None)],
        _MENTION_FROM,
        "true",
        f"{_LOCAL_DAY} >= %(since)s",
        "a.published_at nulls last, a.article_id, m.start_char, m.mention_start, m.mention_id",
    ),
    "trade": (
        [("mention_id", "m.mention_id", None), *_ARTICLE,
         ("metric", "m.metric", None), ("year", "m.year", None), ("is_target", "m.is_target", _bool("m.is_target")),
         ("status", "m.status", None),
         ("amount", "m.amount", None), ("currency", "m.currency", None), ("amount_usd", "m.amount_usd", None),
         ("parties", "m.parties", "array_to_string(m.parties, '; ')"),
         ("sentence", "m.sentence", None)],
        _MENTION_FROM,
        "m.type = 'trade_figure'",
        f"{_LOCAL_DAY} >= %(since)s",
        "a.published_at nulls last, a.article_id, m.start_char, m.mention_start, m.mention_id",
    ),
    "deals": (
        [("deal_id", "d.deal_id", None), ("deal_key", "d.deal_key", None), ("system", "d.system", None),
         ("counterparty", "d.counterparty", None), ("programme", "d.programme", None),
         ("status", "d.status", None), ("status_since", "d.status_since", None),
         ("first_reported", "d.first_reported", None), ("first_article_id", "d.first_article_id", None),
         ("contract_value_usd", "d.contract_value_usd", None), ("quantity", "d.quantity", None),
         ("events", "d.events", None), ("conflicting_events", "d.conflicting_events", None),
         ("updated_at", _utc("d.updated_at"), None)],
        "from deals d",
        "true",
        "coalesce(d.status_since, d.first_reported) >= %(since)s",
        "d.system, d.deal_key",
    ),
}

# COPY options for JSON lines: CSV format (no backslash escaping) with two characters JSON never holds raw
_JSONL_COPY = "format csv, delimiter e'\\x1f', quote e'\\x1e'"


def export_sql(what: str, *, since: date | None = None, format: str = "csv") -> str:
    """The COPY statement for one export (parameters: %(since)s)."""
    if what not in _QUERIES:
        raise ValueError(f"unknown export {what!r}; choose {', '.join(KINDS)}")
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose {', '.join(FORMATS)}")
    columns, source, where, since_filter, order = _QUERIES[what]
    if since is not None:
        where = f"{where} and {since_filter}"
    if format == "csv":
        select = ", ".join(f"{csv_expr or expr} as {name}" for name, expr, csv_expr in columns)
        return f"copy (select {select} {source} where {where} order by {order}) to stdout with (format csv, header)"
    select = ", ".join(f"{expr} as {name}" for name, expr, _ in columns)
    return (f"copy (select row_to_json(r)::text from (select {select} {source} where {where} order by {order}) r) "
            f"to stdout with ({_JSONL_COPY})")


def export(conn, what: str, out, *, since: date | None = None, format: str = "csv") -> int:
    """Stream one export to `out`; return the number of rows written (CSV: not counting the header)."""
    statement = export_sql(what, since=since, format=format)
    text = isinstance(out, io.TextIOBase)
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunks = 0
    with conn.cursor() as cur:
        with cur.copy(statement, {"since": since} if since is not None else None) as copy:
            for data in copy:
                chunks += 1
                out.write(decoder.decode(bytes(data)) if text else data)
        rows = cur.rowcount
    if text:
        out.write(decoder.decode(b"", final=True))
    return rows if rows is not None and rows >= 0 else chunks
