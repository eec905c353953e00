"""End-to-end check of CAATSA alerts on real coverage: one email per distinct CAATSA story, none lost.

    .venv/bin/python -m irwatch.stories.caatsa_check [--keep-db]

The first round's failure was an alert stage that suppressed half of the distinct CAATSA stories it was given.
This check gives the pipeline every item of the real corpus pool (../shared/corpus-pool/pool.jsonl) that
names CAATSA, in any language, served as pages of a local news site (the same site builder as
`crawl_check`; the texts stay in ../shared), and runs crawl -> tag -> cluster -> alert -> send with the
project's own CAATSA rule from irwatch/alert_rules.yaml (old news allowed, since the pages are years old).

What is right comes from the corpus labels (nlp/corpus/*.jsonl, by the written guideline): an item whose
label says CAATSA in an India–Russia context is a CAATSA item, and items sharing a label `story` are copies
of one story. Reported:
  * each CAATSA story: how many of its pages were stored, how many irwatch stories they became, emails sent
    (must be exactly 1), and whether that email names every stored copy's outlet;
  * distinct CAATSA stories that got no email, with the reason (not stored, judged not relevant, no CAATSA
    mention found, or stored as a copy of another story): the failure this check exists for;
  * emails for stories the labels call not CAATSA (false alarms: a third country's CAATSA, a passing mention);
  * a second alert + send run, which must send nothing.

Exit status 0 when no labelled CAATSA story was suppressed by the alert or cluster stage, no story got more
than one email and the rerun sent nothing; 1 otherwise (tagger misses are reported, and are #9's figures);
0 with one line when the pool is absent.
"""

from __future__ import annotations

import argparse
import email
import html
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from irwatch import alert_rules
from irwatch.alerts import queue_alerts
from irwatch.config import load_settings
from irwatch.db import connect
from irwatch.demo import LOCAL_SITE_SETTINGS
from irwatch.demo_server import DemoSite
from irwatch.mailsink import MailSink
from irwatch.run import cluster_stage, crawl_stage, migrate_stage, send_stage, tag_stage
from irwatch.stories.crawl_check import _create_database, _drop_database, build_site
from nlp.corpus import COPY_CONTAINMENT, CORPUS_DIR, PoolMissing, _shingles, load_pool, read_labels

RECIPIENT = "caatsa-check@irwatch.invalid"
# CAATSA named in English, Russian (КАТСА, the law's Russian title) or Hindi (काट्सा)
NAMES_CAATSA = re.compile(r"caatsa|catsaa|countering america.s adversaries|катса|противодействии противникам "
                          r"америки|काट्सा|कॉटसा", re.I)


def check_rules() -> list[dict]:
    """The project's own CAATSA rule(s), mailed to the check's sink, old stories included."""
    rules = [r for r in alert_rules.load_rules() if (r.get("filters") or {}).get("caatsa")]
    return [{**r, "recipients": [RECIPIENT], "mode": "immediate", "max_age_days": 36500} for r in rules]


def load_items(pool: dict[str, dict] | None = None) -> tuple[dict[str, dict], dict[str, dict]]:
    """(pool items that name CAATSA, their corpus labels by id)."""
    pool = pool if pool is not None else load_pool()
    labels = {r["id"]: r for split in ("train", "dev", "test") for r in read_labels(CORPUS_DIR / f"{split}.jsonl")}
    items = {pid: item for pid, item in pool.items()
             if pid in labels and NAMES_CAATSA.search(f"{item.get('title') or ''} {item.get('text') or ''}")}
    return items, {pid: labels[pid] for pid in items}


