"""The alert email: subject, plain text and HTML from Jinja2 templates in irwatch/templates/ (HTML autoescaped).

Everything in it comes from article text, so the subject is made header-safe (no CR/LF, no control
characters) and the HTML is escaped by the template engine; the plain text is never parsed as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from irwatch.config import PROJECT_ROOT
from irwatch.store.search import format_published
from irwatch.textsafe import header_safe

TEMPLATES = PROJECT_ROOT / "irwatch" / "templates"
IST = timezone(timedelta(hours=5, minutes=30), "IST")


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=lambda name: bool(name and ".html" in name),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def times(published_at: datetime | None, offset_minutes: int | None) -> dict:
    """A publication instant in UTC, in IST, and as the publisher stated it (when it stated an offset).

    >>> times(datetime(2024, 7, 9, 19, 0, tzinfo=UTC), 330)["ist"]
    '2024-07-10 00:30 IST'
    """
    if published_at is None:
        return {"utc": "date unknown", "ist": "", "publisher": None}
    return {"utc": f"{published_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
            "ist": f"{published_at.astimezone(IST):%Y-%m-%d %H:%M} IST",
            "publisher": format_published(published_at, offset_minutes) if offset_minutes is not None else None}


def split_trigger(sentence: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """(before, trigger, after): the words the event hangs on, located inside its sentence.

    >>> split_trigger("The US may impose CAATSA on India.", 18, 24)
    ('The US may impose ', 'CAATSA', ' on India.')
    """
    if start is None or end is None or not 0 <= start < end <= len(sentence):
        return sentence, "", ""
    return sentence[:start], sentence[start:end], sentence[end:]


def story_view(mention: dict, outlets: list[dict], fallback: dict) -> dict:
    """What one story contributes to an email: its first copy, the alerted sentence, the other outlets."""
    first = outlets[0] if outlets else fallback
    offset = mention.get("start_char") or 0
    before, trigger, after = split_trigger(
        mention["sentence"],
        (mention["mention_start"] - offset) if mention.get("mention_start") is not None else None,
        (mention["mention_end"] - offset) if mention.get("mention_end") is not None else None)
    # a sentence cut at a paragraph end carries its line break; the quote in the email should not
    before, after = before.lstrip(), after.rstrip()
    if not trigger:
        before = before.rstrip()
    return {
        "headline": header_safe(first.get("title") or fallback.get("title") or "", 300),
        "outlet": first.get("outlet") or "unknown outlet", "tier": first.get("tier"),
        "times": times(first.get("published_at"), first.get("published_offset_minutes")),
        "url": first.get("url") or fallback.get("url"), "status": mention.get("status") or "unknown",
        "regime": mention.get("regime") or "", "system": mention.get("system"), "target": mention.get("target"),
        "imposer": mention.get("imposer"), "before": before, "trigger": trigger, "after": after,
        "others": [{"outlet": o["outlet"], "tier": o.get("tier"), "url": o["url"],
                    "time": times(o.get("published_at"), o.get("published_offset_minutes"))["utc"]}
                   for o in outlets[1:]],
    }


def subject(rule: str, kind: str, stories: list[dict], digest_date: str | None = None) -> str:
    """'[irwatch] CAATSA threatened — US lawmakers urge waiver … · 3 outlets', one line whatever the input."""
    if kind == "digest":
        statuses = ", ".join(sorted({s["status"] for s in stories}))
        return header_safe(f"[irwatch] {rule.upper()} digest {digest_date}: {len(stories)} "
                           f"{'story' if len(stories) == 1 else 'stories'} ({statuses})", 180)
    s = stories[0]
    copies = 1 + len(s["others"])
    prefix = "update: " if kind == "update" else ""
    return header_safe(f"[irwatch] {rule.upper()} {prefix}{s['status']} — {s['headline']} · {copies} "
                       f"{'outlet' if copies == 1 else 'outlets'}", 180)


def render(*, rule: str, description: str, kind: str, stories: list[dict],
           digest_date: str | None = None) -> tuple[str, str, str]:
    """(subject, plain text, html)."""
    if kind == "digest":
        stories = sorted(stories, key=lambda s: s["status"])
    context = {"rule": rule, "description": description, "kind": kind, "stories": stories}
    return (subject(rule, kind, stories, digest_date), _env().get_template("story.txt.j2").render(context),
            _env().get_template("story.html.j2").render(context))
