"""The weekly brief rendered from seeded rows (tests/brief_data.py): its numbers, charts, deals board and
sanctions, with no external reference in the HTML; an empty week says nothing new."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import numpy as np
import psycopg
import pytest
from PIL import Image

from irwatch.brief import make_brief, parse_week
from irwatch.brief.build import TYPE_COLOURS
from irwatch.brief.charts import DPI, WIDTH_IN, draw_trade
from irwatch.brief.render import render_html, render_markdown, subject
from tests import brief_data
from tests.conftest import TABLES

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)


class _Tables(HTMLParser):
    """The text of every table row, cell by cell, and every src/href the page holds."""

    def __init__(self):
        super().__init__()
        self.rows, self.refs, self.tags, self.styles, self._row, self._cell = [], [], set(), [], None, None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "background", "poster", "action", "srcset", "data"):
                self.refs.append((tag, name, value))
            if name == "style":
                self.styles.append(value)
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
            self._in_style = False
        if self._cell is not None:
            self._cell.append(data)


def parsed(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def week(dsn):
    """The seeded week's brief, built once for the tests that only read it."""
    with psycopg.connect(dsn) as conn:
        conn.execute("truncate " + ", ".join(TABLES) + " restart identity cascade")
        brief_data.seed(conn)
        return make_brief(conn, parse_week(brief_data.WEEK), NOW)


def test_headline_numbers_and_their_change(week):
    brief, charts = week
    rows = parsed(render_html(brief, charts)).rows
    assert ["relevant articles", "7", "2", "+5 (+250%)"] in rows       # the irrelevant article is not counted
    assert ["distinct stories", "5", "2", "+3 (+150%)"] in rows        # three outlets' copies are one story
    assert ["new deals", "1", "1", "±0"] in rows                       # Sub-Z now, Rifle-Y the week before
    assert ["deal status changes", "2", "0", "+2 (new)"] in rows       # Frigate-X delivered, Rifle-Y in production
    assert ["sanction stories", "2", "1", "+1 (+100%)"] in rows
    assert ["CAATSA stories", "1", "1", "±0"] in rows
    assert ["trade figures reported", "2", "0", "+2 (new)"] in rows
    assert ["of which targets", "1", "0", "+1 (new)"] in rows
    assert ["CAATSA", "threatened", "1", "0", "+1 (new)"] in rows
    assert ["CAATSA", "discussed", "0", "1", "−1 (−100%)"] in rows      # last week's status, gone this week
    assert ["EU sanctions package", "imposed", "1", "0", "+1 (new)"] in rows
    assert subject(brief) == "[irwatch] Weekly brief 2026-W47 (16–22 Nov 2026): 7 relevant articles, 5 stories"


def test_trade_target_and_actual(week):
    brief, charts = week
    target, = [f for f in brief.trade if f.kind == "target"]
    actual, = [f for f in brief.trade if f.kind == "actual"]
    assert (target.amount_usd, target.year, target.label) == (100e9, 2030, "$100 bn by 2030")
    assert (actual.label, actual.amount_stated, actual.currency) == ("$68.7 bn in 2025", "INR 5,700,000,000,000",
                                                                     "INR")
    rows = parsed(render_html(brief, charts)).rows
    assert any(r[0] == "$100 bn by 2030" and r[1] == "target" for r in rows)
    # the chart draws the target as a dashed line at $100 bn up to the end of 2030
    figure = draw_trade(brief.trade)
    dashed = [line for line in figure.axes[0].get_lines() if line.get_linestyle() == "--" and len(line.get_xdata()) == 2]
    assert [(list(line.get_ydata()), line.get_xdata()[-1]) for line in dashed] == [([100.0, 100.0], 2031)]
    assert "$100 bn by 2030" in [t.get_text() for t in figure.axes[0].texts]


def test_deals_board_stages_and_official_evidence(week):
    brief, charts = week
    deals = {d.system: d for d in brief.deals}
    assert set(deals) == {"Frigate-X", "Rifle-Y", "Sub-Z"}
    frigate = deals["Frigate-X"]
    assert list(frigate.stages) == ["signed", "delivered"] and frigate.furthest == "delivered"
    assert (frigate.stages["signed"].first_reported, frigate.stages["signed"].official,
            frigate.stages["signed"].in_period) == (date(2024, 3, 5), True, False)
    assert (frigate.stages["delivered"].first_reported, frigate.stages["delivered"].official,
            frigate.stages["delivered"].in_period) == (date(2026, 11, 17), False, True)
    rifle = deals["Rifle-Y"]
    assert [(c, s.first_reported, s.official) for c, s in rifle.stages.items()] == [
        ("proposed", date(2026, 11, 10), False), ("in production", date(2026, 11, 16), True)]
    assert list(deals["Sub-Z"].stages) == ["approved"]
    rows = parsed(render_html(brief, charts)).rows
    frigate_row, = [r for r in rows if r[0].startswith("Frigate-X")]
    assert frigate_row == ["Frigate-X · Russia · 2018", "", "", "2024-03-05 official", "", "2026-11-17 this period"]


