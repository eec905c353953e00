"""Scrapy settings for irwatch's crawlers. Documented in crawlers/README.md.

Environment variables are read here and only here; components read settings
in `from_crawler`. Anything can be overridden per run with `-s NAME=VALUE`.
"""

from __future__ import annotations

import os

BOT_NAME = "irwatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# --- politeness -------------------------------------------------------------
USER_AGENT = "irwatch/0.1 (+https://github.com/irwatch/irwatch; news monitoring)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False  # news pages do not need a session; cookies only feed consent walls
TELNETCONSOLE_ENABLED = False

# --- safety limits ------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
# news is fetched over http(s) only; the other handlers would read local files or FTP (and ignore MAXSIZE)
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # an article page is < 2 MB; more is a video, a dump or an attack
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
METAREFRESH_MAXDELAY = 5
DNS_TIMEOUT = 15
# Refuse hosts that resolve to private/loopback/link-local addresses at connect time too,
# closing the gap between the middleware's check and the actual connection (DNS rebinding).
TWISTED_DNS_RESOLVER = "crawlers.resolver.PublicOnlyResolver"

# --- retries: 429 and 5xx, with exponential backoff (see crawlers/middlewares/retry_backoff.py) ---
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
IRWATCH_RETRY_BACKOFF_BASE = 2.0  # seconds; attempt n waits base * 2**(n-1), jittered
IRWATCH_RETRY_BACKOFF_MAX = 60.0  # cap, also for Retry-After

# --- item pipelines, in order ---------------------------------------------------
ITEM_PIPELINES = {
    "crawlers.pipelines.clean.CleanPipeline": 100,
    "crawlers.pipelines.validate.ValidatePipeline": 200,
    "crawlers.pipelines.language.LanguagePipeline": 250,
    "crawlers.pipelines.prefilter.RelevancePrefilterPipeline": 300,
    "crawlers.pipelines.dedupe.DedupePipeline": 400,
    "crawlers.pipelines.store.StorePipeline": 500,
}

DOWNLOADER_MIDDLEWARES = {
    # before robots.txt, so that not even robots.txt is fetched from a refused address
    "crawlers.middlewares.private_address.PrivateAddressMiddleware": 40,
    "crawlers.middlewares.seen_urls.SeenUrlsMiddleware": 60,
    "crawlers.middlewares.conditional_get.ConditionalGetMiddleware": 560,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
    # process_response runs from high to low numbers: see the loop before RedirectMiddleware (600)
    "crawlers.middlewares.redirect_loop.RedirectLoopMiddleware": 610,
}

EXTENSIONS = {
    "crawlers.extensions.drop_reasons.DropReasonCounter": 100,
    "crawlers.extensions.crawl_run.CrawlRunRecorder": 200,
}


# --- irwatch switches -----------------------------------------------------------
def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "")
    if raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


# Store to PostgreSQL (articles, versions, dropped URLs, crawl_runs, feed_state). Off by default so
# `scrapy crawl feed -a url=… -O out.jsonl` needs no database; `irwatch crawl` passes -s IRWATCH_STORE=1.
IRWATCH_STORE = _env_flag("IRWATCH_STORE", False)
IRWATCH_DSN = os.environ.get("IRWATCH_DSN") or None
# crawl_runs row created by the caller (irwatch.crawl.run_crawl); when unset the crawl creates its own.
IRWATCH_CRAWL_RUN_ID = None
# "1" allows every non-public address; a comma-separated list of networks allows only those
# (tests use "127.0.0.0/8" so that a redirect to 10.0.0.1 is still refused).
IRWATCH_ALLOW_PRIVATE = os.environ.get("IRWATCH_ALLOW_PRIVATE", "0")
IRWATCH_PREFILTER = _env_flag("IRWATCH_PREFILTER", True)
IRWATCH_MIN_WORDS = 60
# Skip article URLs already in articles or dropped_urls (needs IRWATCH_STORE); set 1 to refetch all.
IRWATCH_REFETCH = _env_flag("IRWATCH_REFETCH", False)
IRWATCH_REGISTRY = None  # path to sources.yaml; None = crawlers/sources.yaml

# --- output -------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Stats are dumped at the end of each crawl; crawl_runs.stats keeps a selection.
STATS_DUMP = True
