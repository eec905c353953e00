"""The tag stage on a real database: idempotent, isolates a failing article, loads typed columns."""

from __future__ import annotations

import pytest

from irwatch.tag import tag_pending
from tests.factories import add_article


class FakeTagger:
    """Stands in for ArticleTagger where the test is about the stage, not the NLP."""

    version = "fake-1"

    def __init__(self, poison: str | None = None):
        self.poison = poison

    def tag(self, record):
        if self.poison and self.poison in record["text"]:
            raise ValueError("cannot read this article")
        return {"id": record["id"], "relevant": True, "relevance": 0.9, "events": [{
            "type": "trade_figure", "sentence": record["text"], "start": 0, "end": len(record["text"]),
            "mention_start": 0, "mention_end": 3, "amount": 1e9, "currency": "USD", "amount_usd": 1e9,
            "metric": "bilateral_trade", "year": 2024, "is_target": False}]}

    def tag_many(self, records):
        return [self.tag(r) for r in records]


def _untag(conn):
    conn.execute("update articles set tagged_version = null")
    conn.commit()


def test_tags_once_and_a_rerun_does_nothing(conn):
    for i in range(3):
        add_article(conn, f"https://a.example/{i}", "t", f"India and Russia traded goods {i}.")
    _untag(conn)
    first = tag_pending(conn, FakeTagger(), batch_size=2)
    again = tag_pending(conn, FakeTagger(), batch_size=2)
    assert (first.articles, first.mentions, again.articles) == (3, 3, 0)
    assert conn.execute("select count(*), min(metric), min(amount_usd) from mentions").fetchone() == (
        3, "bilateral_trade", 1e9)


def test_a_new_pipeline_version_retags_and_replaces_mentions(conn):
    add_article(conn, "https://a.example/1", "t", "India and Russia traded goods.")
    _untag(conn)
    tag_pending(conn, FakeTagger())
    newer = FakeTagger()
    newer.version = "fake-2"
    assert tag_pending(conn, newer).articles == 1
    assert conn.execute("select count(*), min(pipeline_version) from mentions").fetchone() == (1, "fake-2")


def test_one_failing_article_does_not_block_the_batch(conn):
    add_article(conn, "https://a.example/ok", "t", "India and Russia traded goods.")
    add_article(conn, "https://a.example/bad", "t", "POISON India and Russia.")
    _untag(conn)
    summary = tag_pending(conn, FakeTagger(poison="POISON"))
    assert summary.articles == 2 and summary.mentions == 1
    assert list(summary.skipped) == ["error: ValueError: cannot read this article"]
    assert tag_pending(conn, FakeTagger(poison="POISON")).articles == 0


@pytest.mark.slow
def test_real_tagger_loads_typed_columns(conn):
    from nlp.tagger import ArticleTagger

    add_article(conn, "https://a.example/s400", "India signs S-400 deal",
                "India and Russia signed a $5.43 billion contract for five S-400 squadrons in October 2018.")
    _untag(conn)
    tag_pending(conn, ArticleTagger())
    row = conn.execute("select system, status, quantity, value_usd, fields->>'system_text' from mentions "
                       "where type = 'deal'").fetchone()
    assert row == ("S-400", "signed", 5, 5.43e9, "S-400")
