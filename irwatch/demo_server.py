"""Serve the bundled demo news site (irwatch/demo_site) over HTTP on 127.0.0.1.

Feeds and pages carry the placeholder {{BASE}}, replaced by this server's own
address, so the site works on whatever free port it gets. ETag and
Last-Modified are honoured, as real outlets' servers do, so conditional GET works.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).parent / "demo_site"
_STARTED = formatdate(usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    server_version = "MeridianLedger/1.0"
    site: Path = SITE_DIR
    base: str = ""

    def log_message(self, fmt, *args):  # keep the demo's terminal for the summary
        pass

    def do_GET(self):  # noqa: N802  (http.server hook name)
        path = unquote(urlsplit(self.path).path)
        if path.endswith("/"):
            path += "index.html"
        target = (self.site / path.lstrip("/")).resolve()
        if self.site.resolve() not in target.parents or not target.is_file():
            self._send(404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8")
            return
        body = target.read_bytes()
        if target.suffix in {".html", ".xml", ".txt", ".json"}:
            body = body.replace(b"{{BASE}}", self.base.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, etag)
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".xml":
            ctype = "application/rss+xml" if target.name.startswith("feed") else "application/xml"
        if ctype.startswith("text/") or ctype.endswith("xml") or ctype.endswith("json"):
            ctype += "; charset=utf-8"
        self._send(200, body, ctype, etag)

    def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", _STARTED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET


class DemoSite:
    """`with DemoSite() as site:` serves the site; `site.base_url`, `site.feed_url`."""

    def __init__(self, site_dir: Path = SITE_DIR, port: int = 0):
        handler = type("Handler", (_Handler,), {"site": site_dir})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        handler.base = self.base_url
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="demo-site", daemon=True)

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"

    @property
    def sitemap_url(self) -> str:
        return f"{self.base_url}/sitemap.xml"

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
