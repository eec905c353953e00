"""Every analyst query in sql/queries runs, as the read-only role, on a database with data."""

from pathlib import Path

import psycopg
import pytest

from tests.factories import add_article, add_caatsa_mention

QUERIES = sorted((Path(__file__).parent.parent / "sql" / "queries").glob("*.sql"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_runs_as_reader(conn, reader_dsn, path):
    article = add_article(conn, "https://a.example/1", "CAATSA waiver", "The US waived CAATSA for India.")
    add_caatsa_mention(conn, article, "The US waived CAATSA for India.")
    conn.commit()
    with psycopg.connect(reader_dsn) as reader:
        rows = reader.execute(path.read_text()).fetchall()
    if path.stem == "caatsa_timeline":
        assert rows and rows[0][1] == "waived"


def test_there_are_queries():
    assert len(QUERIES) >= 3
