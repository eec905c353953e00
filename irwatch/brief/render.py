"""The brief as one self-contained HTML page and as Markdown, from irwatch/templates/brief.*.j2.

Everything shown comes from article text, so the HTML template is autoescaped, a link is made only of an
http(s) URL, and Markdown gets its punctuation backslash-escaped and its line breaks flattened. The charts
sit inside the HTML as data: URIs (a file opened anywhere, offline) or as cid: references to parts of the
same email (mail clients that refuse data: images show those).
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from irwatch.brief.build import STAGE_COLUMNS, TYPE_COLOURS, TYPE_LABELS, TYPES, Brief
from irwatch.brief.charts import Chart
from irwatch.brief.numbers import plural
from irwatch.render import TEMPLATES
from irwatch.textsafe import header_safe

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=lambda name: bool(name and ".html" in name),
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["md"] = md_escape
    return env


def web_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (no javascript: or data: links from a page).

    >>> web_url("javascript:alert(1)") is None
    True
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def link(url: str | None, text: str) -> Markup:
    """An escaped <a href> to an http(s) URL; just the escaped text otherwise."""
    target = web_url(url)
    if target is None:
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(target, text)


def md_escape(text) -> str:
    r"""Text safe inside Markdown (a table cell, a link's words): one line, punctuation escaped.

    >>> md_escape("S-400 | [deal]\n*now*")
    'S-400 \\| \\[deal\\] \\*now\\*'
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def md_link(url: str | None, text: str) -> str:
    target = web_url(url)
    if target is None:
        return md_escape(text)
    # characters that would end a Markdown link destination are percent-encoded
    return f"[{md_escape(text)}]({quote(target, safe=':/?#@!$&*+,;=%~._-')})"


def trend(current: int, previous: int) -> str:
    return "up" if current > previous else "down" if current < previous else ""


def data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def _context(brief: Brief) -> dict:
    totals = Counter()
    for row in brief.daily:
        totals[row["type"]] += row["mentions"]
    return {
        "brief": brief, "generated": f"{brief.generated_at:%Y-%m-%d %H:%M %Z}".strip(),
        "types": TYPES, "type_labels": TYPE_LABELS, "colours": TYPE_COLOURS, "stage_columns": STAGE_COLUMNS,
        "plural": plural, "trend": trend, "link": link, "mdlink": md_link,
        "daily_totals": [(t, totals[t]) for t in TYPES if totals[t]],
    }


def render_html(brief: Brief, charts: list[Chart], image_src: Callable[[Chart], str] = data_uri) -> str:
    """The page; `image_src` says how a chart is referenced (a data: URI by default)."""
    # a chart with nothing to draw is absent; the template says so in words
    shown = {"mentions": None, "trade": None, "deals": None}
    shown.update({c.name: {"src": image_src(c), "alt": c.alt, "width": c.width, "height": c.height} for c in charts})
    return _env().get_template("brief.html.j2").render({**_context(brief), "charts": shown})


def render_markdown(brief: Brief) -> str:
    text = _env().get_template("brief.md.j2").render(_context(brief))
    return re.sub(r"\n{3,}", "\n\n", text)


def subject(brief: Brief) -> str:
    """'[irwatch] Weekly brief 2026-W48 (23–29 Nov 2026): 12 relevant articles, 9 stories', one line."""
    kind = "Weekly brief" if brief.period.week else "Brief"
    if brief.empty:
        return header_safe(f"[irwatch] {kind} {brief.period.label}: nothing new", 180)
    stories = brief.number("distinct stories").current
    return header_safe(f"[irwatch] {kind} {brief.period.label}: {plural(brief.relevant_articles, 'relevant article')},"
                       f" {plural(stories, 'story', 'stories')}", 180)
