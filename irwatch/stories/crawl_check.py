"""End-to-end check of story identity on real syndicated coverage: crawl -> tag -> cluster -> alert -> send.

    .venv/bin/python -m irwatch.stories.crawl_check [--pool PATH] [--keep-db]

The pages of ../shared/stories-pool/pages.jsonl (IRWATCH_STORIES_POOL overrides; groups of copies of one
story by different outlets, and near misses) are written at run time into a temporary directory as a small
news site (one page per pool page under its outlet's own path, `<h1>` title, `<time datetime>` with the
page's published date, the excerpt as `<p>` paragraphs, one RSS feed listing every page) and served on
127.0.0.1. Nothing of the pages' text is kept in the project. A fresh database `irwatch_check_<hex>` is
created on the configured server (`resolve_dsn(load_settings())`), migrated, and dropped at the end (or the
caller passes a migrated, empty DSN, as the test does). The stages run as `irwatch run` chains them, with
check rules instead of alert_rules.yaml: one rule per event type (deal, sanction, trade_figure), no filters,
backfill allowed, so every relevant story with a mention of that type gets exactly one email per rule.

What is reported, against the pool's proposed groups and the labelled pairs (irwatch/stories/pairs.jsonl,
the usable batch-2 labels; the quarantined batch-1 labels and the second annotator's labels are shown as
separate lines, see irwatch/stories/README.md):
  * pages the crawler dropped, by reason (too short, off-topic, ...): not errors of clustering;
  * each copy group: how many stories its crawled pages became (1 = good) and emails per rule;
  * labelled `different` pairs that ended up in one story (must be 0), `copy` pairs split, by kind;
  * emails sent and received by the SMTP sink, and a second run of alert + send, which must send 0.

Exit status 0 when no `different` pair merged, verbatim + light-edit copies are in one story at >= 0.95
and the rerun sent nothing; 1 otherwise; 0 with one line when the pool is absent.

Pages without a title in the pool get one from their URL's slug (a page needs a headline to be stored;
the slug is the outlet's own wording of it), or their outlet's name when the URL has no slug.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from irwatch import alert_rules
from irwatch.alerts import queue_alerts
from irwatch.config import load_settings
from irwatch.db import connect, describe_dsn, resolve_dsn, with_params
from irwatch.demo import LOCAL_SITE_SETTINGS
from irwatch.demo_server import DemoSite
from irwatch.mailsink import MailSink
from irwatch.run import cluster_stage, crawl_stage, migrate_stage, send_stage, tag_stage
from irwatch.stories import evaluate as ev
from irwatch.stories import signature as sg

SOURCE_NAME = "stories-pool-check"
RECIPIENT = "story-check@irwatch.invalid"
COPY_KINDS = ev.COPY_KINDS
TARGET_RECALL = ev.TARGET_RECALL  # verbatim + light-edit copies in one story
# one rule per event type: event_type holds one type per rule; no filters, old stories alerted too
CHECK_RULES = [
    alert_rules.validate({
        "rule": f"check-{event_type.replace('_', '-')}", "event_type": event_type, "filters": {},
        "description": f"story check: every relevant story with a {event_type} mention, one email per story",
        "recipients": [RECIPIENT], "mode": "immediate", "max_age_days": 36500,
    }, i)
    for i, event_type in enumerate(alert_rules.EVENT_TYPES, start=1)
]
RULE_LABEL = {r["rule"]: r["event_type"].replace("trade_figure", "trade") for r in CHECK_RULES}

Out = Callable[[str], None]


# --------------------------------------------------------------------------- the site


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "outlet"


def _title_from_url(url: str) -> str | None:
    """A headline from the URL's slug: the longest path segment with 3+ words, numbers and ids dropped."""
    best = None
    for segment in urlsplit(url).path.split("/"):
        segment = re.sub(r"\.(html?|ece|cms|php|aspx?)$", "", segment, flags=re.I)
        words = [w for w in re.split(r"[-_+]+", segment) if w and not re.fullmatch(r"\d{5,}|[0-9a-f]{8,}|\d+_\d+", w)]
        if len(words) >= 3 and (best is None or len(words) > len(best)):
            best = words
    if not best:
        return None
    title = " ".join(best)
    return title[0].upper() + title[1:]


