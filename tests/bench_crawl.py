"""Crawl + extraction throughput and main-text quality on the fixture site.

    .venv/bin/python -m tests.bench_crawl [--runs 3] [--copies 10]

Serves tests/fixtures/crawl_site/ on 127.0.0.1, crawls a feed of every article
page `--runs` times with `scrapy crawl feed` (no database, no politeness delay),
and compares, in the same run:

  crawl        pages/s of the whole crawl (download, extraction, pipelines), from
               Scrapy's own elapsed_time_seconds, so process start-up is excluded
  extract      pages/s of crawlers.extraction.extract_article on the same HTML
  trafilatura  pages/s of bare trafilatura.extract on the same HTML (in memory)
  trafilatura fetch+extract
               pages/s of the plain-trafilatura way to do the same job: fetch the same
               crawl's URLs over HTTP (urllib, 8 threads) and trafilatura.extract each.
  baseline spider
               pages/s of a minimal Scrapy spider (tests/bench_baseline_spider.py) that
               fetches the same pages and runs bare trafilatura.extract: the same job with
               none of irwatch's layers. The crawl ratio is taken against it (target >= 0.8).
  word F1      bag-of-words F1 of each extractor's main text against expected.json

Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from crawlers.extraction import extract_article
from irwatch.config import PROJECT_ROOT
from tests.crawl_site_server import CrawlSite, expected_pages, word_f1

SETTINGS = [
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=0",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "LOG_LEVEL=INFO",
]


def bench_feed(site: CrawlSite, paths: list[str], copies: int) -> str:
    """Every article page `copies` times under /copy/<n>/ URLs, so one crawl has enough pages to time."""
    links = [f"/copy/{n}{p}" if n else p for n in range(copies) for p in paths]
    items = "\n".join(
        f"<item><title>page {i}</title><link>{site.base}{link.replace('&', '&amp;')}</link></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}</channel></rss>'


def _stat(log: str, name: str) -> str | None:
    found = re.search(rf"'{name}': ([0-9.]+)", log)
    return found.group(1) if found else None


def _elapsed(log: str) -> float:
    """Seconds from Scrapy's closing stats (engine start to finish, so process start-up is excluded)."""
    return float(_stat(log, "elapsed_time_seconds"))


def _processed(log: str) -> int:
    """Article pages that reached the item pipelines: kept plus dropped."""
    return sum(int(_stat(log, name) or 0) for name in ("item_scraped_count", "item_dropped_count"))


def crawl_once(site: CrawlSite, run: int, workdir: Path) -> tuple[int, float]:
    """(article pages processed, seconds) for one `scrapy crawl feed` of the bench feed."""
    out = workdir / f"run{run}.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IRWATCH_")}
    env["IRWATCH_ALLOW_PRIVATE"] = "127.0.0.0/8"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "feed",
        "-a",
        f"url={site.url(f'/feeds/bench.xml?run={run}')}",
        "-O",
        str(out),
    ]
    for setting in SETTINGS:
        cmd += ["-s", setting]
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    stats = proc.stderr
    return _processed(stats), _elapsed(stats)


def baseline_crawl_once(site: CrawlSite, run: int, workdir: Path) -> tuple[int, float]:
    """(pages, seconds) for the minimal Scrapy + bare trafilatura spider on the same feed."""
    out = workdir / f"baseline{run}.jsonl"
    spider = Path(__file__).with_name("bench_baseline_spider.py")
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a",
           f"url={site.url(f'/feeds/bench.xml?run={run}')}", "-O", str(out)]
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, check=True)
    return _processed(proc.stderr), _elapsed(proc.stderr)


def bare_pipeline(urls: list[str], threads: int = 8) -> float:
    """pages/s of trafilatura.fetch_url + trafilatura.extract over the same URLs, thread-pooled."""
    from concurrent.futures import ThreadPoolExecutor

    def one(url: str) -> bool:
        # plain urllib: trafilatura.fetch_url's urllib3 pool stalls on this HTTP/1.0 test server,
        # which would flatter the crawl; this baseline is the fastest simple fetch we can write
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — our own loopback server
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            html = body.decode(response.headers.get_content_charset() or "cp1252", errors="replace")
        return bool(trafilatura.extract(html, url=url))

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        done = list(pool.map(one, urls))
    return len(done) / (time.perf_counter() - started)


