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
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import partial

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from crawlers.dates import (
    Candidate,
    ParsedDate,
    byline_date,
    decide_published,
    htmldate_can_change,
    labelled_date,
    parse_published,
    printed_date,
    published_labels,
    url_day,
    whole_printed_date,
)
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
# Page metadata that names the publication time, by evidence class (see crawlers.dates.decide_published).
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "pubdate",
    "pub_date",
    "publishdate",
    "publish-date",
    "publish_date",
    "publicationdate",
    "dc.date.issued",
    "dcterms.issued",
    "prism.publicationdate",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:publishtime",
    "shareaholic:article_published_time",
    "vr:published-time",
)
# "date" and "dc.date" say neither published nor modified; CMSs fill them with either, or the render time.
_GENERIC_META = ("dc.date", "dcterms.date", "date")
_MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass
class Extracted:
    title: str | None
    text: str
    canonical_url: str
    published_at: datetime | None  # UTC
    published_from: str | None
    modified_at: datetime | None
    authors: list[str]
    language: str | None
    date_rejections: list[str] = field(default_factory=list)
    text_from: str = "trafilatura"
    published_offset_minutes: int | None = None  # as the publisher stated it; None when it gave no zone
    published_local_date: date | None = None  # the publication day on the publisher's calendar


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


def _marked_dates(tree: lxml.html.HtmlElement) -> list[str]:
    """Dates the markup calls the publication date: itemprop/pubdate/"publish" <time>s, bylines, datelines."""
    found = tree.xpath(
        '//time[@datetime][@itemprop="datePublished" or @pubdate or contains(@class, "publish")]/@datetime'
        ' | //*[contains(@class, "publish") or contains(@class, "posted") or contains(@class, "byline")'
        ' or contains(@class, "dateline")'
        ' or contains(@class, "article-date") or contains(@class, "story-date")]//time[@datetime]/@datetime'
    )
    # microdata on a visible element: the machine-readable form first, else what it prints
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta) and not(self::time)]'):
        found.append(el.get("content") or el.get("datetime") or el.text_content())
    return list(dict.fromkeys(v.strip() for v in found if v and v.strip()))


# Blocks whose dates belong to other stories or to readers: related links, comments, teasers.
_ELSEWHERE = re.compile(
    r"comment|related|recommend|teaser|sidebar|trending|also-read|more-stories|widget|footer|nav",
    re.IGNORECASE,
)


def _is_elsewhere(el: lxml.html.HtmlElement) -> bool:
    # unlike _is_boilerplate, an article's <header> counts: that is where its time usually is
    for node in (el, *el.iterancestors()):
        if node.tag in ("nav", "footer", "aside"):
            return True
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marker.strip() and _ELSEWHERE.search(marker):
            return True
    return False


def _article_times(tree: lxml.html.HtmlElement) -> list[str]:
    """Other <time datetime>s of the article body; related stories' and comments' dates are left out."""
    return list(
        dict.fromkeys(
            el.get("datetime").strip()
            for el in tree.xpath("//article//time[@datetime] | //main//time[@datetime]")
            if el.get("datetime").strip() and not _is_elsewhere(el)
        )
    )


_NON_TEXT = ("script", "style", "noscript", "template", "textarea")


def _reading_on(node: str, el: lxml.html.HtmlElement) -> str:
    """The text from `node` (a text node of `el`) on, taking in following elements when it ends soon.

    The date often sits in the next element: "<b>Published:</b> <span>9 July 2024</span>".
    """
    wanted = " ".join(str(node).split())
    for _ in range(3):
        text = " ".join(el.text_content().split())
        start = max(text.find(wanted), 0)
        if len(text) - start > 60 or el.getparent() is None:
            break
        el = el.getparent()
    return text[start : start + 200]


