"""A fortnight of coverage for the brief's tests: ISO week 2026-W47 and the week before it (2026-W46).

Written through the store's own functions where it has them (stories) and tests/factories.py elsewhere; every
text is made up for these tests. What the week holds, and so what the brief must say about it:

  2026-W47 (16–22 Nov): 7 relevant articles in 5 stories (one carried by 3 outlets), 1 irrelevant one;
  CAATSA threatened (1 story), an EU package imposed (1 story); a $100 bn by 2030 target and a $68.7 bn
  actual; Frigate-X delivered (signed in 2024, on an official source), Rifle-Y in production (official),
  Sub-Z approved (a new deal).
  2026-W46 (9–15 Nov): 2 relevant articles in 2 stories; CAATSA discussed; Rifle-Y proposed (a new deal).
"""

from __future__ import annotations

from datetime import date

from irwatch.store.stories import new_story, set_story
from tests.factories import add_deal, add_deal_event, add_mention, add_source, add_story

WEEK = "2026-W47"


def _article(conn, sources, slug, title, day, source, *, relevant=True, story=None):
    article_id = add_story(conn, f"https://{source}.example/{slug}", title=title, text=f"{title}. Body text.",
                           source=source, source_id=sources[source], local_date=day, relevant=relevant)
    if story is None:
        row = conn.execute("select article_id, title, published_at as seen_at from articles where article_id = %s",
                           (article_id,)).fetchone()
        story = new_story(conn, {"article_id": row[0], "title": row[1], "seen_at": row[2]})
    else:
        set_story(conn, article_id, story, 0.97)
    return article_id, story


def seed(conn, *, hostile_title: str | None = None) -> dict:
    sources = {name: add_source(conn, name, tier=tier) for name, tier in
               (("harbour-times", "media"), ("ridge-daily", "media"), ("quill-post", "wire"),
                ("press-office", "official"))}
    ids = {}
    # --- before both weeks: the frigate contract, announced by the official press office
    ids["c0"], _ = _article(conn, sources, "frigate-contract", "Ministry announces frigate contract",
                            date(2024, 3, 5), "press-office")
    # --- 2026-W46
    ids["b1"], _ = _article(conn, sources, "rifle-plant-floated", "Rifle plant floated for the north",
                            date(2026, 11, 10), "harbour-times")
    ids["b2"], _ = _article(conn, sources, "caatsa-debate", "CAATSA debate returns to Washington",
                            date(2026, 11, 12), "ridge-daily")
    add_mention(conn, ids["b2"], "sanction", "Senators debated CAATSA again.", regime="CAATSA", caatsa=True,
                status="discussed", imposer="United States", target="India")
    add_mention(conn, ids["b1"], "deal", "A rifle plant was floated.", system="Rifle-Y", status="proposed")
    # --- 2026-W47
    ids["a1"], frigate = _article(conn, sources, "frigate-handed-over", hostile_title or "Frigate handed over at the northern yard",
                                  date(2026, 11, 17), "harbour-times")
    ids["a2"], _ = _article(conn, sources, "frigate-copy", "Frigate handed over at northern yard", date(2026, 11, 18),
                            "ridge-daily", story=frigate)
    ids["a3"], _ = _article(conn, sources, "frigate-wire", "Frigate handed over (wire)", date(2026, 11, 19),
                            "quill-post", story=frigate)
    ids["a4"], _ = _article(conn, sources, "rifle-output", "Ministry statement on rifle plant output",
                            date(2026, 11, 16), "press-office")
    ids["a5"], _ = _article(conn, sources, "caatsa-penalty", "Lawmakers weigh CAATSA penalty over missile system",
                            date(2026, 11, 20), "harbour-times")
    ids["a6"], _ = _article(conn, sources, "trade-target", "Trade target restated at the summit", date(2026, 11, 21),
                            "ridge-daily")
    ids["a7"], _ = _article(conn, sources, "football", "Football scores mention sanctions", date(2026, 11, 19),
                            "ridge-daily", relevant=False)
    ids["a8"], _ = _article(conn, sources, "eu-package", "EU package lists shipping firms", date(2026, 11, 22),
                            "harbour-times")
    for key in ("a1", "a2", "a3"):
        add_mention(conn, ids[key], "deal", "The frigate was handed over.", system="Frigate-X", status="delivered")
    add_mention(conn, ids["a4"], "deal", "Rifles are rolling off the line.", system="Rifle-Y", status="in_production")
    add_mention(conn, ids["a5"], "sanction", "CAATSA penalties were threatened.", regime="CAATSA", caatsa=True,
                status="threatened", imposer="United States", target="India")
    add_mention(conn, ids["a5"], "deal", "The missile system was approved.", system="Sub-Z", status="approved")
    add_mention(conn, ids["a6"], "trade_figure", "Leaders restated $100 billion by 2030.", amount=100e9,
                currency="USD", amount_usd=100e9, metric="bilateral_trade", year=2030, is_target=True)
    add_mention(conn, ids["a6"], "trade_figure", "Trade reached Rs 5.7 lakh crore last year.", amount=5.7e12,
                currency="INR", amount_usd=68.7e9, metric="bilateral_trade", year=2025, is_target=False)
    add_mention(conn, ids["a7"], "sanction", "A pundit imposed CAATSA on the referee.", regime="CAATSA",
                caatsa=True, status="imposed")
    add_mention(conn, ids["a8"], "sanction", "The EU listed shipping firms.", regime="EU sanctions package",
                status="imposed", imposer="European Union", target="Russia")
    # --- the deals register, as the tag stage would have rebuilt it
    frigate_deal = add_deal(conn, "Frigate-X", programme="2018", status="delivered", status_since=date(2026, 11, 17))
    add_deal_event(conn, frigate_deal, ids["c0"], "signed", "The contract was signed.", event_date=date(2024, 3, 5),
                   outlet="press-office")
    for key, day in (("a1", 17), ("a2", 18), ("a3", 19)):
        add_deal_event(conn, frigate_deal, ids[key], "delivered", "The frigate was handed over.",
                       event_date=date(2026, 11, day), outlet="x")
    rifle = add_deal(conn, "Rifle-Y", status="in_production", status_since=date(2026, 11, 16))
    add_deal_event(conn, rifle, ids["b1"], "proposed", "A rifle plant was floated.", event_date=date(2026, 11, 10))
    add_deal_event(conn, rifle, ids["a4"], "in_production", "Rifles are rolling.", event_date=date(2026, 11, 16))
    sub = add_deal(conn, "Sub-Z", status="approved", status_since=date(2026, 11, 20))
    add_deal_event(conn, sub, ids["a5"], "approved", "The missile system was approved.", event_date=date(2026, 11, 20))
    conn.commit()
    return ids
