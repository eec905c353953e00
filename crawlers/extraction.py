"""Article extraction from one HTML page: main text, title, dates, authors, language, canonical URL.

Main text comes from trafilatura; when it finds nothing usable (odd markup,
very short pages) a paragraph-density fallback picks the block with the most
paragraph text. Metadata is read from the page itself, most explicit source
first, so that each value can be traced to where it came from.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

import lxml.html
import trafilatura
from htmldate import find_date

from crawlers.dates import ParsedDate, parse_published
from crawlers.urls import canonicalise

log = logging.getLogger(__name__)

# Below this many characters trafilatura's answer is treated as "found nothing".
MIN_TRAFILATURA_CHARS = 200

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "webpage",
    "report",
    "pressrelease",
}
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class Extracted:
    title: str | None
    text: str
    canonical_url: str
    published_at: datetime | None
    published_from: str | None
    modified_at: datetime | None
    authors: list[str]
    language: str | None
    date_rejections: list[str] = field(default_factory=list)
    text_from: str = "trafilatura"


def _meta_map(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = (
            el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or ""
        ).strip()
        content = el.get("content")
        if key and content is not None and content.strip():
            found.setdefault(key.lower(), []).append(content.strip())
    return found


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Every JSON-LD object on the page, @graph members and lists flattened."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text_content().strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # a broken block is common (trailing commas, HTML entities); the rest of the page still counts
            log.debug("unparseable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(reversed(obj))
            elif isinstance(obj, dict):
                if "@graph" in obj:
                    stack.append(obj["@graph"])
                yield obj


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _article_ld(tree: lxml.html.HtmlElement) -> list[dict]:
    return [o for o in _json_ld_objects(tree) if _types(o) & _ARTICLE_TYPES]


def _clean_line(value: str | None) -> str | None:
    if not value:
        return None
    value = _WS.sub(" ", value).strip()
    return value or None


def _first_text(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    for el in tree.xpath(xpath):
        text = _clean_line(el.text_content() if hasattr(el, "text_content") else str(el))
        if text:
            return text
    return None


def extract_title(
    tree: lxml.html.HtmlElement, meta: dict[str, list[str]], ld: list[dict], feed_title: str | None = None
) -> str | None:
    """JSON-LD headline → og:title → the article's <h1> → the feed's title → <title> without the site suffix.

    The feed's title comes before <title> because official sites often give every
    page the same <title> ("Press Release: Press Information Bureau").
    """
    for obj in ld:
        headline = obj.get("headline") or obj.get("name")
        if isinstance(headline, str) and _clean_line(headline):
            return _clean_line(headline)
    for key in ("og:title", "twitter:title"):
        if meta.get(key):
            return _clean_line(meta[key][0])
    h1 = _first_text(tree, "//article//h1 | //main//h1 | //h1")
    if h1:
        return h1
    if _clean_line(feed_title):
        return _clean_line(feed_title)
    title = _first_text(tree, "//title")
    if title:
        return _TITLE_SUFFIX.sub("", title) or title
    return None


def extract_canonical(tree: lxml.html.HtmlElement, meta: dict[str, list[str]], page_url: str) -> str:
    """<link rel=canonical> → og:url → the page URL; resolved, tracking stripped.

    A canonical pointing at the site root from a deeper page is a common CMS
    misconfiguration and is ignored, or every story would collapse into one row.
    """
    page = canonicalise(page_url)
    candidates = [
        el.get("href")
        for el in tree.xpath("//link[@href]")
        if "canonical" in (el.get("rel") or "").lower().split()
    ]
    candidates += meta.get("og:url", [])
    for href in candidates:
        if not href or not href.strip():
            continue
        url = canonicalise(href, base=page_url)
        if not url.startswith(("http://", "https://")):
            continue
        if (
            url.split("?", 1)[0].rstrip("/").count("/") <= 2
            and page.split("?", 1)[0].rstrip("/").count("/") > 2
        ):
            continue
        return url
    return page


def _ld_values(ld: list[dict], key: str) -> list[str]:
    out = []
    for obj in ld:
        value = obj.get(key)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(v for v in value if isinstance(v, str))
    return out


def _time_datetimes(tree: lxml.html.HtmlElement) -> list[str]:
    # prefer <time> elements that say they are the publication time, then any inside the article
    preferred = tree.xpath(
        '//time[@datetime][@itemprop="datePublished" or @pubdate or contains(@class, "publish")]/@datetime'
        ' | //*[contains(@class, "publish") or contains(@class, "byline") or contains(@class, "dateline")'
        ' or contains(@class, "article-date") or contains(@class, "story-date")]//time[@datetime]/@datetime'
    )
    # a bare <time> elsewhere is as likely a related story's or a comment's date: htmldate judges those
    inside = tree.xpath("//article//time[@datetime]/@datetime | //main//time[@datetime]/@datetime")
    return list(dict.fromkeys([*preferred, *inside]))


def _first_valid(
    candidates: Iterable[tuple[str, object]], *, now: datetime, default_tz: tzinfo, rejections: list[str]
) -> tuple[datetime | None, str | None]:
    for source, value in candidates:
        if value is None or value == "":
            continue
        parsed: ParsedDate = parse_published(value, now=now, default_tz=default_tz)
        if parsed.value is not None:
            return parsed.value, source
        rejections.append(f"{source}: {parsed.reason}")
    return None, None


def extract_authors(tree: lxml.html.HtmlElement, meta: dict[str, list[str]], ld: list[dict]) -> list[str]:
    names: list[str] = []
    for obj in ld:
        author = obj.get("author") or obj.get("creator")
        for person in author if isinstance(author, list) else [author]:
            if isinstance(person, dict):
                person = person.get("name")
            if isinstance(person, str):
                names.append(person)
    for key in _AUTHOR_META:
        names.extend(v for v in meta.get(key, []) if not v.startswith(("http://", "https://")))
    if not names:
        names.extend(
            a.text_content()
            for a in tree.xpath(
                '//a[@rel="author"] | //*[@itemprop="author"]'
                ' | //a[contains(@href, "/author/") or contains(@href, "/authors/")'
                ' or contains(@href, "/profile/")]'
            )
        )
    cleaned = []
    for name in names:
        name = _clean_line(re.sub(r"^\s*by\s+", "", name or "", flags=re.IGNORECASE))
        if name and len(name) <= 80 and name not in cleaned:
            cleaned.append(name)
    return cleaned


def extract_language(tree: lxml.html.HtmlElement, meta: dict[str, list[str]]) -> str | None:
    """<html lang> → Content-Language → og:locale; 'en-IN' → 'en'."""
    for value in (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *meta.get("content-language", []),
        *meta.get("og:locale", []),
    ):
        if value and value.strip():
            code = re.split(r"[-_]", value.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return None


# Blocks that are never the article: navigation, comments, banners, promos.
_BOILERPLATE = re.compile(
    r"nav|menu|footer|header|comment|related|recommend|promo|share|social|cookie|consent|banner|"
    r"subscribe|paywall|newsletter|advert|sidebar|breadcrumb|trending|also-read|more-stories",
    re.IGNORECASE,
)


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    for node in el.iterancestors():
        if node.tag in ("nav", "footer", "aside", "header"):
            return True
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marker.strip() and _BOILERPLATE.search(marker):
            return True
    return False


def fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Paragraphs of <article> if it has any, else of the element holding the most paragraph text."""

    def paragraphs(root) -> list[str]:
        out = []
        for p in root.iter("p"):
            if _is_boilerplate(p):
                continue
            text = _clean_line(p.text_content())
            if text:
                out.append(text)
        return out

    for article in tree.xpath("//article"):
        found = paragraphs(article)
        if found:
            return "\n".join(found)
    weight: dict[lxml.html.HtmlElement, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is None or _is_boilerplate(p):
            continue
        weight[parent] = weight.get(parent, 0) + len(p.text_content())
    if not weight:
        return ""
    best = max(weight, key=weight.get)
    return "\n".join(t for t in (_clean_line(p.text_content()) for p in best.iterchildren("p")) if t)


def _drop_leading_title(text: str, title: str | None) -> str:
    """trafilatura often starts with the headline; the title has its own field."""
    if not title or not text:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text


def extract_text(html: str, url: str, tree: lxml.html.HtmlElement) -> tuple[str, str]:
    """Main text and where it came from ('trafilatura' or 'fallback')."""
    text = (
        trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            favor_precision=True,
            deduplicate=False,
        )
        or ""
    )
    if len(text) >= MIN_TRAFILATURA_CHARS:
        return text, "trafilatura"
    backup = fallback_text(tree)
    if len(backup) > len(text):
        return backup, "fallback"
    return text, "trafilatura"


