"""The store layer on a real database: the COPY loader, the deals register, bad input quarantined."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from irwatch.store import articles, deals, mentions
from irwatch.tag import tag_pending
from tests.factories import add_article

_ok = {"url": "https://a.example/story", "canonical_url": "https://a.example/story", "source": "s",
       "title": "A headline", "text": "India and Russia signed the deal.", "html_sha256": "h",
       "fetched_at": "2026-01-02T03:04:05+00:00"}


def _event(i: int, **extra) -> dict:
    return {"type": "sanction", "sentence": f"Sentence {i} on CAATSA.", "start": i * 40, "end": i * 40 + 20,
            "mention_start": i * 40 + 9, "mention_end": i * 40 + 15, "status": "threatened", "regime": "CAATSA",
            "caatsa": True, "imposer": "United States", "target": "India", "parties": ["India", "Russia"], **extra}


def test_loading_the_same_batch_twice_changes_nothing(conn):
    article = add_article(conn, "https://a.example/1", "t", "x")
    rows = [mentions.mention_row(article, 1, _event(i), "v1") for i in range(50)]
    first = mentions.load(conn, rows)
    conn.commit()
    ids = conn.execute("select array_agg(mention_id order by mention_id) from mentions").fetchone()[0]
    again = mentions.load(conn, rows)
    conn.commit()
    assert (first.inserted, first.updated) == (50, 0)
    assert (again.inserted, again.updated, again.deleted) == (0, 0, 0)
    assert conn.execute("select array_agg(mention_id order by mention_id) from mentions").fetchone()[0] == ids


def test_retag_replaces_atomically_and_keeps_ids_of_unchanged_events(conn):
    article = add_article(conn, "https://a.example/1", "t", "x")
    mentions.load(conn, [mentions.mention_row(article, 1, _event(i), "v1") for i in range(3)])
    kept_id = conn.execute("select mention_id from mentions where mention_start = 9").fetchone()[0]
    changed = [mentions.mention_row(article, 1, _event(0), "v1"),
               mentions.mention_row(article, 1, _event(1, target="China"), "v1")]
    result = mentions.load(conn, changed, replace_articles=[article])
    conn.commit()
    assert (result.inserted, result.updated, result.deleted) == (0, 1, 1)
    rows = conn.execute("select mention_id, target from mentions order by mention_start").fetchall()
    assert rows[0] == (kept_id, "India") and rows[1][1] == "China" and len(rows) == 2


def test_duplicate_keys_in_one_batch_are_loaded_once(conn):
    article = add_article(conn, "https://a.example/1", "t", "x")
    row = mentions.mention_row(article, 1, _event(0), "v1")
    assert mentions.load(conn, [row, row]).inserted == 1


# --- bad input: each case is either cleaned (stored, value repaired) or quarantined (rejected_rows) ---

@pytest.mark.parametrize(("change", "outcome", "check"), [
    ({"text": "India\x00 and Russia"}, "new", lambda r: r["text"] == "India and Russia"),
    ({"title": "CAATSA \ud800waiver"}, "new", lambda r: r["title"] == "CAATSA \ufffdwaiver"),
    ({"title": "T" * 5000}, "new", lambda r: len(r["title"]) == 1000),
    ({"text": "word " * 600_000}, "new", lambda r: len(r["text"]) == 2_000_000),
    ({"authors": ["A\x00B", 7, "C" * 900]}, "new", lambda r: r["authors"] == ["AB", "C" * 300]),
    ({"published_at": "2024-07-10T00:30:00+05:30", "published_offset_minutes": 330}, "new",
     lambda r: str(r["published_local_date"]) == "2024-07-10" and r["published_offset_minutes"] == 330),
    ({"url": "https://a.example/\x00story"}, "rejected", "url: contains NUL"),
    ({"canonical_url": "https://a.example/" + "x" * 5000}, "rejected", "canonical_url: 5018 characters"),
    ({"canonical_url": None}, "rejected", "canonical_url: missing"),
    ({"fetched_at": "yesterday"}, "rejected", "fetched_at: 'yesterday' is not an ISO 8601 timestamp"),
    ({"published_at": "31/31/2024"}, "rejected", "published_at: '31/31/2024' is not"),
    ({"published_at": "2024-07-10T00:30:00+05:30", "published_offset_minutes": 2000}, "rejected",
     "published_offset_minutes: 2000 is not a real UTC offset"),
    ({"http_status": "two hundred"}, "rejected", "http_status: 'two hundred' is not a number"),
    ({"text": "\x00\x00"}, "rejected", "text: missing"),
])
def test_article_row_is_cleaned_or_quarantined(conn, change, outcome, check):
    conn.autocommit = True
    assert articles.upsert_article(conn, {**_ok, **change}, source_id=None, crawl_run_id=None) == outcome
    if outcome == "new":
        cur = conn.execute("select * from articles")
        row = dict(zip([c.name for c in cur.description], cur.fetchone(), strict=True))
        assert check(row)
        assert conn.execute("select count(*) from rejected_rows").fetchone()[0] == 0
    else:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 0
        reason, payload = conn.execute("select reason, payload from rejected_rows").fetchone()
        assert reason.startswith(check)
        assert "\x00" not in payload  # NUL kept as an escape a person can read


class _Tagger:
    version = "store-test-1"

    def __init__(self, events):
        self.events = events

    def tag_many(self, records):
        return [{"id": r["id"], "relevant": True, "relevance": 0.9, "events": self.events.get(r["text"], [])}
                for r in records]


@pytest.mark.parametrize(("bad", "reason"), [
    ({"quantity": "lots"}, "quantity: 'lots' is not a number"),
    ({"year": 10**12}, "year: 1000000000000 is not a 32-bit integer"),
    ({"type": "rumour"}, "type: 'rumour' is not"),
    ({"sentence": ""}, "sentence: missing"),
    ({"value_usd": float("inf")}, "value_usd: inf is not a finite amount"),
])
def test_a_bad_event_is_quarantined_and_the_batch_goes_on(conn, bad, reason):
    a = add_article(conn, "https://a.example/1", "t", "first")
    add_article(conn, "https://a.example/2", "t", "second")
    conn.execute("update articles set tagged_version = null")
    conn.commit()
    tagger = _Tagger({"first": [_event(0), _event(1, **bad)], "second": [_event(2, sentence="Fine\x00 text.")]})
    summary = tag_pending(conn, tagger)
    assert (summary.articles, summary.rejected) == (2, 1)
    assert conn.execute("select count(*) from mentions").fetchone()[0] == 2
    assert conn.execute("select sentence from mentions where mention_start = 89").fetchone()[0] == "Fine text."
    stored_reason, payload = conn.execute("select reason, payload from rejected_rows").fetchone()
    assert stored_reason.startswith(f"article {a}: {reason}")
    assert conn.execute("select count(*) from articles where tagged_version = 'store-test-1'").fetchone()[0] == 2


# --- the deals register, kept up to date by the tag stage ---

def _deal(sentence: str, status: str, *, system: str = "S-400", start: int = 0, **extra) -> dict:
    return {"type": "deal", "sentence": sentence, "start": start, "end": start + len(sentence),
            "mention_start": start, "mention_end": start + 5, "status": status, "system": system,
            "parties": ["India", "Russia"], **extra}


def _article_on(conn, url: str, text: str, day: str) -> int:
    article = add_article(conn, url, "t", text)
    conn.execute("update articles set published_at = %s, tagged_version = null where article_id = %s",
                 (datetime.fromisoformat(day).replace(tzinfo=UTC), article))
    return article


def test_tag_stage_builds_the_deals_register_with_its_timeline(conn):
    _article_on(conn, "https://a.example/1", "one", "2018-10-05")
    _article_on(conn, "https://a.example/2", "two", "2021-12-10")
    _article_on(conn, "https://a.example/3", "three", "2024-03-01")
    conn.commit()
    tagger = _Tagger({
        "one": [_deal("India signed the 2018 contract for five S-400 squadrons worth $5.43 billion.", "signed",
                      value_usd=5.43e9, quantity=5)],
        "two": [_deal("The first S-400 squadron was delivered.", "delivered"),
                _deal("India received AK-203 rifles.", "delivered", system="AK-203", start=60)],
        "three": [_deal("India and Russia are negotiating the S-400 deal.", "negotiating"),
                  _deal("Talks on an additional order of S-400 squadrons began.", "negotiating", start=80)],
    })
    summary = tag_pending(conn, tagger)
    assert summary.deal_events == 5
    got = conn.execute("""select deal_key, status, status_since::text, events, conflicting_events,
                                 contract_value_usd, quantity, first_reported::text
                            from deals order by deal_key""").fetchall()
    assert got == [
        ("AK-203|Russia|unspecified", "delivered", "2021-12-10", 1, 0, None, None, "2021-12-10"),
        ("S-400|Russia|2018", "delivered", "2021-12-10", 3, 1, 5430000000, 5, "2018-10-05"),
        ("S-400|Russia|follow-on", "negotiating", "2024-03-01", 1, 0, None, None, "2024-03-01"),
    ]
    conflicting = conn.execute("select status, event_date::text from deal_events where conflicts").fetchall()
    assert conflicting == [("negotiating", "2024-03-01")]


def test_register_is_rebuilt_when_an_article_is_retagged_and_a_rerun_changes_nothing(conn):
    first = _article_on(conn, "https://a.example/1", "one", "2021-12-10")
    conn.commit()
    tag_pending(conn, _Tagger({"one": [_deal("The S-400 was delivered.", "delivered")]}))
    deal_id = conn.execute("select deal_id from deals").fetchone()[0]
    before = conn.execute("select deal_key, status, events from deals").fetchall()
    deals.rebuild(conn, deals.systems_of_articles(conn, [first]))
    assert conn.execute("select deal_key, status, events from deals").fetchall() == before
    # the article is edited: its new version says the deal was signed only
    conn.execute("update articles set version = 2, tagged_version = null where article_id = %s", (first,))
    conn.commit()
    tag_pending(conn, _Tagger({"one": [_deal("The S-400 deal was signed.", "signed")]}))
    assert conn.execute("select deal_id, status, events from deals").fetchall() == [(deal_id, "signed", 1)]
    # and then drops the system altogether: the deal no current mention supports is gone
    conn.execute("update articles set version = 3, tagged_version = null where article_id = %s", (first,))
    conn.commit()
    tag_pending(conn, _Tagger({}))
    assert conn.execute("select count(*) from deals").fetchone()[0] == 0


def _loader_dsn(conn, dsn):
    from irwatch.db import with_params

    if conn.execute("select 1 from pg_roles where rolname = 'irwatch_loader'").fetchone() is None:
        pytest.skip("this server did not let the migrations create irwatch_loader")
    return with_params(dsn, user="irwatch_loader", password=None)


def test_the_loader_role_can_tag_and_load_but_not_change_the_schema(conn, clean_db):
    import psycopg

    add_article(conn, "https://a.example/1", "t", "one")
    conn.execute("update articles set tagged_version = null")
    conn.commit()
    from irwatch.store.migrate import migrate

    with psycopg.connect(_loader_dsn(conn, clean_db)) as loader:
        assert migrate(loader) == []  # a stage's migrate step is a no-op it may run
        summary = tag_pending(loader, _Tagger({"one": [_event(0), _deal("The S-400 was delivered.", "delivered",
                                                                        start=300)]}))
        assert (summary.articles, summary.mentions, summary.deal_events) == (1, 2, 1)
        for statement in ("create table x (y int)", "drop table mentions", "alter table mentions add column z int",
                          "delete from schema_migrations"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                loader.execute(statement)
            loader.rollback()
