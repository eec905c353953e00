"""Publication-day accuracy on real pages: irwatch's extraction beside htmldate alone, same pages, same run.

    .venv/bin/python -m crawlers.date_eval [--pool DIR] [--limit N] [--errors N] [--workers 1|2]

The pool is ../shared/dates-pool (dates.json: page URL → {"file", "date"}; pages/: the
saved HTML). The pages are other people's writing and stay there; where the pool is
absent the tool says so in one line and exits 0.

Each page is served from 127.0.0.1 and fetched over HTTP with urllib, and its bytes are
decoded the way the spiders' responses decode them (Scrapy's HtmlResponse: charset from
the Content-Type header, a BOM or <meta>, else a guess). Then, on the same text:

- ours: crawlers.extraction.extract_published with the page's original URL (so a date in
  the URL path counts) and no feed date, judged by `published_local_date`;
- htmldate alone: find_date(html, original_date=True, extensive_search=True), the
  "extensive" setting of htmldate's own evaluation (tests/evaluation.py in adbar/htmldate).

A page is right when the day equals the annotated day.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from dateutil.parser import UnknownTimezoneWarning
from htmldate import find_date
from scrapy.http import HtmlResponse

from crawlers.extraction import HTMLDATE_LOCK, extract_published

DEFAULT_POOL = Path(__file__).resolve().parents[1].parent / "shared" / "dates-pool"
# the machine has two cores; more threads only add contention
MAX_WORKERS = 2
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class PageResult:
    url: str
    gold: str
    ours: str | None
    htmldate: str | None
    source: str | None  # which candidate ours used
    error: str | None = None  # an exception on this page (ours or htmldate), so that it is counted, not lost

    @property
    def ours_right(self) -> bool:
        return self.ours == self.gold

    @property
    def htmldate_right(self) -> bool:
        return self.htmldate == self.gold


@dataclass(frozen=True)
class Report:
    results: list[PageResult]
    seconds: float
    workers: int

    @property
    def pages(self) -> int:
        return len(self.results)

    def count(self, ours: bool | None = None, htmldate: bool | None = None) -> int:
        return sum(
            1
            for r in self.results
            if (ours is None or r.ours_right == ours) and (htmldate is None or r.htmldate_right == htmldate)
        )

    @property
    def ours_share(self) -> float:
        return self.count(ours=True) / self.pages if self.pages else 0.0

    @property
    def htmldate_share(self) -> float:
        return self.count(htmldate=True) / self.pages if self.pages else 0.0

    def summary(self) -> list[str]:
        n = self.pages
        return [
            f"date_eval: {n} pages, {self.seconds:.0f} s, {self.workers} worker thread(s)",
            f"  ours (irwatch, published_local_date): {self.count(ours=True)}/{n} = {self.ours_share:.1%}",
            f"  htmldate alone (extensive, original):  {self.count(htmldate=True)}/{n} = {self.htmldate_share:.1%}",
            f"  both right {self.count(True, True)}, only ours {self.count(True, False)}, "
            f"only htmldate {self.count(False, True)}, neither {self.count(False, False)}",
            *(
                [f"  pages that raised: {len(self.errors())} (first: {self.errors()[0].error})"]
                if self.errors()
                else []
            ),
        ]

    def misses(self) -> list[PageResult]:
        return [r for r in self.results if not r.ours_right]

    def errors(self) -> list[PageResult]:
        return [r for r in self.results if r.error]


def load_pool(pool: Path) -> dict[str, dict] | None:
    """dates.json of the pool, or None when the pool is not there."""
    index = pool / "dates.json"
    if not index.is_file() or not (pool / "pages").is_dir():
        return None
    return json.loads(index.read_text(encoding="utf-8"))


def absent_message(pool: Path) -> str:
    return f"date_eval: skipped: no page pool at {pool} (dates.json and pages/ expected)"


class _PageHandler(BaseHTTPRequestHandler):
    pages_dir: Path

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        name = unquote(self.path.lstrip("/"))
        path = self.pages_dir / name
        if "/" in name or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        # no charset: the saved files do not record what their servers said; the page's own
        # <meta> or the bytes decide, as for a server that sends none
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(pages_dir: Path) -> Iterator[str]:
    """The pool's pages on an ephemeral 127.0.0.1 port: yields the base URL."""
    handler = type("PoolHandler", (_PageHandler,), {"pages_dir": pages_dir})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="date-pool-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str, *, timeout: float = 30) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own 127.0.0.1 server)
        return response.read(), response.headers.get("Content-Type", "")


