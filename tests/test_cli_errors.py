"""Every failed `irwatch` command says why in one line on stderr, `irwatch: <reason>`, exits non-zero and never
shows a traceback. Nothing here crawls: the refused feeds and sources are refused before any request."""

from __future__ import annotations

import logging

import psycopg
import pytest

from irwatch import cli
from irwatch.cli import describe_error, main
from irwatch.crawl import CrawlError, CrawlFailed, CrawlSummary
from irwatch.db import DatabaseUnavailable, with_params
from irwatch.sources import RegistryError

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"


def _one_line_error(capsys, code: int) -> str:
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("irwatch: ")
    return err.rstrip("\n")


# (argv, which database IRWATCH_DSN points at, exit code, words the reason must hold)
BAD_INVOCATIONS = [
    (["run", "--feed", "file:///etc/passwd"], "test", 2, "must be an absolute http(s) URL"),
    (["run", "--feed", "ftp://example.org/rss.xml"], "test", 2, "must be an absolute http(s) URL"),
    (["run", "--source", "no-such-source-anywhere"], "test", 1, "no source named 'no-such-source-anywhere'"),
    (["status"], "unreachable", 3, "cannot connect to postgresql://nobody@127.0.0.1:1/x"),
    (["search", "S-400"], "unreachable", 3, "cannot connect"),
    (["export", "mentions"], "unreachable", 3, "cannot connect"),
    (["db", "status"], "unreachable", 3, "cannot connect"),
    (["status"], "missing-db", 3, "does not exist"),
    (["search", ""], "unreachable", 2, "empty search query"),
    (["search", "   "], "unreachable", 2, "empty search query"),
    (["search", "!!! ---"], "test", 2, "no searchable words"),
    (["search", "x", "--since", "2024-02-01", "--until", "2024-01-01"], "test", 2, "is after --until"),
    (["search", "x", "--since", "2024-13-01"], "unreachable", 2, "invalid date '2024-13-01' (expected YYYY-MM-DD)"),
    (["search", "x", "--since", "yesterday"], "unreachable", 2, "argument --since: invalid date"),
    (["search", "x", "--limit", "0"], "unreachable", 2, "argument --limit"),
    (["search", "x", "--type", "rumour"], "unreachable", 2, "argument --type: invalid choice"),
    (["search"], "unreachable", 2, "the following arguments are required: query"),
    (["export", "everything"], "unreachable", 2, "unknown export 'everything'; choose mentions, deals, trade"),
    (["export", "mentions", "--format", "xml"], "unreachable", 2, "argument --format: invalid choice"),
    (["export", "mentions", "--since", "2024-02-30"], "unreachable", 2, "invalid date '2024-02-30'"),
    (["export", "mentions", "--output", "/nonexistent-dir/mentions.csv"], "test", 1,
     "cannot write /nonexistent-dir/mentions.csv: No such file or directory"),
    ([], "unreachable", 2, "the following arguments are required: command"),
    (["frobnicate"], "unreachable", 2, "invalid choice: 'frobnicate'"),
    (["tag", "--limit", "many"], "unreachable", 2, "argument --limit: invalid int value"),
]


@pytest.mark.parametrize(("argv", "database", "code", "reason"), BAD_INVOCATIONS,
                         ids=[" ".join(a[0]) or "(nothing)" for a in BAD_INVOCATIONS])
def test_bad_invocation_is_one_line(argv, database, code, reason, request, monkeypatch, capsys):
    if database == "test":
        dsn = request.getfixturevalue("clean_db")
    elif database == "missing-db":
        dsn = with_params(request.getfixturevalue("server_dsn"), dbname="irwatch_no_such_database")
    else:
        dsn = UNREACHABLE     # never the developer's embedded database, even where it is not meant to connect
    monkeypatch.setenv("IRWATCH_DSN", dsn)
    got = main(argv)
    line = _one_line_error(capsys, got)
    assert got == code, line
    assert reason in line


def _crawl_failed() -> CrawlFailed:
    tail = "\n".join(f"2026-01-01 log line {n}" for n in range(40))
    return CrawlFailed(
        [("tass-world", f"exit code 1, crawl_runs.status 'failed'; last lines of /tmp/irwatch-crawl-7-ab.log:\n{tail}"),
         ("pib", f"exit code -9, crawl_runs.status 'running'; last lines of /tmp/irwatch-crawl-8-cd.log:\n{tail}")],
        CrawlSummary(),
    )


def _migration_error():
    from irwatch.store.migrate import MigrationError

    return MigrationError("0007_bad.sql: syntax error at or near \"tabel\"\nLINE 1: create tabel x ()")


def _sql_error():
    return psycopg.errors.UndefinedTable('relation "deals" does not exist\nLINE 1: select * from deals\n   ^')


# (exception raised by a command, exit code, the whole line expected)
RAISED = [
    (DatabaseUnavailable("could not start embedded PostgreSQL in /x: boom\nmore"), 3,
     "irwatch: could not start embedded PostgreSQL in /x: boom"),
    (_crawl_failed(), 1, "irwatch: 2 crawl(s) failed: tass-world, pib "
                         "(log: /tmp/irwatch-crawl-7-ab.log, /tmp/irwatch-crawl-8-cd.log)"),
    (CrawlError("no source named 'x' in the sources table"), 1, "irwatch: no source named 'x' in the sources table"),
    (RegistryError("crawlers/sources.yaml: not valid YAML: mapping values\n  in line 3"), 2,
     "irwatch: crawlers/sources.yaml: not valid YAML: mapping values"),
    (_migration_error(), 1, 'irwatch: migration failed: 0007_bad.sql: syntax error at or near "tabel"'),
    (_sql_error(), 1, 'irwatch: database error: relation "deals" does not exist'),
    (psycopg.OperationalError("server closed the connection unexpectedly\n\tThis probably means..."), 3,
     "irwatch: database error: server closed the connection unexpectedly"),
    (ValueError("limit must be between 1 and 1000, got 0"), 2, "irwatch: limit must be between 1 and 1000, got 0"),
    (PermissionError(13, "Permission denied", "/root/out.csv"), 1,
     "irwatch: [Errno 13] Permission denied: '/root/out.csv'"),
    (RuntimeError("something odd\nsecond line"), 1,
     "irwatch: unexpected RuntimeError: something odd (rerun with -v for the traceback)"),
    (KeyboardInterrupt(), 130, "irwatch: interrupted; rerun to resume (every stage is idempotent)"),
]


@pytest.mark.parametrize(("exc", "code", "expected"), RAISED, ids=[type(r[0]).__name__ for r in RAISED])
def test_each_error_type_is_one_line(exc, code, expected, monkeypatch, capsys):
    def failing(args, settings):
        raise exc

    monkeypatch.setenv("IRWATCH_DSN", UNREACHABLE)
    monkeypatch.setattr(cli, "cmd_status", failing)
    got = main(["status"])
    assert _one_line_error(capsys, got) == expected
    assert got == code


def test_describe_error_never_returns_more_than_one_line():
    for exc, _code, _expected in RAISED[:-1]:
        code, reason = describe_error(exc)
        assert code != 0 and "\n" not in reason and reason


def test_verbose_logs_the_traceback_and_still_ends_with_the_line(monkeypatch, capsys, caplog):
    monkeypatch.setenv("IRWATCH_DSN", UNREACHABLE)
    with caplog.at_level(logging.ERROR, logger="irwatch.cli"):
        assert main(["-v", "search", ""]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "irwatch: empty search query"
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)


def test_help_is_not_an_error(capsys):
    assert main(["search", "--help"]) == 0
    assert "--since" in capsys.readouterr().out
