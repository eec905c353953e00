"""The brief as a browser draws it: a headless Chromium screenshot of the HTML file, offline."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from PIL import Image

from irwatch.brief import make_brief, parse_week
from irwatch.brief.build import TYPE_COLOURS
from irwatch.brief.render import render_html
from tests import brief_data
from tests.chromium import chromium_binary, screenshot


@pytest.mark.skipif(chromium_binary() is None, reason="chromium not installed (apt-get install chromium)")
def test_screenshot_of_the_brief_is_drawn(conn, tmp_path):
    brief_data.seed(conn)
    brief, charts = make_brief(conn, parse_week(brief_data.WEEK), datetime(2026, 11, 23, 2, 30, tzinfo=UTC))
    page = tmp_path / "brief.html"
    page.write_text(render_html(brief, charts), encoding="utf-8")
    shot = screenshot(page, tmp_path / "brief.png", width=800, height=2000)
    assert shot.stat().st_size > 30_000
    with Image.open(shot) as image:
        assert image.size == (800, 2000)
        pixels = np.asarray(image.convert("RGB")).astype(int)
    assert pixels.std() > 15
    # the charts are drawn in the event types' colours: each covers thousands of pixels with them (measured
    # 11–24k with the charts, 2.3–3.3k from the headings' rules and badges alone)
    for type_, colour in TYPE_COLOURS.items():
        rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).sum(axis=2) < 30).sum() > 6_000, type_
