"""Search (ranking, filters, snippets, publisher offsets, events) and streaming exports, on a real PostgreSQL,
through the store functions and through `irwatch search` / `irwatch export`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from psycopg.types.json import Jsonb

from irwatch.cli import main
from irwatch.store.export import export, export_sql
from irwatch.store.search import Event, format_published, search

# invented words, so no stemmer or stop list has an opinion about them
WORD = "glimmerfax"
OTHER = "vexaroon"
# everything that breaks naive CSV, COPY text format or JSON: backslashes (alone, before n and before a quote),
# quotes, a tab, line breaks, a comma and semicolon, COPY's \. marker, the two control characters the JSONL
# export uses as delimiter/quote, and non-ASCII (Cyrillic, Devanagari, an emoji)
NASTY = 'back\\slash \\n \\" "quoted" it\'s\ttab\nnew line\r\ncrlf, comma; \\. \x1e\x1f «Привет» हिन्दी 💥 ₹5,000'


def _article(conn, slug, title, text, *, published_at=datetime(2024, 7, 1, 6, 0, tzinfo=UTC), offset=None,
             local_date=None, source="test-outlet", language="en", version=1) -> int:
    url = f"https://news.example/{slug}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    return conn.execute(
        """insert into articles (canonical_url, url, source_name, title, text, html_sha256, text_sha256, fetched_at,
                                 published_at, published_offset_minutes, published_local_date, language, version,
                                 relevant, tagged_version)
           values (%s, %s, %s, %s, %s, %s, %s, now(), %s, %s, %s, %s, %s, true, 'test') returning article_id""",
        (url, url, source, title, text, digest, digest, published_at, offset, local_date, language, version),
    ).fetchone()[0]


_starts = iter(range(0, 10**9, 10))


def _mention(conn, article_id, type_, *, version=1, sentence="A sentence.", **columns) -> int:
    start = next(_starts)
    names = ["article_id", "article_version", "type", "sentence", "start_char", "end_char", "mention_start",
             "mention_end", "fields", "pipeline_version", *columns]
    values = [article_id, version, type_, sentence, start, start + len(sentence), start, start + 5,
              Jsonb({"type": type_}), "test", *columns.values()]
    return conn.execute(
        f"insert into mentions ({', '.join(names)}) values ({', '.join(['%s'] * len(names))}) returning mention_id",
        values,
    ).fetchone()[0]


@pytest.fixture
def seeded(conn):
    """Four English articles and one Russian one; mentions on the current and on an older version."""
    ids = {}
    ids["title"] = _article(conn, "title", f"{WORD.capitalize()} accord signed in Moscow",
                            "The two governments met. Officials spoke about rifles and frigates at length.",
                            published_at=datetime(2024, 7, 9, 19, 0, tzinfo=UTC), offset=330,
                            local_date=date(2024, 7, 10), source="Delhi Daily")
    ids["body"] = _article(conn, "body", "Officials meet again",
                           f"Talks «x» continued. The {WORD} was mentioned once, while 5 < 6 & 7 > 3 held.",
                           published_at=datetime(2024, 7, 9, 23, 0, tzinfo=UTC), source="Wire Service")
    ids["other"] = _article(conn, "other", f"{OTHER} figures", f"Trade in {OTHER} grew.",
                            published_at=datetime(2024, 6, 1, 4, 0, tzinfo=UTC), offset=-210,
                            local_date=date(2024, 6, 1), source="Wire Service", version=2)
    ids["stem"] = _article(conn, "stem", "Quarterly note", f"The {OTHER} contract was signed yesterday.",
                           published_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC), source="Delhi Daily")
    ids["ru"] = _article(conn, "ru", "Новости", "Поставки зенитных систем начались в срок.", language="ru",
                         published_at=datetime(2024, 5, 2, 8, 0, tzinfo=UTC), offset=180, local_date=date(2024, 5, 2),
                         source="Moscow Herald")
    _mention(conn, ids["title"], "deal", status="signed", system="S-400", quantity=5, value_usd=5_430_000_000)
    _mention(conn, ids["title"], "sanction", status="waived", regime="CAATSA", caatsa=True,
             imposer="United States", target="India")
    _mention(conn, ids["body"], "sanction", status="threatened", regime="CAATSA", caatsa=True)
    # "other" is at version 2: its version-1 deal mention is history, its trade figure is current
    _mention(conn, ids["other"], "deal", version=1, status="delivered", system="AK-203")
    _mention(conn, ids["other"], "trade_figure", version=2, metric="bilateral_trade", year=2030, is_target=True,
             amount=100, currency="USD", amount_usd=100_000_000_000)
    conn.commit()
    return ids


# --- publication time as the publisher stated it ------------------------------------------------------------

@pytest.mark.parametrize(("at", "offset", "expected"), [
    (datetime(2024, 7, 9, 19, 0, tzinfo=UTC), 330, "2024-07-10 00:30+05:30"),     # IST, next day locally
    (datetime(2024, 7, 9, 19, 0, tzinfo=UTC), None, "2024-07-09 19:00+00:00"),    # unknown offset: UTC
    (datetime(2024, 7, 9, 19, 0, tzinfo=UTC), 0, "2024-07-09 19:00+00:00"),
    (datetime(2024, 7, 10, 1, 0, tzinfo=UTC), -210, "2024-07-09 21:30-03:30"),   # Newfoundland, day before
    (datetime(2024, 7, 9, 11, 0, tzinfo=UTC), 840, "2024-07-10 01:00+14:00"),    # Kiribati, the extreme
    (datetime(2024, 7, 9, 12, 0, tzinfo=UTC), -720, "2024-07-09 00:00-12:00"),
    (datetime(2024, 7, 10, 0, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))), 180,
     "2024-07-09 22:00+03:00"),                                                  # any aware input is converted
    (datetime(2024, 7, 9, 19, 0, 59, tzinfo=UTC), 345, "2024-07-10 00:45+05:45"),  # Nepal; seconds not shown
    (None, 330, None),
])
def test_format_published(at, offset, expected):
    assert format_published(at, offset) == expected


def test_format_published_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        format_published(datetime(2024, 7, 9, 19, 0), 330)


# --- search ---------------------------------------------------------------------------------------------------

def test_title_match_ranks_above_body_only_match(conn, seeded):
    hits = search(conn, WORD)
    assert [h.article_id for h in hits] == [seeded["title"], seeded["body"]]
    assert hits[0].rank > hits[1].rank > 0


def test_hit_fields_and_publisher_offset(conn, seeded):
    top, second = search(conn, WORD)
    assert top.title == "Glimmerfax accord signed in Moscow"
    assert top.outlet == "Delhi Daily"
    assert top.url == "https://news.example/title"
    assert top.published_at == "2024-07-10 00:30+05:30"
    assert second.published_at == "2024-07-09 23:00+00:00"      # no offset stated: UTC, said so


def test_snippet_highlights_and_escapes(conn, seeded):
    body_hit = search(conn, WORD)[1]
    assert f"«{WORD}»" in body_hit.snippet
    assert "5 < 6 & 7 > 3" in body_hit.snippet                     # plain text is left as written
    assert f"<mark>{WORD}</mark>" in body_hit.snippet_html
    assert "5 &lt; 6 &amp; 7 &gt; 3" in body_hit.snippet_html
    assert "«x»" in body_hit.snippet_html                          # the text's own «» are not taken for marks
    assert body_hit.snippet_html.count("<mark>") == 1


def test_query_is_stemmed_with_the_articles_configuration(conn, seeded):
    # english: "signing" and "signed" share the stem 'sign'; russian: "поставка" finds "Поставки"
    assert [h.article_id for h in search(conn, f"{OTHER} signing")] == [seeded["stem"]]
    assert [h.article_id for h in search(conn, "поставка")] == [seeded["ru"]]
    # web-search syntax: an excluded word, a quoted phrase
    assert [h.article_id for h in search(conn, f"{OTHER} -signed")] == [seeded["other"]]
    assert [h.article_id for h in search(conn, f'"{OTHER} contract"')] == [seeded["stem"]]


def test_since_and_until_use_the_publishers_day(conn, seeded):
    # "title" is 2024-07-09 19:00 UTC but 2024-07-10 in New Delhi; "body" is 2024-07-09 23:00 UTC, offset unknown
    assert {h.article_id for h in search(conn, WORD, since=date(2024, 7, 10))} == {seeded["title"]}
    assert {h.article_id for h in search(conn, WORD, until=date(2024, 7, 9))} == {seeded["body"]}
    assert {h.article_id for h in search(conn, WORD, since=date(2024, 7, 9), until=date(2024, 7, 10))} == {
        seeded["title"], seeded["body"]}
    assert search(conn, WORD, since=date(2024, 7, 11)) == []


def test_type_filter_counts_only_the_current_version(conn, seeded):
    assert [h.article_id for h in search(conn, WORD, type="deal")] == [seeded["title"]]
    assert [h.article_id for h in search(conn, WORD, type="sanction")] == [seeded["title"], seeded["body"]]
    # "other" had a deal only in version 1; now it has a trade figure
    assert search(conn, OTHER, type="deal") == []
    assert [h.article_id for h in search(conn, OTHER, type="trade")] == [seeded["other"]]
    with pytest.raises(ValueError, match="unknown event type"):
        search(conn, WORD, type="rumour")


def test_outlet_filter(conn, seeded):
    assert [h.article_id for h in search(conn, WORD, outlet="Wire Service")] == [seeded["body"]]
    assert [h.article_id for h in search(conn, WORD, outlet="wire service")] == [seeded["body"]]
    assert search(conn, WORD, outlet="Nobody") == []


def test_limit(conn, seeded):
    assert [h.article_id for h in search(conn, WORD, limit=1)] == [seeded["title"]]


def test_events_of_the_current_version(conn, seeded):
    top = search(conn, WORD)[0]
    assert [(e.type, e.status, e.subject) for e in top.events] == [("deal", "signed", "S-400"),
                                                                  ("sanction", "waived", "CAATSA")]
    assert top.events[0].describe() == "deal S-400 signed · 5 units · $5.4 bn"
    assert top.events[1].describe() == "sanction CAATSA waived · by United States · on India"
    other = search(conn, OTHER, type="trade")[0]
    assert [e.type for e in other.events] == ["trade_figure"]
    assert other.events[0].describe() == "trade bilateral trade · target for 2030 · $100 bn"
    assert other.as_dict()["events"][0]["amount_usd"] == 100_000_000_000


@pytest.mark.parametrize(("event", "line"), [
    (Event("deal", "signed", "S-400", {"quantity": Decimal(5), "value_usd": Decimal("5430000000")}),
     "deal S-400 signed · 5 units · $5.4 bn"),
    (Event("deal", "in_production", "BrahMos", {"quantity": Decimal(3900)}), "deal BrahMos in production · 3,900 units"),
    (Event("deal", "approved", "AK-203", {"value_usd": Decimal("597515000")}), "deal AK-203 approved · $597.5 m"),
    (Event("sanction", "waived", "CAATSA", {"imposer": "United States", "target": "India", "caatsa": True}),
     "sanction CAATSA waived · by United States · on India"),
    (Event("sanction", "threatened", "OFAC", {}), "sanction OFAC threatened"),
    (Event("trade_figure", None, "bilateral_trade", {"year": 2025, "is_target": True,
                                                     "amount_usd": Decimal("30000000000")}),
     "trade bilateral trade · target for 2025 · $30 bn"),
    (Event("trade_figure", None, "exports", {"amount": Decimal("5000"), "currency": "INR"}),
     "trade exports · 5,000 INR"),
    (Event("trade_figure", None, None, {"is_target": True, "amount_usd": Decimal("950")}), "trade · target · $950"),
])
def test_event_describe(event, line):
    assert event.describe() == line


@pytest.mark.parametrize("query", ["", "   ", "!!! ---"])
def test_queries_without_searchable_words_are_refused(conn, seeded, query):
    with pytest.raises(ValueError):
        search(conn, query)


def test_stop_words_alone_match_no_english_article(conn, seeded):
    # English drops them; only an article indexed with the 'simple' configuration could match them
    assert search(conn, "the and of") == []


def test_bad_arguments_are_refused(conn, seeded):
    with pytest.raises(ValueError, match="after"):
        search(conn, WORD, since=date(2024, 2, 1), until=date(2024, 1, 1))
    with pytest.raises(ValueError, match="limit"):
        search(conn, WORD, limit=0)


# --- export ---------------------------------------------------------------------------------------------------

@pytest.fixture
def nasty(conn):
    """Rows whose text holds every character that could be mangled on the way out."""
    conn.execute("delete from deal_events")
    conn.execute("delete from deals")
    early = _article(conn, "early", NASTY, f"Body. {NASTY}", source=NASTY,
                     published_at=datetime(2024, 7, 9, 19, 0, tzinfo=UTC), offset=330, local_date=date(2024, 7, 10))
    late = _article(conn, "late", "Plain", "Plain body.", published_at=datetime(2024, 8, 1, 12, 0, tzinfo=UTC))
    undated = _article(conn, "undated", "Undated", "No date.", published_at=None)
    _mention(conn, early, "deal", sentence=NASTY, status="signed", system="S-400", quantity=5,
             value_usd=5_430_000_000, parties=[NASTY, "India"])
    _mention(conn, early, "trade_figure", sentence=NASTY, metric="bilateral trade", year=2025, is_target=True,
             amount=30, currency="USD", amount_usd=30_000_000_000)
    _mention(conn, late, "trade_figure", sentence="Trade was $65.7 billion.", metric="bilateral trade", year=2024,
             is_target=False, amount=65.7, currency="USD", amount_usd=65_700_000_000)
    _mention(conn, undated, "sanction", sentence="Undated sanction.", status="imposed", regime="OFAC")
    conn.execute(
        """insert into deals (deal_key, system, counterparty, programme, first_reported, first_article_id, status,
                              status_since, quantity, contract_value_usd, events)
           values (%s, 'S-400', 'Russia', '2018', '2018-10-05', %s, 'delivered', '2021-12-06', 5, 5430000000, 2),
                  ('AK-203|Russia|2021', 'AK-203', 'Russia', '2021', '2021-12-06', null, 'signed', null, null,
                   null, 1)""",
        (f"S-400|Russia|{NASTY}", early),
    )
    conn.commit()
    return {"early": early, "late": late, "undated": undated}


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _jsonl_rows(text: str) -> list[dict]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_round_trips_nasty_text_exactly(conn, nasty, fmt):
    out = io.StringIO()
    rows = export(conn, "mentions", out, format=fmt)
    assert rows == 4
    parsed = _csv_rows(out.getvalue()) if fmt == "csv" else _jsonl_rows(out.getvalue())
    assert len(parsed) == 4
    deal = next(r for r in parsed if r["type"] == "deal")
    assert deal["sentence"] == NASTY
    assert deal["title"] == NASTY
    assert deal["outlet"] == NASTY
    assert deal["published_at"] == "2024-07-10T00:30:00+05:30"
    assert deal["published_local_date"] == "2024-07-10"
    if fmt == "jsonl":
        assert deal["parties"] == [NASTY, "India"]
        assert deal["quantity"] == 5 and deal["value_usd"] == 5430000000 and deal["caatsa"] is None
    else:
        assert deal["parties"] == f"{NASTY}; India"
        assert deal["quantity"] == "5" and deal["value_usd"] == "5430000000" and deal["caatsa"] == ""


def test_jsonl_lines_are_the_servers_json_unaltered(conn, nasty):
    out = io.BytesIO()
    export(conn, "trade", out, format="jsonl")
    lines = out.getvalue().split(b"\n")
    assert lines[-1] == b""
    expected = conn.execute(
        """select m.sentence from mentions m where m.type = 'trade_figure' order by m.mention_id""").fetchall()
    assert [json.loads(line)["sentence"] for line in lines[:-1]] == [s for (s,) in expected]
    assert b"\x1e" not in out.getvalue() and b"\x1f" not in out.getvalue()   # escaped inside the JSON strings
    assert "Привет".encode() in out.getvalue()                                # UTF-8, not \u escapes


def test_export_trade_and_since(conn, nasty):
    out = io.StringIO()
    export(conn, "trade", out, format="csv")
    rows = _csv_rows(out.getvalue())
    assert [(r["year"], r["is_target"], r["amount_usd"]) for r in rows] == [
        ("2025", "true", "30000000000"), ("2024", "false", "65700000000")]
    assert rows[1]["published_at"] == "2024-08-01T12:00:00+00:00"     # no offset stated: UTC, said so

    # since is the publisher's day: 2024-07-09 19:00 UTC is 2024-07-10 in New Delhi
    for since, expected in [(date(2024, 7, 10), 2), (date(2024, 7, 11), 1), (date(2025, 1, 1), 0)]:
        out = io.StringIO()
        assert export(conn, "trade", out, format="jsonl", since=since) == expected
        assert out.getvalue().count("\n") == expected
    out = io.StringIO()
    export(conn, "mentions", out, since=date(2000, 1, 1))
    assert "Undated sanction." not in out.getvalue()                       # no date: not "since" anything


def test_export_deals(conn, nasty):
    out = io.StringIO()
    export(conn, "deals", out, format="jsonl")
    deals = _jsonl_rows(out.getvalue())
    assert [d["system"] for d in deals] == ["AK-203", "S-400"]
    assert deals[1]["deal_key"] == f"S-400|Russia|{NASTY}"
    assert deals[1]["status_since"] == "2021-12-06" and deals[1]["contract_value_usd"] == 5430000000
    out = io.StringIO()
    export(conn, "deals", out, since=date(2021, 12, 6))     # current status since, else first report
    assert [r["system"] for r in _csv_rows(out.getvalue())] == ["AK-203", "S-400"]
    out = io.StringIO()
    export(conn, "deals", out, since=date(2021, 12, 7))
    assert _csv_rows(out.getvalue()) == []


def test_export_of_empty_tables(conn):
    conn.execute("delete from deal_events")
    conn.execute("delete from deals")
    out = io.StringIO()
    assert export(conn, "deals", out, format="csv") == 0
    assert out.getvalue().startswith("deal_id,deal_key,system,") and out.getvalue().count("\n") == 1
    out = io.StringIO()
    assert export(conn, "deals", out, format="jsonl") == 0
    assert out.getvalue() == ""


def test_export_streams_row_by_row(conn, nasty):
    class Recorder(io.RawIOBase):
        def __init__(self):
            self.writes = []

        def writable(self):
            return True

        def write(self, data):
            self.writes.append(bytes(data))
            return len(data)

    out = Recorder()
    export(conn, "mentions", out, format="jsonl")
    assert len(out.writes) == 4                          # one write per row as it arrives, not one at the end
    assert all(w.endswith(b"\n") for w in out.writes)


def test_export_refuses_unknown_kinds_and_formats():
    with pytest.raises(ValueError, match="unknown export"):
        export_sql("everything")
    with pytest.raises(ValueError, match="format"):
        export_sql("mentions", format="xml")


# --- through the CLI ------------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(monkeypatch, clean_db):
    monkeypatch.setenv("IRWATCH_DSN", clean_db)
    return clean_db


def test_cli_search_table(cli_env, seeded, capsys):
    assert main(["search", WORD]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["#", "rank", "published", "outlet", "title"]
    assert lines[1].split()[0] == "1" and lines[1].rstrip().endswith("Glimmerfax accord signed in Moscow")
    assert "2024-07-10 00:30+05:30" in lines[1]
    assert f"«{WORD}»" in out
    assert "     - deal S-400 signed · 5 units · $5.4 bn" in lines
    assert "     https://news.example/title" in lines
    assert lines[-1] == "2 articles"


def test_cli_search_json_and_csv(cli_env, seeded, capsys):
    assert main(["search", WORD, "--type", "sanction", "--since", "2024-07-10", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["article_id"] for h in hits] == [seeded["title"]]
    assert hits[0]["published_at"] == "2024-07-10 00:30+05:30"
    assert hits[0]["events"][1] == {"type": "sanction", "status": "waived", "subject": "CAATSA",
                                    "imposer": "United States", "target": "India", "caatsa": True}
    assert main(["search", WORD, "--outlet", "Wire Service", "--until", "2024-07-09", "--limit", "5",
                 "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    assert [r["url"] for r in rows] == ["https://news.example/body"]
    assert rows[0]["events"] == "sanction CAATSA threatened"


def test_cli_search_no_hits(cli_env, seeded, capsys):
    assert main(["search", "nonexistentwordzz"]) == 0
    assert capsys.readouterr().out == "no articles match 'nonexistentwordzz'\n"


def test_cli_export_to_stdout(cli_env, nasty, capsys):
    assert main(["export", "mentions", "--format", "jsonl"]) == 0
    rows = _jsonl_rows(capsys.readouterr().out)
    assert len(rows) == 4 and NASTY in {r["sentence"] for r in rows}


def test_cli_export_to_file(cli_env, nasty, capsys, tmp_path):
    target = tmp_path / "trade.csv"
    assert main(["export", "trade", "--since", "2024-07-11", "--format", "csv", "--output", str(target)]) == 0
    assert [r["year"] for r in _csv_rows(target.read_text(encoding="utf-8"))] == ["2024"]
    assert list(tmp_path.iterdir()) == [target]                       # no .part file left behind
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"1 rows written to {target}\n"
