"""Several small outlets on 127.0.0.1, each on its own port with its own RSS feed, for DAG and scale-out tests.

The demo site's articles (our own words, irwatch/demo_site) are dealt round-robin to the outlets' feeds; each
outlet serves the whole site, so every page resolves. An outlet can be broken on purpose:

    mode "ok"    the feed and its articles
    mode "500"   the feed answers 500 every time (the outlet is down)
    mode "hang"  the feed answers after `hang_seconds` (a hung server)

`outlet.publish(slug, title, body_html, published)` adds an article at run time (it appears at the top of the
feed), which the latency measurement uses.

    with Outlets(4, modes={3: "500"}) as outlets:
        outlets.register(conn)            # sources outlet-0 … outlet-3, kind feed
        outlets.names                     # ['outlet-0', …]
"""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime
from email.utils import format_datetime
from html import escape
from http.server import ThreadingHTTPServer

from irwatch.demo_server import SITE_DIR, _Handler

_ITEM = re.compile(r"<item>.*?</item>", re.S)
_HEAD, _TAIL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n" \
                "<title>{title}</title><link>{{BASE}}/</link><description>fixture outlet</description>\n", \
               "</channel></rss>\n"

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published}"></head>
<body><article><h1>{title}</h1><p class="byline">By the desk</p>{body}</article></body></html>"""


def demo_items() -> list[str]:
    return _ITEM.findall((SITE_DIR / "feed.xml").read_text(encoding="utf-8"))


class Outlet:
    def __init__(self, index: int, items: list[str], mode: str, hang_seconds: float):
        self.name = f"outlet-{index}"
        self.mode = mode
        self.items = list(items)
        self.pages: dict[str, bytes] = {}
        self.hang_seconds = hang_seconds
        self.lock = threading.Lock()
        outlet = self

        class Handler(_Handler):
            site = SITE_DIR

            def do_GET(self):  # noqa: N802
                path = self.path.split("?")[0]
                if path == "/feed.xml":
                    if outlet.mode == "500":
                        self._send(500, b"<h1>500 Internal Server Error</h1>", "text/html")
                        return
                    if outlet.mode == "hang":
                        time.sleep(outlet.hang_seconds)
                    self._send(200, outlet.feed().encode(), "application/rss+xml; charset=utf-8")
                    return
                with outlet.lock:
                    page = outlet.pages.get(path)
                if page is not None:
                    self._send(200, page, "text/html; charset=utf-8")
                    return
                super().do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        Handler.base = self.base_url
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=self.name, daemon=True)

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/feed.xml"

    def feed(self) -> str:
        with self.lock:
            items = list(self.items)
        return (_HEAD.format(title=self.name) + "\n".join(items) + "\n" + _TAIL).replace("{{BASE}}", self.base_url)

    def publish(self, slug: str, title: str, body_html: str, published: datetime) -> str:
        """Add an article at the top of this outlet's feed; return its URL."""
        path = f"/live/{slug}.html"
        page = _PAGE.format(title=escape(title), published=published.isoformat(), body=body_html)
        item = (f"<item><title>{escape(title)}</title><link>{{{{BASE}}}}{path}</link>"
                f"<guid>{{{{BASE}}}}{path}</guid><pubDate>{format_datetime(published)}</pubDate></item>")
        with self.lock:
            self.pages[path] = page.encode()
            self.items.insert(0, item)
        return self.base_url + path


class Outlets:
    def __init__(self, count: int = 4, *, modes: dict[int, str] | None = None, hang_seconds: float = 30.0,
                 with_demo_articles: bool = True):
        items = demo_items() if with_demo_articles else []
        self.outlets = [Outlet(i, items[i::count], (modes or {}).get(i, "ok"), hang_seconds) for i in range(count)]

    @property
    def names(self) -> list[str]:
        return [o.name for o in self.outlets]

    def entries(self) -> list[dict]:
        return [{"name": o.name, "title": f"Fixture {o.name}", "kind": "feed", "url": o.feed_url,
                 "homepage": o.base_url + "/", "tier": "media", "country": "IN", "language": "en",
                 "confirmed": True} for o in self.outlets]

    def register(self, conn) -> list[str]:
        from irwatch.store.sources import sync

        sync(conn, self.entries())
        return self.names

    def __enter__(self) -> Outlets:
        for o in self.outlets:
            o.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for o in self.outlets:
            o.httpd.shutdown()
            o.httpd.server_close()