def outlet_feeds(items: dict[str, dict], paths: dict[str, str], root: Path) -> dict[str, str]:
    """Split the site's one feed into one feed per outlet (/<outlet>/feed.xml), so each outlet is its own
    source, as in a real crawl and as an email names them; returns outlet slug -> outlet name."""
    outlet_of = {path.strip("/").split("/")[0]: items[pid].get("outlet") or "outlet" for pid, path in paths.items()}
    entries: dict[str, list[str]] = defaultdict(list)
    for entry in re.findall(r"<item>.*?</item>", (root / "feed.xml").read_text(encoding="utf-8"), re.S):
        path = re.search(r"<link>\{\{BASE\}\}(/[^<]*)</link>", entry).group(1)
        entries[path.strip("/").split("/")[0]].append(entry)
    for slug, feed_items in entries.items():
        (root / slug / "feed.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>{html.escape(outlet_of[slug])}</title><link>{{{{BASE}}}}/{slug}/</link>"
            "<description>CAATSA check</description>\n" + "\n".join(feed_items) + "\n</channel></rss>\n",
            encoding="utf-8")
    return {slug: outlet_of[slug] for slug in entries}


def is_caatsa_item(label: dict) -> bool:
    gold = label["gold"]
    return bool(gold.get("relevant") and gold.get("caatsa"))


@dataclass
class CaatsaResult:
    items: int = 0
    stories: dict[str, dict] = field(default_factory=dict)   # label story -> figures
    false_alarms: list[dict] = field(default_factory=list)
    rerun_queued: int = 0
    rerun_sent: int = 0
    emails_sent: int = 0
    received: int = 0
    seconds: float = 0.0

    @property
    def caatsa_stories(self) -> dict[str, dict]:
        return {k: s for k, s in self.stories.items() if s["caatsa"]}

    @property
    def suppressed(self) -> list[str]:
        """CAATSA stories the tagger found but the cluster or alert stage kept from mail."""
        return [k for k, s in self.caatsa_stories.items() if s["emails"] == 0 and s["reason"] == "suppressed"]

    def mailed_share(self, lang: str) -> float | None:
        stories = [s for s in self.caatsa_stories.values() if lang in s["langs"]]
        return sum(1 <= s["emails"] <= s["copy_groups"] for s in stories) / len(stories) if stories else None

    @property
    def ok(self) -> bool:
        return (not self.suppressed and self.rerun_sent == 0
                and all(s["emails"] <= s["copy_groups"] for s in self.stories.values()))


def _outlets_named(body: str, outlets: set[str]) -> bool:
    return all(o in body for o in outlets)


def _bodies(messages) -> list[str]:
    out = []
    for raw in messages:
        msg = raw if isinstance(raw, email.message.Message) else email.message_from_bytes(
            raw if isinstance(raw, bytes) else str(raw).encode())
        parts = [p for p in msg.walk() if p.get_content_type() == "text/plain"] or [msg]
        out.append("\n".join(str(p.get_payload(decode=True) or b"", "utf-8", "replace") for p in parts))
    return out


def run_check(dsn: str | None = None, *, out=print, keep_db: bool = False) -> CaatsaResult | None:
    """Run the check; None (after one line) when the pool is absent. `dsn`: a migrated, empty database to
    use; without it a fresh one is created on the configured server and dropped afterwards (unless keep_db)."""
    try:
        items, labels = load_items()
    except PoolMissing as exc:
        out(f"[caatsa-check] {exc}")
        return None
    started = time.perf_counter()
    server = name = None
    if dsn is None:
        server, name, dsn = _create_database(out)
    try:
        migrate_stage(dsn)
        result = _run(dsn, items, labels, out)
    finally:
        if name and keep_db:
            out(f"[caatsa-check] kept database {name}")
        elif name:
            _drop_database(server, name)
    result.seconds = time.perf_counter() - started
    report(result, out)
    return result