def page_paths(pages: dict[str, dict]) -> dict[str, str]:
    """Page id -> its path on the check site: /<outlet>/<the outlet's own path>.html, unique."""
    paths: dict[str, str] = {}
    taken: set[str] = set()
    for pid, page in pages.items():
        original = re.sub(r"[^A-Za-z0-9._/-]+", "-", urlsplit(page["url"]).path).strip("/")
        original = re.sub(r"/+", "/", original)
        if not original:
            original = pid
        path = f"/{_slug(page.get('outlet') or 'outlet')}/{original}"
        if not path.endswith(".html"):
            path += ".html"
        if path in taken:
            path = path[: -len(".html")] + f"-{pid}.html"
        taken.add(path)
        paths[pid] = path
    return paths


def _published(page: dict) -> date | None:
    try:
        return date.fromisoformat(str(page.get("published") or "")[:10])
    except ValueError:
        return None


def _page_html(page: dict, title: str) -> str:
    e = html.escape
    outlet = page.get("outlet") or "Outlet"
    day = _published(page)
    paragraphs = [line.strip() for line in (page.get("text") or "").splitlines() if line.strip()]
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    stamp = (f'<p class="publish-date"><time datetime="{day.isoformat()}" itemprop="datePublished">'
             f"{day:%d %B %Y}</time></p>\n") if day else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)} | {e(outlet)}</title>\n"
        f'<meta property="og:title" content="{e(title)}">\n<meta property="og:site_name" content="{e(outlet)}">\n'
        '<meta property="og:type" content="article">\n</head>\n<body>\n'
        f'<header class="site-header"><a href="{{{{BASE}}}}/">{e(outlet)}</a></header>\n'
        f"<main>\n<article>\n<h1>{e(title)}</h1>\n{stamp}{body}\n</article>\n</main>\n"
        f"<footer><p>&copy; {e(outlet)}</p></footer>\n</body>\n</html>\n"
    )