def extract_article(
    html: str,
    url: str,
    *,
    now: datetime | None = None,
    default_tz: tzinfo = UTC,
    page_date: object = None,
    page_title: str | None = None,
    feed_published: object = None,
    feed_updated: object = None,
    feed_title: str | None = None,
) -> Extracted:
    """Everything we keep about one article page.

    Publication date, first valid of: page metadata (article:published_time and
    friends, JSON-LD datePublished, <time datetime>), a date the spider read from
    the page layout (`page_date`, e.g. PIB's "Posted On"), htmldate's guess, and
    the feed/sitemap/listing date (`feed_published`). `page_title` is a headline
    the spider read from the layout and wins over generic guesses. Invalid candidates are
    skipped and listed in `date_rejections` so the caller can log them.
    """
    now = now or datetime.now(UTC)
    tree = lxml.html.document_fromstring(html or "<html></html>")
    meta = _meta_map(tree)
    ld = _article_ld(tree)
    rejections: list[str] = []

    page_candidates: list[tuple[str, object]] = []
    for key in _PUBLISHED_META:
        page_candidates += [(f"meta {key}", v) for v in meta.get(key, [])]
    page_candidates += [("json-ld datePublished", v) for v in _ld_values(ld, "datePublished")]
    page_candidates += [("<time datetime>", v) for v in _time_datetimes(tree)]
    page_candidates.append(("page layout", page_date))
    published, published_from = _first_valid(
        page_candidates, now=now, default_tz=default_tz, rejections=rejections
    )

    modified_candidates = [(f"meta {k}", v) for k in _MODIFIED_META for v in meta.get(k, [])]
    modified_candidates += [("json-ld dateModified", v) for v in _ld_values(ld, "dateModified")]
    modified_candidates.append(("feed", feed_updated))
    modified, _ = _first_valid(modified_candidates, now=now, default_tz=default_tz, rejections=[])

    title = _clean_line(page_title) or extract_title(tree, meta, ld, feed_title)
    authors = extract_authors(tree, meta, ld)
    language = extract_language(tree, meta)
    canonical_url = extract_canonical(tree, meta, url)
    text, text_from = extract_text(html, url, tree)
    text = _drop_leading_title(text, title)
    if published is None:
        # last: htmldate is the slowest step and may prune the tree it is given
        guess = find_date(tree, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
        published, published_from = _first_valid(
            [("htmldate", guess), ("feed", feed_published)],
            now=now,
            default_tz=default_tz,
            rejections=rejections,
        )
        if published_from == "htmldate" and feed_published is not None:
            # htmldate only knows the day; a feed timestamp on that same day is the more precise value
            feed = parse_published(feed_published, now=now, default_tz=default_tz).value
            if feed is not None and feed.date() == published.date():
                published, published_from = feed, "feed"
    return Extracted(
        title=title,
        text=text,
        canonical_url=canonical_url,
        published_at=published,
        published_from=published_from,
        modified_at=modified,
        authors=authors,
        language=language,
        date_rejections=rejections,
        text_from=text_from,
    )