def timed(fn, pages: list[tuple[str, str]], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for url, html in pages:
            fn(html, url)
    return len(pages) * rounds / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="crawls of the fixture site (default 3)")
    parser.add_argument(
        "--copies", type=int, default=10, help="each page appears this often per crawl (default 10)"
    )
    args = parser.parse_args(argv)
    expected = expected_pages()
    paths = sorted(expected)
    now = datetime.now(UTC)
    with CrawlSite() as site, tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            site.override(
                f"/feeds/bench.xml?run={run}", bench_feed(site, paths, args.copies), "application/rss+xml"
            )
        crawls = [crawl_once(site, run, Path(tmp)) for run in range(args.runs)]
        baselines = [baseline_crawl_once(site, run, Path(tmp)) for run in range(args.runs)]
        bench_urls = [site.url(f"/copy/{n}{p}" if n else p) for n in range(args.copies) for p in paths]
        os.environ.setdefault("no_proxy", "127.0.0.1")
        pipeline_rates = [bare_pipeline(bench_urls) for _ in range(args.runs)]
        pages = []
        for path in paths:
            with urllib.request.urlopen(site.url(path)) as response:  # noqa: S310 — our own loopback server
                body = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                charset = response.headers.get_content_charset() or "cp1252"
            pages.append((site.url(path), body.decode(charset)))

    crawled = sum(n for n, _ in crawls)
    crawl_rate = crawled / sum(s for _, s in crawls)
    pipeline_rate = statistics.mean(pipeline_rates)
    baseline_rate = sum(n for n, _ in baselines) / sum(s for _, s in baselines)
    ours_rate = timed(lambda html, url: extract_article(html, url, now=now), pages, args.runs)
    bare_rate = timed(lambda html, url: trafilatura.extract(html, url=url), pages, args.runs)

    ours_f1, bare_f1 = [], []
    for (url, html), path in zip(pages, paths, strict=True):
        truth = expected[path]["text"]
        ours_f1.append(word_f1(extract_article(html, url, now=now).text, truth))
        bare_f1.append(word_f1(trafilatura.extract(html, url=url) or "", truth))

    print(
        f"crawl site: {len(paths)} article pages x {args.copies} copies, {args.runs} runs, "
        f"{crawled} pages crawled"
    )
    print(f"{'':<34}{'pages/s':>9}{'vs bare':>9}{'word F1':>9}{'min F1':>8}")
    rows = [
        ("crawl + extraction (scrapy)", crawl_rate, None, None),
        ("extract_article (ours)", ours_rate, ours_f1, None),
        ("trafilatura.extract (bare)", bare_rate, bare_f1, None),
        ("trafilatura fetch+extract (bare)", pipeline_rate, None, None),
        ("scrapy + bare trafilatura spider", baseline_rate, None, None),
    ]
    for label, rate, f1, _ in rows:
        ratio = f"{rate / bare_rate:>8.2f}x"
        mean = f"{statistics.mean(f1):>9.3f}{min(f1):>8.3f}" if f1 else f"{'':>9}{'':>8}"
        print(f"{label:<34}{rate:>9.1f}{ratio}{mean}")
    print(f"crawl / minimal Scrapy spider + bare trafilatura: {crawl_rate / baseline_rate:.2f}  (target >= 0.8)")
    print(f"crawl / urllib threads + bare trafilatura:        {crawl_rate / pipeline_rate:.2f}")
    worst = sorted(zip(ours_f1, paths, strict=True))[:3]
    print("lowest F1 (ours): " + ", ".join(f"{p} {f:.2f}" for f, p in worst))
    print(
        json.dumps(
            {
                "crawl_pages_per_s": round(crawl_rate, 1),
                "extract_pages_per_s": round(ours_rate, 1),
                "trafilatura_pages_per_s": round(bare_rate, 1),
                "trafilatura_fetch_extract_pages_per_s": round(pipeline_rate, 1),
                "crawl_vs_trafilatura_pipeline": round(crawl_rate / pipeline_rate, 2),
                "baseline_spider_pages_per_s": round(baseline_rate, 1),
                "crawl_vs_baseline_spider": round(crawl_rate / baseline_rate, 2),
                "f1_ours": round(statistics.mean(ours_f1), 3),
                "f1_trafilatura": round(statistics.mean(bare_f1), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
