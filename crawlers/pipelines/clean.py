"""Strip NUL bytes and control characters, normalise whitespace.

PostgreSQL text cannot hold NUL at all (the insert fails), and stray C0/C1
controls and zero-width characters break tokenisation downstream.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n, DEL, C1 controls, zero-width and bidi marks, BOM
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SINGLE_LINE_FIELDS = ("title", "language", "source")


def clean_text(value: str) -> str:
    """Paragraph-preserving clean-up for body text.

    >>> clean_text("  Line\\x00 one \\r\\n\\n\\n\\tLine  two\\u200b ")
    'Line one\\nLine two'
    """
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value)
    lines = (_SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_line(value: str) -> str:
    """Single-line clean-up (titles, names): all whitespace runs become one space."""
    return " ".join(clean_text(value).split())


class CleanPipeline:
    def process_item(self, item):
        if isinstance(item.get("text"), str):
            item["text"] = clean_text(item["text"])
        for key in _SINGLE_LINE_FIELDS:
            if isinstance(item.get(key), str):
                item[key] = clean_line(item[key]) or None
        if item.get("authors"):
            authors = [clean_line(a) for a in item["authors"] if isinstance(a, str)]
            item["authors"] = list(dict.fromkeys(a for a in authors if a))
        else:
            item["authors"] = []
        for key in ("url", "canonical_url"):
            if isinstance(item.get(key), str):
                item[key] = _CONTROL.sub("", item[key]).strip()
        return item