def _labelled_dates(tree: lxml.html.HtmlElement) -> list[date | datetime]:
    """Dates printed after a publication label in the page text ("Veröffentlicht am 09.07.2024")."""
    body = tree.find("body")
    if body is None:
        return []
    # one pass over the flat text finds the labels that have a date after them; only those are
    # looked up node by node, to leave out scripts, comments and related stories
    flat = " ".join(body.itertext())  # spaced: text_content() would glue "Moscow" to "Published"
    labels = sorted({flat[a:b] for a, b in published_labels(flat) if labelled_date(flat[a : a + 200])})
    if not labels:
        return []
    test = " or ".join(f"contains(., $l{i})" for i in range(len(labels)))
    found = []
    for node in body.xpath(f".//text()[{test}]", **{f"l{i}": label for i, label in enumerate(labels)}):
        el = node.getparent()
        if node.is_tail and el is not None:
            el = el.getparent()  # a tail belongs to the block around the element it follows
        if el is None or el.tag in _NON_TEXT or _is_elsewhere(el):
            continue
        when = labelled_date(_reading_on(node, el))
        if when:
            found.append(when)
    return list(dict.fromkeys(found))


# How far below the headline a byline date may be, in characters of text.
BYLINE_WINDOW = 300


def _text_after(tree: lxml.html.HtmlElement, start: lxml.html.HtmlElement, limit: int) -> str:
    """About `limit` characters of the text that follows `start` (not inside it), in document order."""
    parts: list[str] = []
    seen = 0
    after = False
    skip_depth = 0  # inside script/style
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if after and (skip_depth or el.tag in _NON_TEXT):
                skip_depth += 1
                continue
            piece = el.text if after else None
        else:
            if el is start:
                after = True
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            piece = el.tail if after else None
        if piece and piece.strip():
            parts.append(piece)
            seen += len(piece)
            if seen >= limit:
                break
    return " ".join(" ".join(parts).split())[:limit]


def _byline_dates(tree: lxml.html.HtmlElement) -> list[date | datetime]:
    """The first day printed just below the headline, where bylines are ("Von A. Autorin, 09.07.2024")."""
    headings = tree.xpath("//article//h1 | //main//h1") or tree.xpath("//h1")
    if not headings:
        return []
    when = byline_date(_text_after(tree, headings[0], BYLINE_WINDOW))
    return [when] if when else []


def _valid_candidates(
    stated: Iterable[tuple[str, str, object]], *, now: datetime, default_tz: tzinfo, rejections: list[str]
) -> list[Candidate]:
    """(source, kind, value) → parsed candidates; rejections listed up to the first valid one.

    Later invalid values are not reported: one broken tag behind a good
    article:published_time is not worth a warning on every crawl.
    """
    found: list[Candidate] = []
    for source, kind, value in stated:
        # an empty ParsedDate is a feed date already found wanting when the feed was read
        if value is None or value == "" or (isinstance(value, ParsedDate) and not value):
            continue
        parsed = parse_published(value, now=now, default_tz=default_tz)
        if parsed.reason and parsed.reason.startswith("unparseable") and isinstance(value, str):
            # "9 luglio 2024", or a JavaScript Date string: "Tue Jul 09 2024 10:30:00 GMT+0000 (...)"
            parsed = parse_published(printed_date(value), now=now, default_tz=default_tz) or parsed
        if parsed.value is not None:
            found.append(Candidate(source, kind, parsed))
        elif not found:
            rejections.append(f"{source}: {parsed.reason}")
    return found


def page_date_statements(
    tree: lxml.html.HtmlElement, meta: dict[str, list[str]], ld: list[dict], page_date: object = None
) -> list[tuple[str, str, object]]:
    """Every date the page states as its publication date: (source, evidence class, raw value)."""
    stated: list[tuple[str, str, object]] = []
    for key in _PUBLISHED_META:
        stated += [(f"meta {key}", "meta", v) for v in meta.get(key, [])]
    stated += [("json-ld datePublished", "json-ld", v) for v in _ld_values(ld, "datePublished")]
    stated.append(("page layout", "layout", page_date))
    stated += [("<time> marked published", "marked", v) for v in _marked_dates(tree)]
    stated += [("printed after a label", "printed", v) for v in _labelled_dates(tree)]
    stated += [("printed under the headline", "byline", v) for v in _byline_dates(tree)]
    for key in _GENERIC_META:
        stated += [(f"meta {key}", "generic", v) for v in meta.get(key, [])]
    stated += [("<time datetime>", "time", v) for v in _article_times(tree)]
    return stated


