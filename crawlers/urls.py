"""URL heuristics: canonical form, tracking parameters, "does this look like an article?".

Pure functions; tested with parametrised tables in tests/test_crawler_urls.py.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from. Removing them makes
# the same story reached from a newsletter, a tweet and a feed one URL.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "referer",
        "src",
        "cmpid",
        "ncid",
        "ocid",
        "sr_share",
        "share",
        "spm",
        "s_cid",
        "ito",
        "from",
        "via",
        "amp_js_v",
        "usqp",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__hs", "ga_")

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    """`utm_source` → True, `PRID` → False (names compared case-insensitively)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def strip_tracking(query: str) -> str:
    """Drop tracking pairs from a raw query string, keeping the others byte for byte and in order.

    The raw string is split by hand rather than with parse_qsl/urlencode because
    official sites use key-less queries (`press-releases.htm?dtl/38000/Title`) that a
    parse → encode round trip would mangle into `dtl%2F38000%2FTitle=`.
    """
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = pair.split("=", 1)[0]
        if is_tracking_param(name):
            continue
        kept.append(pair)
    return "&".join(kept)


def canonicalise(url: str, base: str | None = None) -> str:
    """The form of `url` we store and compare.

    >>> canonicalise("HTTPS://WWW.Example.com:443/a/b?utm_source=x&id=7#comments")
    'https://www.example.com/a/b?id=7'

    Resolves against `base`, lowercases scheme and host, drops default ports,
    the fragment and tracking parameters; an empty path becomes "/". Non-HTTP
    URLs are returned stripped but otherwise untouched.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:  # a port like ":abc" — keep the URL as written, it will fail loudly when fetched
        return url
    # netloc is rebuilt from host and port, so user:password@ never reaches the database
    netloc = host
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]"
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, strip_tracking(parts.query), ""))


# File types that are never an article page.
_NON_ARTICLE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|ogg|webm|mov|avi|zip|gz|tgz|rar|7z|"
    r"pdf|docx?|xlsx?|pptx?|csv|xml|rss|atom|json|css|js|woff2?|ttf|exe|apk|dmg)$",
    re.IGNORECASE,
)
# Path segments of section fronts, utility and media pages.
_NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topic",
        "topics",
        "author",
        "authors",
        "category",
        "categories",
        "section",
        "search",
        "login",
        "signin",
        "register",
        "subscribe",
        "subscription",
        "newsletter",
        "newsletters",
        "about",
        "about-us",
        "contact",
        "contact-us",
        "privacy",
        "privacy-policy",
        "terms",
        "cookie-policy",
        "feed",
        "feeds",
        "rss",
        "sitemap",
        "video",
        "videos",
        "photos",
        "photo",
        "gallery",
        "galleries",
        "live-tv",
        "podcast",
        "podcasts",
        "careers",
        "archive",
        "web-stories",
        "webstories",
        "shorts",
        "epaper",
        "e-paper",
        "account",
        "cart",
    }
)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|-)")
_LONG_NUMBER = re.compile(r"\d{5,}")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.IGNORECASE)
# Official press-release pages carry their id in the query string.
_RELEASE_QUERY = re.compile(r"(?:^|&)(?:PRID|prid|NewsId|newsid|id)=\d+|^dtl/\d+", re.IGNORECASE)


def is_article_url(url: str) -> bool:
    """Cheap guess from the URL alone: does it point at one story rather than a section or a file?

    Positive signals: a date in the path, a long numeric id, a slug of four or
    more words, or a press-release id in the query. Negative: media/document
    extensions, section/utility segments, the site root.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return False
    path = parts.path or "/"
    if _NON_ARTICLE_EXT.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if any(s.lower() in _NON_ARTICLE_SEGMENTS for s in segments[:-1]) or (
        segments and segments[-1].lower() in _NON_ARTICLE_SEGMENTS
    ):
        return False
    if _RELEASE_QUERY.search(parts.query):
        return True
    if not segments:
        return False
    last = segments[-1]
    return bool(
        _DATE_IN_PATH.search(path + "/")
        or _LONG_NUMBER.search(path)
        or _SLUG.search(last)
        or (len(segments) >= 2 and _SLUG.search(segments[-2]))
    )


def host_of(url: str) -> str:
    """Lowercased host without port or trailing dot ('' when there is none)."""
    return (urlsplit(url).hostname or "").rstrip(".").lower()
