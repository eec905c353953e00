"""irwatch_reader, the analysts' role: reads every table and view but alerts.recipients, and writes nothing.

Two locks are checked separately: the role's default_transaction_read_only (which a session may lift with
`set transaction read write`) and, under it, the grants themselves, which hold even when it is lifted.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors, sql

# a statement per kind of write, each aimed at a table the reader can see
WRITES = {
    "insert": "insert into sources (name, kind, url) values ('quill-post', 'feed', 'https://quill.example/')",
    "update": "update articles set title = 'Rewritten'",
    "delete": "delete from mentions",
    "truncate": "truncate rejected_rows",
    "create-table": "create table public.scratch_notes (note text)",
    "create-view": "create view public.scratch_view as select 1 as one",
    "alter-table": "alter table articles add column note text",
}


def relations(dsn: str) -> list[tuple[str, str]]:
    with psycopg.connect(dsn) as owner:
        return owner.execute(
            """select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p') order by c.relname"""
        ).fetchall()


def test_reader_selects_every_table_and_view(clean_db, reader_dsn):
    found = relations(clean_db)
    names = {name for name, _ in found}
    assert {"articles", "mentions", "deals", "deal_events", "rejected_rows", "v_caatsa_mentions",
            "v_source_health"} <= names
    refused = []
    with psycopg.connect(reader_dsn, autocommit=True) as reader:
        for name, _ in found:
            if name in HIDDEN:
                continue  # below: every column but recipients
            try:
                reader.execute(sql.SQL("select * from {} limit 1").format(sql.Identifier(name)))
            except errors.InsufficientPrivilege:
                refused.append(name)
    assert not refused


HIDDEN = ("alerts", "alert_rules", "briefs_sent")  # all three hold who receives the emails


def test_reader_selects_alert_rules_without_recipients(clean_db, reader_dsn):
    with psycopg.connect(reader_dsn) as reader:
        reader.execute("select rule, event_type, filters, mode, digest_hour, enabled from alert_rules")
        with pytest.raises(errors.InsufficientPrivilege):
            reader.execute("select recipients from alert_rules")


def test_reader_selects_alerts_without_recipients(clean_db, reader_dsn):
    with psycopg.connect(clean_db) as owner:
        columns = [c for (c,) in owner.execute(
            """select column_name from information_schema.columns
               where table_schema = 'public' and table_name = 'alerts' order by ordinal_position""")]
    assert "recipients" in columns
    readable = [c for c in columns if c != "recipients"]
    with psycopg.connect(reader_dsn) as reader:
        query = sql.SQL("select {} from alerts").format(sql.SQL(", ").join(map(sql.Identifier, readable)))
        assert reader.execute(query).fetchall() == []


@pytest.mark.parametrize("query", ["select recipients from alerts", "select * from alerts",
                                   "select count(*) from alerts where 'desk@example.invalid' = any(recipients)"])
def test_reader_cannot_read_recipients(reader_dsn, query):
    with psycopg.connect(reader_dsn) as reader, pytest.raises(errors.InsufficientPrivilege):
        reader.execute(query)


def test_no_view_exposes_recipients(conn):
    exposed = conn.execute(
        """select table_name from information_schema.columns c
           join information_schema.views v using (table_schema, table_name)
           where c.table_schema = 'public' and c.column_name = 'recipients'"""
    ).fetchall()
    assert exposed == []


def test_reader_sessions_are_read_only(reader_dsn):
    with psycopg.connect(reader_dsn) as reader:
        assert reader.execute("show default_transaction_read_only").fetchone()[0] == "on"
        assert reader.execute("show transaction_read_only").fetchone()[0] == "on"


@pytest.mark.parametrize("statement", WRITES.values(), ids=WRITES.keys())
def test_reader_writes_nothing_by_default(reader_dsn, statement):
    with psycopg.connect(reader_dsn) as reader, pytest.raises(errors.ReadOnlySqlTransaction):
        reader.execute(statement)


@pytest.mark.parametrize("statement", WRITES.values(), ids=WRITES.keys())
def test_reader_writes_nothing_even_read_write(reader_dsn, statement):
    # lifting the read-only default is the session's to do; the grants still refuse every write
    with psycopg.connect(reader_dsn) as reader:
        reader.execute("set transaction read write")
        with pytest.raises(errors.InsufficientPrivilege):
            reader.execute(statement)


def test_reader_cannot_create_temp_tables_by_default(reader_dsn):
    # (PUBLIC's default TEMP privilege lets a read-write session make session-local temp tables; not asserted)
    with psycopg.connect(reader_dsn) as reader, pytest.raises(errors.ReadOnlySqlTransaction):
        reader.execute("create temp table scratch (note text)")


def test_the_seeded_rows_survive_a_reader(conn, reader_dsn):
    conn.execute("insert into sources (name, kind, url) values ('quill-post', 'feed', 'https://quill.example/')")
    conn.commit()
    for statement in ("delete from sources", "update sources set name = 'renamed'"):
        with psycopg.connect(reader_dsn) as reader:
            reader.execute("set transaction read write")
            with pytest.raises(errors.InsufficientPrivilege):
                reader.execute(statement)
    assert conn.execute("select name from sources").fetchall() == [("quill-post",)]


def test_reader_sees_which_briefs_went_out_but_not_to_whom(conn, reader_dsn):
    conn.execute("insert into briefs_sent (period, recipient, message_id, status) "
                 "values ('2026-W47', 'desk@example.invalid', '<b@example.invalid>', 'sent')")
    conn.commit()
    with psycopg.connect(reader_dsn) as reader:
        assert reader.execute("select period, status from briefs_sent").fetchall() == [("2026-W47", "sent")]
        with pytest.raises(errors.InsufficientPrivilege):
            reader.execute("select recipient from briefs_sent")