# htmldate's extensive search imports dateparser's language modules lazily, on first need; two
# threads doing such an import at once fail (_DeadlockError, KeyError in sys.modules). Every
# htmldate call in the process takes this lock.
HTMLDATE_LOCK = threading.Lock()


def htmldate_guess(tree: lxml.html.HtmlElement) -> str | None:
    """htmldate's original-date guess from the page alone (the URL is judged separately)."""
    # url="" keeps htmldate from answering with a date in the canonical URL: that is the "url" vote
    with HTMLDATE_LOCK:
        return find_date(tree, original_date=True, extensive_search=True, outputformat="%Y-%m-%d", url="")


def date_evidence(
    tree: lxml.html.HtmlElement,
    meta: dict[str, list[str]],
    ld: list[dict],
    url: str,
    *,
    now: datetime,
    modified: list[ParsedDate],
    default_tz: tzinfo = UTC,
    page_date: object = None,
    feed_published: object = None,
    rejections: list[str] | None = None,
) -> list[Candidate]:
    """A page's publication-date candidates: its own statements, then the votes.

    Rejected statements go to `rejections` up to the first valid one; a rejected
    feed date only when the page offered nothing valid. htmldate, the slowest step,
    is asked only when its vote could change the day (`modified`: the page's
    modification times, which the decision also uses).
    """
    rejections = [] if rejections is None else rejections
    valid = partial(_valid_candidates, now=now, default_tz=default_tz)
    candidates = valid(page_date_statements(tree, meta, ld, page_date), rejections=rejections)
    candidates += valid([("url", "url", url_day(url))], rejections=[])
    feed_rejections: list[str] = []
    feed = valid([("feed", "feed", feed_published)], rejections=feed_rejections)
    if htmldate_can_change(candidates + feed, modified):
        candidates += valid([("htmldate", "htmldate", htmldate_guess(tree))], rejections=[])
    if not candidates:
        rejections += feed_rejections
    return candidates + feed


def modified_dates(
    meta: dict[str, list[str]], ld: list[dict], *, now: datetime, default_tz: tzinfo = UTC
) -> list[ParsedDate]:
    """The page's valid modification times: meta keys first, then JSON-LD dateModified."""
    stated = [*(v for key in _MODIFIED_META for v in meta.get(key, [])), *_ld_values(ld, "dateModified")]
    return [m for m in (parse_published(v, now=now, default_tz=default_tz) for v in stated) if m]


def parse_html(html: str | None) -> lxml.html.HtmlElement:
    """The page as an lxml tree, also when a decoded page still carries an XML encoding declaration."""
    try:
        return lxml.html.document_fromstring(html or "<html></html>")
    except ValueError:
        # lxml refuses str input that declares an encoding (XHTML's "<?xml ... encoding=...?>");
        # the text is already decoded, so the declaration is stale and can go
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1) or "<html></html>")


def extract_published(
    html: str,
    url: str,
    *,
    now: datetime | None = None,
    default_tz: tzinfo = UTC,
    page_date: object = None,
    feed_published: object = None,
) -> tuple[Candidate | None, list[str]]:
    """Only the publication date, decided as extract_article decides it (no text extraction), and the rejections."""
    now = now or datetime.now(UTC)
    tree = parse_html(html)
    meta, ld = _meta_map(tree), _article_ld(tree)
    rejections: list[str] = []
    modified = modified_dates(meta, ld, now=now, default_tz=default_tz)
    candidates = date_evidence(
        tree,
        meta,
        ld,
        url,
        now=now,
        modified=modified,
        default_tz=default_tz,
        page_date=page_date,
        feed_published=feed_published,
        rejections=rejections,
    )
    return decide_published(candidates, modified), rejections


_BYLINE_PREFIX = re.compile(r"^\s*(?:by|автор:?|текст:?|लेखक:?|द्वारा)\s+", re.IGNORECASE)


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
                ' | //*[contains(concat(" ", normalize-space(@class), " "), " document_authors ")]'
                ' | //a[contains(@href, "/author/") or contains(@href, "/authors/")'
                ' or contains(@href, "/profile/")]'
            )
        )
    cleaned = []
    for name in names:
        name = _clean_line(_BYLINE_PREFIX.sub("", name or ""))
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


