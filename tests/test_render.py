"""The quoted sentence of an alert email: the trigger located inside it, no stray line breaks around it."""

from __future__ import annotations

import pytest

from irwatch.render import story_view


@pytest.mark.parametrize(("sentence", "start", "end", "expected"), [
    ("Washington weighs CAATSA curbs on India.\n", 18, 24, ("Washington weighs ", "CAATSA", " curbs on India.")),
    ("\nCAATSA looms over the S-400 deal.\n\n", 1, 7, ("", "CAATSA", " looms over the S-400 deal.")),
    ("  A waiver is under discussion.\n", None, None, ("A waiver is under discussion.", "", "")),
    ("Bad offsets keep the sentence.", 40, 50, ("Bad offsets keep the sentence.", "", "")),
])
def test_the_quote_keeps_its_words_and_drops_line_breaks(sentence, start, end, expected):
    view = story_view({"sentence": sentence, "mention_start": start, "mention_end": end, "start_char": 0},
                      [], {"title": "t", "url": "https://example.org/a"})
    assert (view["before"], view["trigger"], view["after"]) == expected