def build_site(pages: dict[str, dict], root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the site under root; return (page id -> path, page id -> how its title was made)."""
    paths = page_paths(pages)
    titles: dict[str, str] = {}
    items = []
    for pid, page in pages.items():
        title = (page.get("title") or "").strip()
        titles[pid] = "pool"
        if not title:
            title = _title_from_url(page["url"]) or (page.get("outlet") or "News")
            titles[pid] = "url-slug" if _title_from_url(page["url"]) else "outlet-name"
        target = root / paths[pid].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page_html(page, title), encoding="utf-8")
        day = _published(page)
        # noon UTC keeps the stated day the same in every time zone the crawler might assume
        pub = (f"<pubDate>{format_datetime(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))}</pubDate>"
               if day else "")
        link = "{{BASE}}" + paths[pid]
        items.append(f"<item><title>{html.escape(title)}</title><link>{link}</link>"
                     f'<guid isPermaLink="true">{link}</guid>{pub}</item>')
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            "<title>Story pool check</title><link>{{BASE}}/</link>"
            "<description>Syndicated copies of India-Russia stories, served for the story check</description>\n"
            + "\n".join(items) + "\n</channel></rss>\n")
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "index.html").write_text("<!doctype html><title>Story pool check</title><p>feed: /feed.xml</p>\n",
                                     encoding="utf-8")
    return paths, titles


# --------------------------------------------------------------------------- the result


@dataclass
class CheckResult:
    pages: int = 0
    crawled: dict[str, dict] = field(default_factory=dict)      # page id -> article row
    dropped: dict[str, tuple[str, str]] = field(default_factory=dict)  # page id -> (reason code, reason)
    missing: list[str] = field(default_factory=list)            # neither stored nor dropped
    groups: dict[str, dict] = field(default_factory=dict)       # gNN -> per-group figures
    pairs: dict = field(default_factory=dict)                   # view name -> pair figures
    emails_sent: int = 0
    received: int = 0
    emails_by_rule: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)             # stored publication date vs the pool's
    rerun_queued: int = 0
    rerun_sent: int = 0
    seconds: float = 0.0

    @property
    def different_merged(self) -> int:
        return self.pairs["labelled"]["different_merged"]

    @property
    def exact_copy_recall(self) -> float | None:
        return self.pairs["labelled"]["recall"].get("verbatim+light-edit")

    @property
    def ok(self) -> bool:
        recall = self.exact_copy_recall
        return self.different_merged == 0 and (recall is None or recall >= TARGET_RECALL) and self.rerun_sent == 0


def _articles(conn) -> list[dict]:
    cur = conn.execute(
        """select a.article_id, a.url, a.canonical_url, a.story_id, a.relevant, a.published_at, a.title, a.text,
                  a.source_name, (select count(*) from mentions m where m.article_id = a.article_id
                      and m.article_version = a.version) as mentions
             from articles a order by a.article_id""")
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _score_pairs(pairs: list[dict], crawled: dict[str, dict], pages: dict[str, dict]) -> dict:
    """Pairs with both pages stored: same story? `different` merged, `copy` split by kind."""
    judged = [p for p in pairs if p["a"] in crawled and p["b"] in crawled]
    same = {ev.pair_key(p): crawled[p["a"]]["story_id"] == crawled[p["b"]]["story_id"] for p in judged}
    merged = [p for p in judged if p["label"] == "different" and same[ev.pair_key(p)]]
    out = {"labelled": len(pairs), "judged": len(judged), "not_judged": len(pairs) - len(judged),
           "different": sum(p["label"] == "different" for p in judged), "different_merged": len(merged),
           "merged_pairs": merged, "split": {}, "copies": {}, "split_pairs": [], "recall": {},
           "same_event": sum(p["label"] == "same-event" for p in judged),
           "same_event_merged": sum(same[ev.pair_key(p)] for p in judged if p["label"] == "same-event")}
    for kind in COPY_KINDS:
        copies = [p for p in judged if p["label"] == "copy" and p["kind"] == kind]
        split = [p for p in copies if not same[ev.pair_key(p)]]
        out["copies"][kind], out["split"][kind] = len(copies), len(split)
        out["split_pairs"] += split
        out.setdefault("causes", {})[kind] = Counter(split_cause(p, pages, crawled)[0] for p in split)
        out["recall"][kind] = round(1 - len(split) / len(copies), 3) if copies else None
    exact = out["copies"]["verbatim"] + out["copies"]["light-edit"]
    exact_split = out["split"]["verbatim"] + out["split"]["light-edit"]
    out["recall"]["verbatim+light-edit"] = round(1 - exact_split / exact, 3) if exact else None
    return out


def _labelled_views() -> dict[str, list[dict]]:
    """The scored labels (pairs.jsonl less any quarantined pair), the second annotator's sample, the quarantine."""
    scored, quarantined = ev.load_pairs()
    views = {"labelled": scored, "second": ev.load_jsonl(ev.SECOND_FILE)}
    if quarantined:
        views["quarantined"] = quarantined
    return views


# why a labelled pair came out as it did, re-judged pair by pair (`same_story` on two pages)
CAUSES = {
    "cluster": "the pair matches, but the cluster stage left them in two stories (an article joins its best "
               "match's story; two stories it matches are not merged)",
    "guessed-date": "the date guard, on a date the crawler guessed for a page the pool has no date for",
    "other-date": "the date guard, on a stored date that differs from the pool's",
    "extraction": "the crawled text/title no longer matches, the pool's text does",
    "signature": "the signature does not match them on the pool's own text either",
}


def _sign_page(page: dict):
    return sg.sign(page.get("title"), page.get("text") or "", published=page.get("published"),
                   outlet=page.get("outlet"))


def _sign_row(row: dict, published="stored"):
    return sg.sign(row.get("title"), row.get("text") or "",
                   published=row.get("published_at") if published == "stored" else published,
                   outlet=row.get("source_name"))


def split_cause(pair: dict, pages: dict[str, dict], crawled: dict[str, dict]) -> tuple[str, str]:
    """(cause, the decisive reason) for a labelled copy pair the run put in two stories."""
    ra, rb = crawled[pair["a"]], crawled[pair["b"]]
    stored = sg.same_story(_sign_row(ra), _sign_row(rb))
    if stored.same:
        return "cluster", stored.reason
    pa, pb = pages[pair["a"]], pages[pair["b"]]
    pool_dated = sg.same_story(_sign_row(ra, pa.get("published")), _sign_row(rb, pb.get("published")))
    if pool_dated.same:
        guessed = any(not p.get("published") and r["published_at"] for p, r in ((pa, ra), (pb, rb)))
        return ("guessed-date" if guessed else "other-date"), stored.reason
    if sg.same_story(_sign_page(pa), _sign_page(pb)).same:
        return "extraction", stored.reason
    return "signature", stored.reason


# --------------------------------------------------------------------------- the run


def _create_database(out: Out) -> tuple[str, str, str]:
    server = resolve_dsn(load_settings())
    name = f"irwatch_check_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    out(f"[check] database {name} on {describe_dsn(server)}")
    return server, name, with_params(server, dbname=name)


def _drop_database(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def run_check(dsn: str | None = None, *, pool: Path | None = None, out: Out = print,
              keep_db: bool = False) -> CheckResult | None:
    """Run the check; None (after one line) when the pool is absent.

    `dsn`: a migrated database to use (its tables should be empty); without it a fresh database is created
    on the configured server and dropped afterwards (unless keep_db).
    """
    try:
        pages = ev.load_pages(pool)
    except ev.PoolMissing as exc:
        out(f"[check] skipped: {exc}")
        return None
    started = time.perf_counter()
    server = name = None
    if dsn is None:
        server, name, dsn = _create_database(out)
    try:
        applied = migrate_stage(dsn)
        if applied:
            out(f"[migrate] applied {', '.join(applied)}")
        result = _run(dsn, pages, out)
    finally:
        if name and not keep_db:
            _drop_database(server, name)
            out(f"[check] dropped database {name}")
        elif name:
            out(f"[check] kept database {name}")
    result.seconds = time.perf_counter() - started
    _report(result, pages, out)
    return result


def _run(dsn: str, pages: dict[str, dict], out: Out) -> CheckResult:
    from irwatch.sources import register_feed

    result = CheckResult(pages=len(pages))
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="irwatch-story-check-") as tmp:
        site_dir, mail_dir = Path(tmp) / "site", Path(tmp) / "mail"
        site_dir.mkdir()
        paths, titles = build_site(pages, site_dir)
        made = Counter(titles.values())
        groups = Counter(p["group"] for p in pages.values() if p["group"].startswith("g"))
        out(f"[check] {len(pages)} pool pages ({sum(groups.values())} in {len(groups)} copy groups, "
            f"{len(pages) - sum(groups.values())} near misses / singles); titles: {made['pool']} from the pool, "
            f"{made['url-slug']} from the URL slug, {made['outlet-name']} the outlet's name")
        with DemoSite(site_dir) as site, MailSink(mail_dir) as sink:
            out(f"[check] site at {site.base_url}/ (feed {site.feed_url}); SMTP sink on 127.0.0.1:{sink.port}")
            with connect(dsn) as conn:
                source = register_feed(conn, site.feed_url, name=SOURCE_NAME, title="Story pool check",
                                       repoint=True)
            crawl = crawl_stage(dsn, sources=[source], allow_private=True, extra_settings=LOCAL_SITE_SETTINGS,
                                progress=lambda line: out(f"[crawl] {line}"))
            out(f"[crawl] {crawl.new_articles} new articles; dropped "
                + (", ".join(f"{n} {r}" for r, n in crawl.drop_reasons.items()) or "none")
                + ("; errors " + ", ".join(f"{n} {k}" for k, n in crawl.errors.items()) if crawl.errors else ""))
            out("[tag] loading the NLP pipeline")
            tag = tag_stage(dsn, progress=lambda line: out(f"[tag] {line}"))
            out(f"[tag] {tag.articles} articles tagged, {tag.relevant} relevant, {tag.mentions} mentions")
            clus = cluster_stage(dsn, progress=lambda line: out(f"[cluster] {line}"))
            out(f"[cluster] {clus.articles} articles: {clus.new_stories} stories, {clus.joined} copies joined")
            smtp = replace(settings.smtp, host="127.0.0.1", port=sink.port, user=None, password=None,
                           starttls=False, use_ssl=False)
            rules = ", ".join(f"{r['rule']} ({r['event_type']})" for r in CHECK_RULES)
            with connect(dsn) as conn:
                alerts = queue_alerts(conn, [RECIPIENT], alert_old=True, rules=CHECK_RULES)
            out(f"[alert] rules {rules}: {alerts.queued} stories alerted, {alerts.updates} updates, "
                f"{alerts.duplicates} copies added to alerted stories (no email)")
            send = send_stage(dsn, smtp, reclaim_after=timedelta(0))
            out(f"[send] {send.describe()}")
            with connect(dsn) as conn:
                again = queue_alerts(conn, [RECIPIENT], alert_old=True, rules=CHECK_RULES)
            resend = send_stage(dsn, smtp, reclaim_after=timedelta(0))
            out(f"[rerun] alert + send again: {again.queued} stories alerted, {again.updates} updates; "
                f"{resend.describe()}")
            result.emails_sent = send.sent + resend.sent
            result.rerun_queued, result.rerun_sent = again.queued + again.updates, resend.sent
            result.received = len(sink.messages)
        base = site.base_url
        by_path = {path: pid for pid, path in paths.items()}
        with connect(dsn) as conn:
            for row in _articles(conn):
                for url in (row["url"], row["canonical_url"]):
                    if url.startswith(base) and url[len(base):] in by_path:
                        result.crawled[by_path[url[len(base):]]] = row
                        break
            for url, code, reason in conn.execute("select url, reason_code, reason from dropped_urls"):
                if url.startswith(base) and url[len(base):] in by_path:
                    result.dropped[by_path[url[len(base):]]] = (code, reason)
            alert_rows = conn.execute("select rule, story_id, kind, status from alerts").fetchall()
    result.missing = sorted(set(pages) - set(result.crawled) - set(result.dropped))
    result.emails_by_rule = Counter(rule for rule, _, _, status in alert_rows if status == "sent")
    sent_by_story: dict[int, Counter] = defaultdict(Counter)
    for rule, story_id, _kind, status in alert_rows:
        if status == "sent" and story_id is not None:
            sent_by_story[story_id][rule] += 1
    story_pages: dict[int, list[str]] = defaultdict(list)
    for pid, row in result.crawled.items():
        story_pages[row["story_id"]].append(pid)
    for gid in sorted(groups):
        members = [pid for pid, p in pages.items() if p["group"] == gid]
        crawled = [pid for pid in members if pid in result.crawled]
        stories = sorted({result.crawled[pid]["story_id"] for pid in crawled})
        emails = Counter()
        for story_id in stories:
            emails.update(sent_by_story.get(story_id, {}))
        others = sorted({pid for s in stories for pid in story_pages[s] if pages[pid]["group"] != gid})
        result.groups[gid] = {"pages": members, "crawled": crawled, "stories": stories, "emails": emails,
                              "relevant": sum(bool(result.crawled[pid]["relevant"]) for pid in crawled),
                              "others": others,
                              "split": [[pid for pid in crawled if result.crawled[pid]["story_id"] == s]
                                        for s in stories]}
    result.pairs = {view: _score_pairs(pairs, result.crawled, pages) for view, pairs in _labelled_views().items()}
    for pid, row in result.crawled.items():
        stated, stored = _published(pages[pid]), row["published_at"]
        if stated is None and stored is not None:
            result.dates["guessed (pool has none)"] += 1
        elif stated is not None and stored is None:
            result.dates["lost"] += 1
        elif stated is not None and abs((stored.date() - stated).days) > 1:
            result.dates["different day"] += 1
        else:
            result.dates["as in the pool" if stated else "none, as in the pool"] += 1
    return result


# --------------------------------------------------------------------------- the report


def _describe(pid: str, pages: dict[str, dict]) -> str:
    page = pages[pid]
    what = " ".join(x for x in (page.get("group"), page.get("copy") or page.get("relation")) if x)
    return f"{pid} ({page.get('outlet')}, {what})"


def _report(r: CheckResult, pages: dict[str, dict], out: Out) -> None:
    out("")
    out("== story check on real syndicated coverage " + "=" * 28)
    out(f"pages     {r.pages} in the pool: {len(r.crawled)} stored, {len(r.dropped)} dropped by the crawler "
        f"(not clustering errors), {len(r.missing)} not reached")
    reasons = Counter(code for code, _ in r.dropped.values())
    for code, n in reasons.most_common():
        out(f"          dropped {n:>3} {code}:")
        for pid, (c, reason) in sorted(r.dropped.items()):
            if c == code:
                detail = reason.split(": ", 2)[-1].split(" (")[0]
                out(f"            {_describe(pid, pages)} [{pages[pid]['group']}]: {detail}")
    for pid in r.missing:
        out(f"          not reached: {_describe(pid, pages)}")
    relevant = sum(bool(row["relevant"]) for row in r.crawled.values())
    out(f"          {relevant} of the {len(r.crawled)} stored pages judged relevant by the tagger "
        "(only relevant articles alert)")
    out("dates     stored publication date against the pool's: "
        + ", ".join(f"{n} {what}" for what, n in r.dates.most_common()))
    out("")
    rules = [rule["rule"] for rule in CHECK_RULES]
    out("groups    stories per copy group (1 = good), emails sent per rule ("
        + " / ".join(RULE_LABEL[x] for x in rules) + ")")
    for gid, g in r.groups.items():
        if not g["crawled"]:
            out(f"  {gid}  {len(g['pages'])} pages, none stored")
            continue
        kinds = Counter(pages[pid]["copy"] for pid in g["crawled"])
        stories = len(g["stories"])
        emails = " / ".join(str(g["emails"].get(x, 0)) for x in rules)
        out(f"  {gid}  {len(g['crawled'])}/{len(g['pages'])} pages stored ("
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + f") -> {stories} "
            f"{'story' if stories == 1 else 'stories'}; emails {emails}" + ("  SPLIT" if stories > 1 else ""))
        if stories > 1:
            for part in g["split"]:
                out("          story: " + ", ".join(_describe(pid, pages) for pid in part))
        if g["others"]:
            out("          its story also holds: " + ", ".join(_describe(pid, pages) for pid in g["others"]))
    one = sum(len(g["stories"]) == 1 for g in r.groups.values())
    crawled_groups = sum(bool(g["crawled"]) for g in r.groups.values())
    extra = sum(max(0, n - 1) for g in r.groups.values() for n in g["emails"].values())
    out(f"          {one} of {crawled_groups} groups with stored pages are one story; {extra} emails more than one "
        "per group and rule (a split group mails once per piece); "
        f"{sum(bool(g['others']) for g in r.groups.values())} stories also hold pages outside their group "
        "(same-event reports, or copies whose partner left the pool)")
    out("")
    titles = {"labelled": "labelled pairs (pairs.jsonl, scored)",
              "second": "second annotator's sample (pairs-second.jsonl)",
              "quarantined": "quarantined pairs (pairs-quarantine.jsonl), labels as delivered"}
    for view, p in r.pairs.items():
        split = ", ".join(f"{p['split'][k]}/{p['copies'][k]} {k}" for k in COPY_KINDS)
        out(f"pairs     {titles[view]}: {p['judged']} of {p['labelled']} with both pages stored")
        out(f"          different merged into one story: {p['different_merged']} of {p['different']}; copies split: "
            f"{split}; verbatim+light-edit in one story {p['recall']['verbatim+light-edit']}; same-event merged "
            f"{p['same_event_merged']}/{p['same_event']}")
        if view != "labelled":
            continue
        for pair in p["merged_pairs"]:
            out(f"          MERGED {pair['kind']}: {_describe(pair['a'], pages)} + {_describe(pair['b'], pages)}")
        causes = Counter()
        for kind in COPY_KINDS:
            causes.update(p["causes"][kind])
        if causes:
            out("          why copies were split (each pair re-judged on its stored pages):")
            for cause, n in causes.most_common():
                by_kind = ", ".join(f"{p['causes'][k][cause]} {k}" for k in COPY_KINDS if p["causes"][k][cause])
                out(f"            {n:>3} ({by_kind}): {CAUSES[cause]}")
        for pair in p["split_pairs"]:
            if pair["kind"] != "rewrite":
                cause, reason = split_cause(pair, pages, r.crawled)
                out(f"          split {pair['kind']}: {_describe(pair['a'], pages)} / {_describe(pair['b'], pages)}: "
                    f"{cause} ({reason})")
    out("")
    by_rule = ", ".join(f"{RULE_LABEL[x]} {r.emails_by_rule.get(x, 0)}" for x in rules)
    out(f"emails    {r.emails_sent} sent ({by_rule}), {r.received} received by the sink; "
        f"rerun of alert + send: {r.rerun_queued} queued, {r.rerun_sent} sent")
    out(f"verdict   {'PASS' if r.ok else 'FAIL'}: different merged {r.different_merged} (must be 0), "
        f"verbatim+light-edit copies in one story {r.exact_copy_recall} (>= {TARGET_RECALL}), "
        f"rerun sent {r.rerun_sent} (must be 0); {r.seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m irwatch.stories.crawl_check", description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=Path, help="pages.jsonl (default ../shared/stories-pool/pages.jsonl)")
    parser.add_argument("--keep-db", action="store_true", help="keep the check database for inspection")
    args = parser.parse_args(argv)
    result = run_check(pool=args.pool, keep_db=args.keep_db, out=lambda line: print(line, flush=True))
    if result is None:
        return 0
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
