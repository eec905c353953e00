"""Small pure helpers for putting untrusted article text into mail headers and logs."""

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
