import pytest

from irwatch.textsafe import header_safe


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
