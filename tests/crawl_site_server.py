"""A small news site on 127.0.0.1 for crawler tests and the benchmark; no network needed.

Serves tests/fixtures/crawl_site/ ("{{BASE}}" in a file becomes the server's
base URL; routes.json maps URLs with query strings to files) with ETag and
Last-Modified validators and 304s, plus the bad cases a crawler meets:

    /broken-story-500          500 every time
    /missing-story-404         404 (as is any unknown path)
    /slow-story                answers after SLOW_SECONDS (beyond a short DOWNLOAD_TIMEOUT)
    /huge-story                20 MB with Content-Length (beyond DOWNLOAD_MAXSIZE)
    /loop/a, /loop/b           redirect to each other
    /to-private                redirects to http://10.0.0.1/ (must be refused, never connected)
    /gzip/<page>               the fixture page gzip-encoded (Content-Encoding: gzip)
    /cp1252/<page>             served as bytes with "text/html" and no charset anywhere
    /flaky-story               503 on the first request, then the article
    /copy/<n>/<page>           the page again under another URL (benchmark volume)

`site.override(path, body)` replaces a page's content at run time (a story edited
after publication); `site.hits` counts requests per path.

    with CrawlSite() as site:
        print(site.url("/feeds/rss2.xml"))
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "crawl_site"
SLOW_SECONDS = 3.5
HUGE_BYTES = 20 * 1024 * 1024
# fixed so validators are stable across runs
STATIC_LAST_MODIFIED = "Thu, 11 Jul 2024 06:00:00 GMT"

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rdf": "application/rdf+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".ece": "text/html; charset=utf-8",
    ".cms": "text/html; charset=utf-8",
    "": "text/html; charset=utf-8",
}


def expected_pages() -> dict[str, dict]:
    """expected.json: the true title, dates, canonical URL and body text of each article page."""
    return json.loads((FIXTURE_DIR / "expected.json").read_text(encoding="utf-8"))["pages"]


def word_f1(got: str, want: str) -> float:
    """Bag-of-words F1 between extracted and true main text (tests and tests/bench_crawl.py)."""
    got_words, want_words = Counter(got.split()), Counter(want.split())
    overlap = sum((got_words & want_words).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got_words.values()), overlap / sum(want_words.values())
    return 2 * precision * recall / (precision + recall)


class CrawlSite:
    def __init__(self, root: Path = FIXTURE_DIR):
        self.root = root
        self.routes: dict[str, str] = json.loads((root / "routes.json").read_text(encoding="utf-8"))
        self._overrides: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.request_headers: list[tuple[str, dict[str, str]]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> CrawlSite:
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="crawl-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> CrawlSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, path: str) -> str:
        return self.base + path

    # --- content ------------------------------------------------------------------------
    def override(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> None:
        if isinstance(body, str):
            body = body.replace("{{BASE}}", self.base).encode("utf-8")
        with self._lock:
            self._overrides[path] = (body, content_type)

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Body and content type for a path+query, after overrides and {{BASE}} substitution."""
        with self._lock:
            if path in self._overrides:
                return self._overrides[path]
        target = self.routes.get(path)
        if target is None:
            plain = urlsplit(path).path
            if ".." in plain:
                return None
            target = plain.lstrip("/")
            if not target or target.endswith("/"):
                target += "index.html"
        file = self.root / target
        if not file.is_file() and (self.root / (target + ".html")).is_file():
            file = self.root / (target + ".html")  # extension-less article URLs, as most CMSs serve them
        if not file.is_file():
            return None
        body = file.read_bytes().replace(b"{{BASE}}", self.base.encode("ascii"))
        return body, _TYPES.get(file.suffix, "application/octet-stream")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # the crawler hangs up on slow and huge pages on purpose; that is not a server error
        pass


class _Handler(BaseHTTPRequestHandler):
    site: CrawlSite
    server_version = "crawl-site/1.0"

    def log_message(self, format, *args):  # noqa: A002 — silence per-request stderr lines
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing to do

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        site = self.site
        path = self.path
        plain = urlsplit(path).path
        with site._lock:
            site.hits[path] += 1
            hits = site.hits[path]
            site.request_headers.append((path, dict(self.headers.items())))
        if plain == "/broken-story-500":
            return self._send(500, b"<h1>Internal Server Error</h1>", {"Content-Type": "text/html"})
        if plain == "/slow-story":
            time.sleep(SLOW_SECONDS)
            return self._send(
                200, b"<html><body><p>too late</p></body></html>", {"Content-Type": "text/html"}
            )
        if plain == "/huge-story":
            return self._huge()
        if plain == "/loop/a":
            return self._send(302, headers={"Location": "/loop/b"})
        if plain == "/loop/b":
            return self._send(302, headers={"Location": "/loop/a"})
        if plain == "/to-private":
            return self._send(302, headers={"Location": "http://10.0.0.1/internal/story"})
        if plain == "/flaky-story" and hits == 1:
            return self._send(503, b"busy", {"Content-Type": "text/plain", "Retry-After": "0"})
        if plain.startswith("/copy/"):
            # /copy/<n>/<path>: the same page under many URLs, for the benchmark
            path = "/" + path.split("/", 3)[3]
            plain = urlsplit(path).path
        if plain.startswith("/gzip/"):
            found = site.page(path[len("/gzip") :])
            if found is None:
                return self._send(404, b"not found")
            body, ctype = found
            return self._send(200, gzip.compress(body), {"Content-Type": ctype, "Content-Encoding": "gzip"})
        found = site.page(path)
        if found is None:
            return self._send(404, b"<h1>Not Found</h1>", {"Content-Type": "text/html"})
        body, ctype = found
        if plain.startswith("/cp1252/"):
            ctype = "text/html"  # deliberately no charset: the crawler has to work it out
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        with site._lock:
            overridden = path in site._overrides
        last_modified = (
            email.utils.formatdate(time.time(), usegmt=True) if overridden else STATIC_LAST_MODIFIED
        )
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == last_modified
        ):
            return self._send(304, headers=validators)
        return self._send(200, body, {"Content-Type": ctype, **validators})

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"padding " * 8000 + b"</p>\n"
        sent = 0
        try:
            while sent < HUGE_BYTES:
                part = chunk[: HUGE_BYTES - sent]
                self.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hangs up once it sees the size: that is the point


if __name__ == "__main__":
    with CrawlSite() as running:
        print(f"serving {FIXTURE_DIR} at {running.base} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
