"""Pipelines, middlewares and helpers in isolation, built with Scrapy's get_crawler (no network, no DB)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawlers.addresses import AddressPolicy, parse_policy
from crawlers.extensions.crawl_run import summarise
from crawlers.failures import RefusedRequest, SkipRequest, classify
from crawlers.items import ArticleItem
from crawlers.middlewares.private_address import PrivateAddressMiddleware
from crawlers.middlewares.redirect_loop import RedirectLoopMiddleware
from crawlers.middlewares.retry_backoff import backoff_delay
from crawlers.pipelines.clean import CleanPipeline, clean_text
from crawlers.pipelines.dedupe import DedupePipeline
from crawlers.pipelines.prefilter import RelevancePrefilterPipeline
from crawlers.pipelines.store import StorePipeline, drop_code
from crawlers.pipelines.validate import ValidatePipeline

BODY = " ".join(["India and Russia signed an agreement in Moscow on the supply of fuel."] * 8)


def article(**overrides) -> ArticleItem:
    values = {
        "url": "https://a.test/news/india-russia-fuel-deal?utm_source=x",
        "canonical_url": "https://a.test/news/india-russia-fuel-deal",
        "source": "a-test",
        "title": "India, Russia sign fuel deal",
        "published_at": "2024-07-09T10:00:00+00:00",
        "modified_at": None,
        "authors": ["A. Writer"],
        "language": "en",
        "text": BODY,
        "html_sha256": "0" * 64,
        "fetched_at": "2024-07-10T00:00:00+00:00",
        "http_status": 200,
    }
    values.update(overrides)
    return ArticleItem(**values)


class _Spider(Spider):
    name = "t"
    since = None


def crawler_for(settings: dict | None = None):
    crawler = get_crawler(_Spider, settings or {})
    crawler.spider = _Spider()
    return crawler


# --- clean ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        ("  one  \t two  ", "one two"),
        ("line 1\r\nline 2\rline 3", "line 1\nline 2\nline 3"),
        ("p1\n\n\n\np2", "p1\np2"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("bell\x07 and esc\x1b", "bell and esc"),
        ("c1\x85control", "c1control"),
        ("non\u00a0breaking", "non breaking"),
        ("Cafe\u0301", "Café"),  # NFC
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_pipeline_fields():
    item = CleanPipeline().process_item(
        article(
            title=" India,\n Russia\x00 deal ",
            authors=["  A. Writer ", "A. Writer", ""],
            text="para\x00 one\n\n para two ",
        )
    )
    assert item["title"] == "India, Russia deal"
    assert item["authors"] == ["A. Writer"]
    assert item["text"] == "para one\npara two"


# --- validate -------------------------------------------------------------------------
def validate(item, settings=None, since=None):
    crawler = crawler_for({"IRWATCH_MIN_WORDS": 60, **(settings or {})})
    crawler.spider.since = since
    return ValidatePipeline.from_crawler(crawler).process_item(item), crawler


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"canonical_url": None},
            "incomplete: https://a.test/news/india-russia-fuel-deal?utm_source=x: missing canonical_url",
        ),
        ({"title": None}, "incomplete: "),
        ({"text": "Too short to be an article."}, "too-short: "),
        ({"text": ""}, "too-short: "),
    ],
)
def test_validate_drops_with_actionable_reason(overrides, message):
    with pytest.raises(DropItem, match="^" + message.replace("?", r"\?")):
        validate(article(**overrides))


def test_validate_nulls_impossible_dates_and_counts_them():
    item, crawler = validate(
        article(published_at="2091-01-01T00:00:00+00:00", modified_at="1970-01-01T00:00:00+00:00")
    )
    assert item["published_at"] is None and item["modified_at"] is None
    assert crawler.stats.get_value("irwatch/error/date-in-future") == 1
    assert crawler.stats.get_value("irwatch/error/date-too-old") == 1


def test_validate_drops_stale_articles():
    with pytest.raises(DropItem, match=r"^stale: .* older than since=2024-07-10"):
        validate(article(), since=datetime(2024, 7, 10, tzinfo=UTC))


def test_validate_keeps_undated_articles_after_since():
    item, _ = validate(article(published_at=None), since=datetime(2024, 7, 10, tzinfo=UTC))
    assert item["published_at"] is None


# --- prefilter ------------------------------------------------------------------------
def test_prefilter_drops_off_topic():
    pipeline = RelevancePrefilterPipeline.from_crawler(crawler_for({"IRWATCH_PREFILTER": True}))
    with pytest.raises(DropItem, match=r"^off-topic: https://a\.test/.*: mentions India but no Russia-side"):
        pipeline.process_item(article(title="India win", text="India beat Zimbabwe by ten wickets. " * 20))
    assert pipeline.process_item(article()) is not None


def test_prefilter_can_be_switched_off():
    with pytest.raises(NotConfigured):
        RelevancePrefilterPipeline.from_crawler(crawler_for({"IRWATCH_PREFILTER": False}))


# --- dedupe ----------------------------------------------------------------------------
def test_dedupe_by_canonical_url_and_by_text():
    pipeline = DedupePipeline()
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="^duplicate: .*canonical URL"):
        pipeline.process_item(article(url="https://a.test/amp/india-russia-fuel-deal"))
    with pytest.raises(DropItem, match="^duplicate: .*same text"):
        pipeline.process_item(article(url="https://b.test/x", canonical_url="https://b.test/x"))
    assert pipeline.process_item(
        article(url="https://c.test/y", canonical_url="https://c.test/y", text=BODY + " More.")
    )


# --- store switch -----------------------------------------------------------------------
def test_store_is_off_without_irwatch_store():
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler_for({"IRWATCH_STORE": False}))


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("off-topic: https://a.test/x: no India–Russia terms", "off-topic"),
        ("too-short: https://a.test/x: 12 words", "too-short"),
        ("something went wrong", "other"),
        ("https://a.test/x: weird", "other"),
        ("", "other"),
    ],
)
def test_drop_code(message, code):
    assert drop_code(message) == code


# --- failures ---------------------------------------------------------------------------
def _http_error(status: int) -> HttpError:
    return HttpError(Response("https://a.test/x", status=status), "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_http_error(404), "http-404"),
        (_http_error(503), "http-503"),
        (RefusedRequest("private-address", "refused"), "private-address"),
        (RefusedRequest("redirect-loop", "loop"), "redirect-loop"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots-disallowed"),
        (IgnoreRequest("max redirections reached"), "too-many-redirects"),
        (IgnoreRequest("whatever"), "ignored"),
        (ValueError("boom"), "download-error"),
    ],
)
def test_classify(exc, kind):
    assert classify(Failure(exc))[0] == kind


def test_classify_skips_are_not_errors():
    assert classify(SkipRequest("seen-article", "seen")) is None


def test_classify_scrapy_download_errors():
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadTimeoutError,
    )

    assert classify(DownloadTimeoutError("took longer than 2.0 seconds"))[0] == "timeout"
    assert classify(DownloadCancelledError("larger than download max size"))[0] == "too-large"
    assert classify(CannotResolveHostError("nx.test"))[0] == "dns"
    assert (
        classify(CannotResolveHostError("private-address: a.test resolves to 10.0.0.1"))[0]
        == "private-address"
    )
    assert classify(DownloadConnectionRefusedError("refused"))[0] == "connection-refused"


# --- address policy -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ip", "policy", "refused"),
    [
        ("93.184.216.34", "0", False),
        ("127.0.0.1", "0", True),
        ("10.0.0.1", "0", True),
        ("192.168.1.1", "0", True),
        ("172.16.0.1", "0", True),
        ("169.254.169.254", "0", True),
        ("::1", "0", True),
        ("fe80::1", "0", True),
        ("fc00::1", "0", True),
        ("0.0.0.0", "0", True),
        ("100.64.0.1", "0", True),
        ("224.0.0.1", "0", True),
        ("::ffff:127.0.0.1", "0", True),
        ("127.0.0.1", "1", False),
        ("10.0.0.1", "1", False),
        ("127.0.0.1", "127.0.0.0/8", False),
        ("10.0.0.1", "127.0.0.0/8", True),
        ("::1", "127.0.0.0/8,::1/128", False),
    ],
)
def test_address_policy(ip, policy, refused):
    assert (parse_policy(policy).refusal(ip) is not None) is refused


def test_address_policy_rejects_typos():
    with pytest.raises(ValueError, match="not a network"):
        parse_policy("127.0.0.0/8,localhost")
    assert parse_policy(True) == AddressPolicy(allow_all_private=True)


def test_private_address_middleware_refuses_literal_and_resolved_hosts():
    crawler = crawler_for({"IRWATCH_ALLOW_PRIVATE": "0"})
    crawler.stats.open_spider()
    mw = PrivateAddressMiddleware.from_crawler(crawler)

    async def check():
        for url in ("http://10.0.0.1/x", "http://localhost:8080/x", "http://[::1]/x"):
            with pytest.raises(RefusedRequest) as refused:
                await mw.process_request(Request(url))
            assert refused.value.kind == "private-address"
        assert (
            await mw.process_request(Request("http://93.184.216.34/x")) is None
        )  # literal: no DNS, no connection

    asyncio.run(check())
    assert crawler.stats.get_value("irwatch/refused/private-address") == 3


# --- redirect loop ---------------------------------------------------------------------------
def test_redirect_loop_middleware():
    mw = RedirectLoopMiddleware(crawler_for())
    request = Request("https://a.test/loop/b", meta={"redirect_urls": ["https://a.test/loop/a"]})
    response = HtmlResponse(request.url, status=302, headers={"Location": "/loop/a"}, request=request)
    with pytest.raises(
        RefusedRequest, match="redirect-loop: https://a.test/loop/a: .*→ https://a.test/loop/a"
    ):
        mw.process_response(request, response)
    onward = HtmlResponse(request.url, status=302, headers={"Location": "/loop/c"}, request=request)
    assert mw.process_response(request, onward) is onward


# --- retry backoff ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("attempt", "retry_after", "delay"),
    [
        (1, None, 2.0),
        (2, None, 4.0),
        (3, None, 8.0),
        (10, None, 60.0),
        (1, "5", 5.0),
        (1, "600", 60.0),
        (1, "Thu, 11 Jul 2024 12:00:30 GMT", 30.0),
        (1, "Thu, 11 Jul 2024 11:00:00 GMT", 0.0),
        (2, "soon", 4.0),
    ],
)
def test_backoff_delay(attempt, retry_after, delay):
    now = datetime(2024, 7, 11, 12, 0, tzinfo=UTC)
    assert backoff_delay(attempt, base=2.0, cap=60.0, retry_after=retry_after, now=now) == delay


# --- crawl_runs summary ------------------------------------------------------------------------
def test_summarise_stats_into_crawl_run_columns():
    stats = {
        "downloader/request_count": 21,
        "item_scraped_count": 10,
        "item_dropped_count": 3,
        "irwatch/drop/off-topic": 2,
        "irwatch/drop/too-short": 1,
        "irwatch/error/http-404": 1,
        "spider_exceptions/KeyError": 2,
        "irwatch/store/new": 10,
        "memusage/max": 1,
        "finish_time": datetime(2024, 7, 11, tzinfo=UTC),
        "downloader/response_status_count/200": 14,
    }
    summary = summarise(stats)
    assert summary["requests"] == 21 and summary["kept"] == 10 and summary["dropped"] == 3
    assert summary["drop_reasons"] == {"off-topic": 2, "too-short": 1}
    assert summary["errors"] == {"http-404": 1, "spider-exception-KeyError": 2}
    assert summary["stats"]["finish_time"] == "2024-07-11T00:00:00+00:00"
    assert "memusage/max" not in summary["stats"] and summary["stats"]["irwatch/store/new"] == 10


# --- resolver ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "policy", "refused"),
    [
        ("93.184.216.34", "0", False),
        ("10.1.2.3", "0", True),
        ("127.0.0.1", "0", True),
        ("127.0.0.1", "1", False),
    ],
)
def test_resolver_refuses_private_answers(address, policy, refused):
    from twisted.internet import reactor
    from twisted.internet.error import DNSLookupError

    from crawlers.resolver import PublicOnlyResolver

    resolver = PublicOnlyResolver(reactor, 0, 5.0, parse_policy(policy))
    if refused:
        with pytest.raises(DNSLookupError, match=r"private-address: rebind\.test resolves to \d"):
            resolver._check(address, "rebind.test")
    else:
        assert resolver._check(address, "rebind.test") == address


# --- doctests in the heuristics modules ------------------------------------------------------
@pytest.mark.parametrize(
    "module",
    [
        "crawlers.urls",
        "crawlers.dates",
        "crawlers.relevance",
        "crawlers.addresses",
        "crawlers.failures",
        "crawlers.pipelines.clean",
        "crawlers.pipelines.store",
        "crawlers.middlewares.retry_backoff",
    ],
)
def test_doctests(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_dedupe_keeps_a_different_story_that_reuses_a_canonical_url():
    from crawlers.pipelines.dedupe import DedupePipeline

    pipeline = DedupePipeline()
    first = {"url": "https://x.example/a", "canonical_url": "https://x.example/template",
             "text": "India and Russia signed a contract for AK-203 rifles at Korwa."}
    amp = {"url": "https://x.example/a/amp", "canonical_url": "https://x.example/template",
           "text": "India and Russia signed a contract for AK-203 rifles at Korwa today."}
    other = {"url": "https://x.example/b", "canonical_url": "https://x.example/template",
             "text": "Kudankulam unit 3 is being built with Rosatom's help in Tamil Nadu."}
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(amp)
    assert pipeline.process_item(other)["canonical_url"] == "https://x.example/b"