def _run(dsn: str, items: dict[str, dict], labels: dict[str, dict], out) -> CaatsaResult:
    from irwatch.sources import register_feed

    rules = check_rules()
    result = CaatsaResult(items=len(items))
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="irwatch-caatsa-check-") as tmp:
        site_dir, mail_dir = Path(tmp) / "site", Path(tmp) / "mail"
        site_dir.mkdir()
        paths, _ = build_site(items, site_dir)
        langs = Counter(i.get("lang") for i in items.values())
        out(f"[caatsa-check] {len(items)} pool items name CAATSA ("
            + ", ".join(f"{n} {lang}" for lang, n in langs.most_common()) + "); rules: "
            + ", ".join(r["rule"] for r in rules))
        with DemoSite(site_dir) as site, MailSink(mail_dir) as sink:
            with connect(dsn) as conn:
                sources = [register_feed(conn, f"{site.base_url}/{slug}/feed.xml", name=f"cc-{slug}"[:60],
                                         title=outlet, repoint=True)
                           for slug, outlet in outlet_feeds(items, paths, site_dir).items()]
            crawl = crawl_stage(dsn, sources=sources, allow_private=True, extra_settings=LOCAL_SITE_SETTINGS,
                                progress=lambda line: out(f"[crawl] {line}"))
            out(f"[crawl] {crawl.new_articles} new articles; dropped "
                + (", ".join(f"{n} {r}" for r, n in crawl.drop_reasons.items()) or "none"))
            tag = tag_stage(dsn, progress=lambda line: out(f"[tag] {line}"))
            out(f"[tag] {tag.articles} articles, {tag.relevant} relevant, {tag.mentions} mentions")
            clus = cluster_stage(dsn, progress=lambda line: out(f"[cluster] {line}"))
            out(f"[cluster] {clus.new_stories} stories, {clus.joined} copies joined")
            smtp = replace(settings.smtp, host="127.0.0.1", port=sink.port, user=None, password=None,
                           starttls=False, use_ssl=False)
            with connect(dsn) as conn:
                queued = queue_alerts(conn, [RECIPIENT], alert_old=True, rules=rules)
            sent = send_stage(dsn, smtp, reclaim_after=timedelta(0))
            out(f"[alert] {queued.queued} stories alerted, {queued.duplicates} copies added; [send] {sent.describe()}")
            with connect(dsn) as conn:
                again = queue_alerts(conn, [RECIPIENT], alert_old=True, rules=rules)
            resend = send_stage(dsn, smtp, reclaim_after=timedelta(0))
            result.rerun_queued, result.rerun_sent = again.queued + again.updates, resend.sent
            result.emails_sent, result.received = sent.sent + resend.sent, len(sink.messages)
            bodies = _bodies(sink.messages)
        base = site.base_url
        by_path = {path: pid for pid, path in paths.items()}
        with connect(dsn) as conn:
            rows = conn.execute(
                """select a.url, a.canonical_url, a.story_id, a.relevant, a.source_name,
                          exists (select 1 from mentions m where m.article_id = a.article_id
                                   and m.article_version = a.version and m.caatsa) as caatsa
                     from articles a""").fetchall()
            sent_by_story = Counter(s for (s,) in conn.execute(
                "select story_id from alerts where status = 'sent' and kind = 'new' and story_id is not null"))
    stored: dict[str, dict] = {}
    for url, canonical, story_id, relevant, source, caatsa in rows:
        for u in (url, canonical):
            if u and u.startswith(base) and u[len(base):] in by_path:
                stored[by_path[u[len(base):]]] = {"story_id": story_id, "relevant": relevant, "caatsa": caatsa,
                                                  "source": source}
                break
    _score(result, items, labels, stored, sent_by_story, bodies)
    return result


def _score(result: CaatsaResult, items, labels, stored, sent_by_story: Counter, bodies: list[str]) -> None:
    by_story: dict[str, list[str]] = defaultdict(list)
    for pid, label in labels.items():
        by_story[label.get("story") or pid].append(pid)
    for key, pids in sorted(by_story.items()):
        caatsa = any(is_caatsa_item(labels[p]) for p in pids)
        here = [p for p in pids if p in stored]
        ids = {stored[p]["story_id"] for p in here if stored[p]["story_id"] is not None}
        emails = sum(sent_by_story.get(i, 0) for i in ids)
        outlets = {stored[p]["source"] for p in here}
        if emails:
            reason = "mailed"
        elif not here:
            reason = "not stored"
        elif not any(stored[p]["relevant"] for p in here):
            reason = "not relevant"
        elif not any(stored[p]["caatsa"] for p in here):
            reason = "no CAATSA mention"
        else:
            reason = "suppressed"
        copies = copy_groups({p: items[p] for p in pids})
        result.stories[key] = {
            "caatsa": caatsa, "pages": len(pids), "stored": len(here), "irwatch_stories": len(ids),
            "emails": emails, "reason": reason, "copy_groups": copies, "outlets": sorted(outlets),
            # each irwatch story that was mailed: one email names the outlets of all its stored copies
            "outlets_named": all(any(_outlets_named(b, {stored[p]["source"] for p in here
                                                         if stored[p]["story_id"] == i}) for b in bodies)
                                 for i in ids if sent_by_story.get(i)) if emails else None,
            "langs": sorted({items[p].get("lang") or "?" for p in pids}),
        }
        if emails and not caatsa:
            result.false_alarms.append({"story": key, **result.stories[key]})


