"""Rows for tests that start after the crawl: articles and mentions written straight into the database."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from psycopg.types.json import Jsonb

_offsets = iter(range(0, 10**9, 10))


def add_article(conn, url: str, title: str, text: str, *, relevant=True, source="test-source") -> int:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return conn.execute(
        """insert into articles (canonical_url, url, source_name, title, text, html_sha256, text_sha256,
                                 fetched_at, published_at, relevant, relevance, tagged_version)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'test') returning article_id""",
        (url, url, source, title, text, digest, digest, datetime.now(UTC), datetime(2022, 7, 14, tzinfo=UTC),
         relevant, 0.9 if relevant else 0.1),
    ).fetchone()[0]


def add_caatsa_mention(conn, article_id: int, sentence: str, status: str = "waived", target: str = "India") -> int:
    return conn.execute(
        """insert into mentions (article_id, article_version, type, sentence, start_char, end_char,
                                 mention_start, mention_end, status, regime, caatsa, imposer, target, fields,
                                 pipeline_version)
           values (%s, 1, 'sanction', %s, 0, %s, %s, %s, %s, 'CAATSA', true, 'United States', %s, %s, 'test')
           returning mention_id""",
        (article_id, sentence, len(sentence), start := next(_offsets), start + 6, status, target,
         Jsonb({"regime": "CAATSA"})),
    ).fetchone()[0]
