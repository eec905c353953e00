import shutil

import psycopg
import pytest

from irwatch.store.migrate import MIGRATIONS_DIR, MigrationError, discover, migrate
from tests.scratch_db import scratch_database


def test_migration_files_are_numbered_and_unique():
    found = discover()
    assert [m.version for m in found] == sorted(m.version for m in found)
    assert found[0].version == "0001"


def test_rerun_is_a_no_op(clean_db):
    with psycopg.connect(clean_db) as conn:
        assert migrate(conn) == []
        versions = [r[0] for r in conn.execute("select version from schema_migrations order by 1")]
    assert versions == [m.version for m in discover()]


def test_edited_migration_is_refused(clean_db, tmp_path):
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    first = sorted(copy.glob("0001_*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after landing\n")
    with psycopg.connect(clean_db) as conn, pytest.raises(MigrationError, match="edited after it was applied"):
        migrate(conn, copy)


def test_reader_role_can_read_but_not_write(reader_dsn):
    with psycopg.connect(reader_dsn) as reader:
        assert reader.execute("select count(*) from articles").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reader.execute("insert into sources (name, kind, url) values ('x', 'feed', 'http://x')")
        reader.rollback()
        # even a session that asks for read-write has no grant to write with
        reader.execute("set transaction read write")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("insert into sources (name, kind, url) values ('x', 'feed', 'http://x')")


def test_concurrent_first_starts_on_a_new_database_are_safe(server_dsn):
    """Two migrators on an empty database: one applies everything, the other waits and finds it done."""
    import threading

    results, errors = [], []
    barrier = threading.Barrier(2)

    def start(dsn):
        try:
            with psycopg.connect(dsn) as conn:
                barrier.wait()
                results.append(migrate(conn))
        except Exception as exc:  # noqa: BLE001 — the assertion below names it
            errors.append(exc)

    with scratch_database(server_dsn, migrated=False, prefix="irwatch_race") as dsn:
        threads = [threading.Thread(target=start, args=(dsn,)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, len(discover())]


def test_mentions_alerted_before_stories_are_not_mailed_again(server_dsn):
    """A database alerted by the pre-story stage (migrations up to 0007) upgrades without re-alerting."""
    from datetime import UTC, datetime

    from irwatch.alerts import queue_alerts
    from irwatch.cluster import cluster_pending
    from tests.factories import add_article, add_caatsa_mention

    with scratch_database(server_dsn, migrated=False, prefix="irwatch_upgrade") as dsn, \
            psycopg.connect(dsn) as conn:
        migrate(conn, _only(discover(), "0007"))
        article = add_article(conn, "https://a.example/1", "Waiver urged", "Lawmakers urged a CAATSA waiver.")
        mention = add_caatsa_mention(conn, article, "Lawmakers urged a CAATSA waiver.")
        conn.execute("""insert into alerts (rule, dedup_key, mention_id, article_id, headline, sentence, url,
                                            recipients, message_id, status)
                        values ('caatsa', 'caatsa:waived:india:1', %s, %s, 'h', 's', 'u', '{x@example.org}',
                                '<m@x>', 'sent')""", (mention, article))
        conn.commit()
        migrate(conn)
        cluster_pending(conn)
        summary = queue_alerts(conn, ["desk@example.org"], now=datetime(2022, 7, 15, tzinfo=UTC))
    assert (summary.candidates, summary.queued) == (0, 0)


def _only(migrations, last: str):
    """The migrations up to `last` in a directory of their own, as a database that stopped there saw them."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="irwatch-migrations-"))
    for m in migrations:
        if m.version <= last:
            shutil.copy(m.path, folder / m.path.name)
    return folder