def copy_groups(items: dict[str, dict]) -> int:
    """How many copy groups a labelled story's pages form by the corpus's own copy test (8-word shingles
    overlapping >= 30% of the shorter text): copies must share one email; pages that only share the
    annotators' story key are independent reports of one event, which may each alert."""
    parent = {i: i for i in items}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    sh = {i: _shingles(item.get("text") or "") for i, item in items.items()}
    ids = sorted(items)
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            small = min(len(sh[a]), len(sh[b]))
            if small and len(sh[a] & sh[b]) / small >= COPY_CONTAINMENT:
                parent[find(b)] = find(a)
    return len({find(i) for i in ids})


def report(r: CaatsaResult, out=print) -> None:
    caatsa = r.caatsa_stories
    mailed = [k for k, s in caatsa.items() if 1 <= s["emails"] <= s["copy_groups"]]
    out("")
    out("== CAATSA alerts on real coverage " + "=" * 40)
    out(f"items     {r.items} pool items name CAATSA: {sum(s['pages'] for s in caatsa.values())} of them in "
        f"{len(caatsa)} labelled CAATSA stories, the rest in {len(r.stories) - len(caatsa)} stories the labels "
        "call not CAATSA (third-country CAATSA, not India–Russia)")
    for key, s in sorted(caatsa.items(), key=lambda kv: (-kv[1]["pages"], kv[0])):
        named = "" if s["outlets_named"] is None else ("; email names every outlet" if s["outlets_named"]
                                                         else "; email does NOT name every outlet")
        ok = 1 <= s["emails"] <= s["copy_groups"]
        independent = f" ({s['copy_groups']} independent reports)" if s["copy_groups"] > 1 else ""
        out(f"  {'ok ' if ok else 'XX '} {key[:48]:<48} {'/'.join(s['langs'])}  {s['stored']}/"
            f"{s['pages']} stored{independent} -> {s['irwatch_stories']} stor{'y' if s['irwatch_stories'] == 1 else 'ies'}, "
            f"{s['emails']} email{'s' if s['emails'] != 1 else ''}" + ("" if s["emails"] else f" ({s['reason']})")
            + named)
    reasons = Counter(s["reason"] for s in caatsa.values() if not s["emails"])
    out(f"mailed    {len(mailed)} of {len(caatsa)} CAATSA stories got one email per independent report; without "
        "one: "
        + (", ".join(f"{n} {why}" for why, n in reasons.most_common()) or "none")
        + f"; suppressed by the cluster/alert stage: {len(r.suppressed)} (must be 0)")
    for lang in sorted({lang for s in caatsa.values() for lang in s["langs"]}):
        of_lang = [k for k, s in caatsa.items() if lang in s["langs"]]
        out(f"          {lang}: {sum(k in mailed for k in of_lang)} of {len(of_lang)} mailed")
    multi = [k for k, s in r.stories.items() if s["emails"] > s["copy_groups"]]
    out(f"copies    stories with more emails than independent reports (a copy mailed again): {len(multi)} "
        "(must be 0); "
        f"multi-page CAATSA stories: {sum(s['pages'] > 1 for s in caatsa.values())}")
    out(f"false     {len(r.false_alarms)} emails for stories the labels call not CAATSA"
        + ("".join(f"\n            {f['story'][:60]} ({'/'.join(f['langs'])})" for f in r.false_alarms)))
    out(f"emails    {r.emails_sent} sent, {r.received} received; rerun queued {r.rerun_queued}, sent {r.rerun_sent} (must be 0)")
    out(f"verdict   {'PASS' if r.ok else 'FAIL'}; {r.seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    result = run_check(keep_db=args.keep_db)
    return 0 if result is None or result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
