"""Small pure helpers for putting untrusted article text into logs, headers and HTML."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def header_safe(value: str | None, limit: int = 160) -> str:
    """One line, no CR/LF or other control characters, at most `limit` characters.

    >>> header_safe("CAATSA\\r\\nBcc: victim@example.com")
    'CAATSA Bcc: victim@example.com'
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def normalise_for_key(text: str) -> str:
    """Lowercase words only, for keys that must not change with punctuation or spacing."""
    return " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower()))


def shingles(text: str, size: int = 3) -> set[str]:
    words = normalise_for_key(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