def test_sanctions_section_and_top_stories(week):
    brief, charts = week
    caatsa, eu = brief.sanctions
    assert (caatsa.caatsa, caatsa.statuses, caatsa.imposers, caatsa.targets, caatsa.outlets) == (
        True, ["threatened"], ["United States"], ["India"], ["harbour-times"])
    assert caatsa.url == "https://harbour-times.example/caatsa-penalty"
    assert (eu.caatsa, eu.regimes, eu.targets) == (False, ["EU sanctions package"], ["Russia"])
    top = brief.top_stories[0]
    assert (top.title, top.outlets, top.copies) == (
        "Frigate handed over at the northern yard", ["harbour-times", "quill-post", "ridge-daily"], 3)
    html = render_html(brief, charts)
    assert '<a href="https://harbour-times.example/frigate-handed-over">Frigate handed over at the northern yard</a>' in html
    markdown = render_markdown(brief)
    assert "| relevant articles | **7** | 2 | +5 (+250%) |" in markdown
    assert "1. [Frigate handed over at the northern yard](https://harbour-times.example/frigate-handed-over): 3 outlets" in markdown


def _pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"))


def _has_colour(pixels: np.ndarray, hex_colour: str) -> bool:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels.astype(int) - rgb).sum(axis=2) < 12).sum() > 50)


def test_each_chart_is_a_real_png_with_drawn_content(week):
    brief, charts = week
    assert [c.name for c in charts] == ["mentions", "trade", "deals"]
    for chart in charts:
        pixels = _pixels(chart.png)
        assert pixels.shape[1] == chart.width == round(WIDTH_IN * DPI)
        assert pixels.shape[0] == chart.height and 300 <= chart.height <= 1200
        assert pixels.std() > 20, chart.name                     # not one flat colour
        packed = (pixels[..., 0].astype(np.int32) << 16) | (pixels[..., 1].astype(np.int32) << 8) | pixels[..., 2]
        assert len(np.unique(packed)) > 50, chart.name          # drawn, anti-aliased content
    mentions = _pixels(charts[0].png)
    # every event type of the week is drawn in its own colour
    assert all(_has_colour(mentions, TYPE_COLOURS[t]) for t in ("deal", "sanction", "trade_figure"))
    assert _has_colour(_pixels(charts[1].png), TYPE_COLOURS["trade_figure"])


EXTERNAL = [
    re.compile(r"""\bsrc\s*=\s*(?!["']?data:image/png;base64,)""", re.I),   # any src that is not embedded
    re.compile(r"<link\b", re.I),
    re.compile(r"<script\b", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"url\s*\(", re.I),
    re.compile(r"<(iframe|object|embed|video|audio|source|base|form)\b", re.I),
]


def test_html_has_no_external_references(week):
    brief, charts = week
    html = render_html(brief, charts)
    for pattern in EXTERNAL:
        assert not pattern.search(html), pattern.pattern
    page = parsed(html)
    srcs = [value for _, name, value in page.refs if name == "src"]
    assert len(srcs) == 3 and all(s.startswith("data:image/png;base64,") for s in srcs)
    # the only other references are article links
    assert {(tag, name) for tag, name, _ in page.refs if name != "src"} == {("a", "href")}
    assert all(v.startswith("https://") for _, name, v in page.refs if name == "href")


def test_hostile_article_text_stays_text(conn):
    hostile = ('<img src="http://evil.example/t.png"><script>alert(1)</script>'
               '<style>@import url(http://evil.example/x.css)</style>')
    brief_data.seed(conn, hostile_title=hostile)
    conn.execute("update articles set canonical_url = 'javascript:alert(1)' where title like 'Lawmakers%%'")
    conn.commit()
    brief, charts = make_brief(conn, parse_week(brief_data.WEEK), NOW)
    html = render_html(brief, charts)
    page = parsed(html)
    assert page.tags <= {"html", "head", "meta", "title", "style", "body", "div", "h1", "h2", "h3", "p", "table",
                         "tr", "th", "td", "strong", "span", "br", "img", "a"}
    assert all(v.startswith("data:image/png;base64,") for _, name, v in page.refs if name == "src")
    assert all(v.startswith("https://") for _, name, v in page.refs if name == "href")
    assert not any("url(" in style or "@import" in style for style in page.styles)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Lawmakers weigh CAATSA penalty over missile system" in html   # shown, but not as a link
    assert "javascript:" not in html
    assert "\\<script\\>" in render_markdown(brief) and "javascript:" not in render_markdown(brief)


def test_an_empty_week_says_nothing_new(conn):
    brief_data.seed(conn)
    brief, charts = make_brief(conn, parse_week("2026-W30"), NOW)
    assert brief.empty and charts == []
    html = render_html(brief, charts)
    assert "Nothing new" in html and "<img" not in html and "Headline numbers" not in html
    assert len(html) < 4000
    markdown = render_markdown(brief)
    assert "Nothing new" in markdown and "## " not in markdown and len(markdown.splitlines()) < 8
    assert subject(brief) == "[irwatch] Weekly brief 2026-W30 (20–26 Jul 2026): nothing new"


def test_the_week_after_says_what_it_had_before(conn):
    brief_data.seed(conn)
    brief, _ = make_brief(conn, parse_week("2026-W48"), NOW)
    assert brief.empty
    assert "the previous period had 7 relevant articles" in render_html(brief, [])


def test_a_quiet_section_says_so_instead_of_drawing_axes(conn):
    brief_data.seed(conn)
    conn.execute("delete from mentions where type = 'trade_figure'")
    conn.execute("delete from deal_events")
    conn.commit()
    brief, charts = make_brief(conn, parse_week(brief_data.WEEK), NOW)
    assert [c.name for c in charts] == ["mentions"]
    html = render_html(brief, charts)
    assert "No trade figures reported in this period." in html
    assert "No deal reported in this period." in html
    assert html.count("<img") == 1