# Inline "read this too" links set as a paragraph of the story body, which no class marks:
# "Читайте также: …", "यह भी पढ़ें: …". A line that starts with one and is link-sized is not the story.
RELATED_READING = (
    r"читайте также",
    r"читайте нас",
    r"смотрите также",
    r"см\. также",
    r"यह भी पढ़ें",
    r"ये भी पढ़ें",
    r"इसे भी पढ़ें",
    r"यह भी देखें",
    r"also read",
    r"read also",
    r"read more",
)
_RELATED_LINE = re.compile(r"^\W*(?:" + "|".join(RELATED_READING) + r")(?!\w)", re.IGNORECASE)
# a related-reading line carries one or two headlines; a longer one is prose that happens to start so
MAX_RELATED_LINE = 200


_LABEL_START = re.compile(r"^\W*(?:" + "|".join(
    (r"published", r"posted on", r"опубликовано", r"дата публикации", r"प्रकाशित", r"प्रकाशन तिथि",
     r"प्रविष्टि तिथि", r"पब्लिश्ड", r"publish date")) + r")\s*:?\s*", re.IGNORECASE)


def _is_date_line(line: str) -> bool:
    """'प्रकाशित: २१ दिसंबर २०२१, 09:15 AM IST': a publication line set as a paragraph of the body."""
    label = _LABEL_START.match(line)
    return bool(label) and len(line) <= MAX_RELATED_LINE and whole_printed_date(line[label.end():]) is not None


def drop_related_lines(text: str) -> str:
    """Lines of `text` that are related-reading links or a bare publication line are dropped.

    >>> drop_related_lines("Первый абзац.\\nЧитайте также: Другая новость\\nВторой абзац.")
    'Первый абзац.\\nВторой абзац.'
    """
    return "\n".join(
        line
        for line in text.split("\n")
        if not (len(line) <= MAX_RELATED_LINE and _RELATED_LINE.match(line)) and not _is_date_line(line)
    )


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

    Publication date: decided by crawlers.dates.decide_published from every
    candidate — page metadata (article:published_time and friends, JSON-LD
    datePublished, meta date), a date the spider read from the page layout
    (`page_date`, e.g. PIB's "Posted On"), <time>s, dates printed after a
    publication label or under the headline — and the votes of the URL path,
    htmldate and the feed/sitemap/listing date (`feed_published`). The publisher's
    offset and calendar day are kept beside the UTC instant. `page_title` is a
    headline the spider read from the layout and wins over generic guesses.
    Invalid candidates are skipped and listed in `date_rejections` so the caller
    can log them.
    """
    now = now or datetime.now(UTC)
    tree = parse_html(html)
    meta = _meta_map(tree)
    ld = _article_ld(tree)
    rejections: list[str] = []

    modified = modified_dates(meta, ld, now=now, default_tz=default_tz)
    modified_at = (
        modified[0].value if modified else parse_published(feed_updated, now=now, default_tz=default_tz).value
    )

    title = _clean_line(page_title) or extract_title(tree, meta, ld, feed_title)
    authors = extract_authors(tree, meta, ld)
    language = extract_language(tree, meta)
    canonical_url = extract_canonical(tree, meta, url)
    text, text_from = extract_text(html, url, tree)
    text = drop_related_lines(_drop_leading_title(text, title))
    # last: htmldate, one of the date votes, is the slowest step
    candidates = date_evidence(
        tree,
        meta,
        ld,
        url,
        now=now,
        modified=modified,
        default_tz=default_tz,
        page_date=page_date,
        feed_published=feed_published,
        rejections=rejections,
    )
    published = decide_published(candidates, modified)
    return Extracted(
        title=title,
        text=text,
        canonical_url=canonical_url,
        published_at=published.date.value if published else None,
        published_from=published.source if published else None,
        modified_at=modified_at,
        authors=authors,
        language=language,
        date_rejections=rejections,
        text_from=text_from,
        published_offset_minutes=published.date.offset_minutes if published else None,
        published_local_date=published.day if published else None,
    )