def decode(body: bytes, content_type: str, url: str) -> str:
    """The text a spider's response would see for these bytes and this header."""
    return HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}).text


def _ours(html: str, page_url: str, now: datetime) -> tuple[str | None, str | None]:
    chosen, _ = extract_published(html, page_url, now=now)
    if chosen is None:
        return None, None
    return chosen.day.isoformat(), chosen.source


def _htmldate(html: str) -> str | None:
    with HTMLDATE_LOCK:
        return find_date(html, original_date=True, extensive_search=True)


def judge(page_url: str, gold: str, html: str, *, now: datetime) -> PageResult:
    """Both extractors on one page. An exception is a miss, recorded in `error` and counted in the summary."""
    errors = []
    try:
        ours, source = _ours(html, page_url, now)
    except Exception as exc:  # noqa: BLE001 (one broken page must not stop the measurement)
        ours, source = None, None
        errors.append(f"ours: {type(exc).__name__}: {exc}")
    try:
        theirs = _htmldate(html)
    except Exception as exc:  # noqa: BLE001
        theirs = None
        errors.append(f"htmldate: {type(exc).__name__}: {exc}")
    return PageResult(page_url, gold, ours, theirs, source, "; ".join(errors) or None)


def evaluate(
    pool: Path = DEFAULT_POOL,
    *,
    limit: int | None = None,
    every: int = 1,
    workers: int = MAX_WORKERS,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Ours and htmldate on the pool's pages (the first `limit` of them, every `every`-th), over local HTTP."""
    index = load_pool(pool)
    if index is None:
        raise FileNotFoundError(absent_message(pool))
    items = list(index.items())[:limit][::every]
    workers = max(1, min(workers, MAX_WORKERS))
    now = datetime.now(UTC)
    started = time.monotonic()
    done: list[PageResult] = []
    lock = threading.Lock()

    with serve(pool / "pages") as base:

        def one(item: tuple[str, dict]) -> PageResult:
            page_url, entry = item
            local = base + quote(entry["file"])
            body, content_type = fetch(local)
            result = judge(page_url, entry["date"], decode(body, content_type, local), now=now)
            with lock:
                done.append(result)
                if progress and len(done) % PROGRESS_EVERY == 0:
                    ours = sum(r.ours_right for r in done) / len(done)
                    theirs = sum(r.htmldate_right for r in done) / len(done)
                    progress(
                        f"  {len(done)}/{len(items)} pages: ours {ours:.1%}, htmldate {theirs:.1%} "
                        f"({time.monotonic() - started:.0f} s)"
                    )
            return result

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="date-eval") as executor:
            results = list(executor.map(one, items))
    return Report(results, time.monotonic() - started, workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.date_eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--pool", type=Path, default=DEFAULT_POOL, help="directory with dates.json and pages/"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of dates.json")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N pages ours gets wrong")
    parser.add_argument("--workers", type=int, default=MAX_WORKERS, choices=range(1, MAX_WORKERS + 1))
    args = parser.parse_args(argv)
    # htmldate hands dateutil zone names it cannot place ("GST"); one warning per page is noise here
    warnings.filterwarnings("ignore", category=UnknownTimezoneWarning)
    if load_pool(args.pool) is None:
        print(absent_message(args.pool))
        return 0
    report = evaluate(args.pool, limit=args.limit, workers=args.workers, progress=print)
    for line in report.summary():
        print(line)
    for miss in report.misses()[: args.errors]:
        print(
            f"  miss: {miss.url}\n        gold {miss.gold}  ours {miss.ours}  htmldate {miss.htmldate}"
            f"  ours from: {miss.error or miss.source}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
