import pytest

from irwatch.textsafe import header_safe, jaccard, normalise_for_key, shingles


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("India, Russia sign deal", "India, Russia sign deal"),
        ("CAATSA\r\nBcc: victim@example.com", "CAATSA Bcc: victim@example.com"),
        ("line\nbreak", "line break"),
        ("tab\tand\x00nul", "tab and nul"),
        ("unicode\u2028separator", "unicode separator"),
        ("  spaced   out  ", "spaced out"),
        ("", ""),
        (None, ""),
    ],
)
def test_header_safe_removes_line_breaks_and_controls(raw, expected):
    assert header_safe(raw) == expected


def test_header_safe_truncates_with_ellipsis():
    out = header_safe("x" * 500, limit=50)
    assert len(out) == 50 and out.endswith("…")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("The US waived CAATSA.", "the us waived caatsa", "the us waived caatsa"),
        ("S-400, delivered!", "s 400 delivered", "s 400 delivered"),
    ],
)
def test_normalise_for_key(a, b, expected):
    assert normalise_for_key(a) == normalise_for_key(b) == expected


def test_near_copy_scores_high_and_different_story_low():
    original = shingles("US lawmakers urged a CAATSA waiver for India over its purchase of the S-400 system")
    copy = shingles("US lawmakers have urged a CAATSA waiver for India over its purchase of the S-400 system")
    other = shingles("Turkey was sanctioned under CAATSA in December 2020 over its S-400 purchase")
    assert jaccard(original, copy) >= 0.5
    assert jaccard(original, other) < 0.3
