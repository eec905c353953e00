"""What the store does with values PostgreSQL would refuse or an analyst could not use (pure functions).

Text is cleaned (NUL bytes removed, lone surrogates replaced, over-long free text cut); a value the row cannot
do without, or one whose meaning a cut would change (a URL, a number), makes the whole row `Rejected`, and
the store quarantines it in `rejected_rows` instead of failing the batch.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

_SURROGATE = re.compile(r"[\ud800-\udfff]")

# longest kept value per free-text field; a 50 MB page's text is cut, not refused
TEXT_LIMITS = {"title": 1_000, "text": 2_000_000, "sentence": 20_000, "author": 300, "name": 200}
URL_LIMIT = 4_096
AUTHORS_LIMIT = 50
PAYLOAD_FIELD_LIMIT = 10_000


class Rejected(ValueError):
    """This row cannot be stored as it is; the message is the reason kept in rejected_rows."""


def clean_str(value: str | None, limit: int | None = None) -> str | None:
    """Text PostgreSQL accepts: no NUL, no lone surrogate, at most `limit` characters.

    >>> clean_str("S-400\\x00 deal\\ud800", 9)
    'S-400 dea'
    """
    if value is None:
        return None
    text = _SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    return text[:limit] if limit is not None else text


def url(value: object, field: str) -> str:
    """A URL is an identity: cut it and it names another page, so a bad one rejects the row."""
    if not isinstance(value, str) or not value.strip():
        raise Rejected(f"{field}: missing")
    if "\x00" in value or _SURROGATE.search(value):
        raise Rejected(f"{field}: contains NUL or a lone surrogate")
    if len(value) > URL_LIMIT:
        raise Rejected(f"{field}: {len(value)} characters, longer than {URL_LIMIT}")
    return value


def timestamp(value: object, field: str, *, required: bool = False) -> datetime | None:
    """An aware datetime from a datetime or ISO 8601 string; naive values are UTC.

    >>> timestamp("2024-07-09T16:00:00+05:30", "published_at").isoformat()
    '2024-07-09T16:00:00+05:30'
    """
    if value is None or value == "":
        if required:
            raise Rejected(f"{field}: missing")
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise Rejected(f"{field}: {clean_str(value, 60)!r} is not an ISO 8601 timestamp") from None
    else:
        raise Rejected(f"{field}: {type(value).__name__} is not a timestamp")
    if not 1900 <= parsed.year <= 2200:
        raise Rejected(f"{field}: year {parsed.year} is out of range")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Rejected(f"{field}: {clean_str(str(value), 60)!r} is not a date") from None


def number(value: object, field: str) -> Decimal | None:
    """A finite number that fits `numeric`; booleans and NaN are refused.

    >>> number("6.1e5", "quantity")
    Decimal('6.1E+5')
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Rejected(f"{field}: {value!r} is not a number")
    try:
        parsed = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Rejected(f"{field}: {clean_str(str(value), 60)!r} is not a number") from None
    if not parsed.is_finite() or abs(parsed) >= Decimal("1e30"):
        raise Rejected(f"{field}: {value!r} is not a finite amount")
    return parsed


def integer(value: object, field: str) -> int | None:
    parsed = number(value, field)
    if parsed is None:
        return None
    if parsed != parsed.to_integral_value() or abs(parsed) >= 2**31:
        raise Rejected(f"{field}: {value!r} is not a 32-bit integer")
    return int(parsed)


def payload_json(row: dict) -> str:
    """The refused row as JSON a person can read: non-ASCII escaped (so NUL and surrogates survive), long
    fields cut."""

    def shorten(value):
        if isinstance(value, str) and len(value) > PAYLOAD_FIELD_LIMIT:
            return value[:PAYLOAD_FIELD_LIMIT] + f"... [{len(value)} characters]"
        if isinstance(value, dict):
            return {k: shorten(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [shorten(v) for v in value]
        return value

    return json.dumps(shorten(dict(row)), ensure_ascii=True, default=str, sort_keys=True)
