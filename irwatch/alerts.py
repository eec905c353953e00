"""Alert stage: turn newly tagged mentions into rows of the `alerts` outbox, one email per story.

Rules are data (irwatch/alert_rules.yaml, mirrored into `alert_rules`, editable by SQL). For each enabled rule
the stage judges every current-version mention of the rule's event type, in relevant clustered articles,
that the rule has not judged before, and records what it decided in `alert_mentions`:

  * a story (irwatch/cluster.py: an article and its syndicated copies) that no alert of the rule covers yet
    gets one 'new' alert, for its most significant matching mention (imposed > waived > lifted > threatened
    > discussed); the email lists every outlet carrying the story when it is sent;
  * a later mention in an alerted story is a copy ('copy', no email) unless it brings a development the
    story's emails have not reported (discussed -> imposed, a waiver granted): then an 'update' alert in the
    story's thread (In-Reply-To the first email);
  * a story first published more than the rule's max_age_days before `now` is old news reached by a
    backfill: judged 'old', no email, unless `alert_old`;
  * digest rules collect their stories and queue one email a day at the rule's hour.

Distinct stories are never merged here: whether two articles are one story is the cluster stage's call,
made on the articles' text, not on their status, target or a shared stock sentence. One transaction,
under the rule's advisory lock; rerunning judges nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg

from irwatch import alert_rules
from irwatch.store import outbox
from irwatch.store import rules as rule_store
from irwatch.textsafe import header_safe

log = logging.getLogger(__name__)

RULE_CAATSA = "caatsa"
STATUS_PRIORITY = ["imposed", "waived", "lifted", "threatened", "discussed", "unknown"]
# a story's later articles mail again only for these, and only for a status its emails have not reported
DEVELOPMENTS = {"imposed", "waived", "lifted", "threatened"}


@dataclass
class AlertSummary:
    candidates: int = 0   # mentions judged
    queued: int = 0       # new-story alerts
    updates: int = 0      # update alerts in a story's thread
    duplicates: int = 0   # articles that are copies of an alerted story: no email
    old: int = 0          # backfilled stories not alerted (see --alert-old)
    digests: int = 0
    by_rule: Counter = field(default_factory=Counter)


def message_id_for(rule: str, key: str) -> str:
    # deterministic so a resend after a crash carries the same Message-ID and the receiver can drop it
    return f"<irwatch.{rule}.{hashlib.sha256(key.encode()).hexdigest()[:24]}@irwatch.invalid>"


def significance(status: str | None) -> int:
    """Lower is more significant.

    >>> significance("imposed") < significance("discussed") < significance(None)
    True
    """
    return STATUS_PRIORITY.index(status) if status in STATUS_PRIORITY else len(STATUS_PRIORITY)


def pick_mention(mentions: list[dict]) -> dict:
    """The most significant mention, earliest first among equals."""
    return min(mentions, key=lambda m: (significance(m["status"]), m["seen_at"], m["mention_id"]))


def new_developments(mentions: list[dict], reported: set[str]) -> list[dict]:
    """One mention per development a story's emails have not reported yet, most significant first (pure)."""
    fresh: dict[str, dict] = {}
    for mention in sorted(mentions, key=lambda m: (significance(m["status"]), m["seen_at"], m["mention_id"])):
        if mention["status"] in DEVELOPMENTS and mention["status"] not in reported:
            fresh.setdefault(mention["status"], mention)
    return list(fresh.values())


def _alert_row(rule: dict, mention: dict, recipients, *, kind: str, key: str, thread: str | None) -> dict:
    return {
        "rule": rule["rule"], "dedup_key": key, "mention_id": mention["mention_id"],
        "article_id": mention["article_id"], "headline": header_safe(mention["headline"], 300),
        "sentence": mention["sentence"], "url": mention["url"], "recipients": list(recipients),
        "message_id": message_id_for(rule["rule"], key), "story_id": mention["story_id"], "kind": kind,
        "development": mention["status"], "thread_message_id": thread,
    }


def _queue_immediate(conn, rule: dict, mentions: list[dict], recipients, now: datetime, alert_old: bool,
                     summary: AlertSummary) -> None:
    by_story: dict[int, list[dict]] = defaultdict(list)
    for mention in mentions:
        by_story[mention["story_id"]].append(mention)
    max_age = timedelta(days=rule["max_age_days"])
    for story_id, story_mentions in by_story.items():
        earlier = outbox.story_alerts(conn, rule["rule"], story_id)
        outcomes: list[tuple[int, int | None, str]] = []
        if not earlier:
            first_seen = min(m["first_published_at"] for m in story_mentions)
            if not alert_old and first_seen < now - max_age:
                outcomes = [(m["mention_id"], None, "old") for m in story_mentions]
                summary.old += 1
            else:
                chosen = pick_mention(story_mentions)
                key = f"story:{story_id}"
                alert_id = outbox.insert_alert(conn, **_alert_row(rule, chosen, recipients, kind="new", key=key,
                                                                  thread=None))
                summary.queued += 1
                summary.by_rule[rule["rule"]] += 1
                summary.duplicates += len({m["article_id"] for m in story_mentions} - {chosen["article_id"]})
                outcomes = [(m["mention_id"], alert_id, "alerted" if m is chosen else "covered")
                            for m in story_mentions]
        else:
            reported = {development for _, development, _ in earlier}
            root = earlier[0][2]
            updates = {}
            for mention in new_developments(story_mentions, reported):
                if not alert_old and mention["seen_at"] < now - max_age:
                    continue
                key = f"story:{story_id}:{mention['status']}"
                updates[mention["mention_id"]] = outbox.insert_alert(
                    conn, **_alert_row(rule, mention, recipients, kind="update", key=key, thread=root))
                summary.updates += 1
                summary.by_rule[rule["rule"]] += 1
            summary.duplicates += len({m["article_id"] for m in story_mentions if m["mention_id"] not in updates})
            outcomes = [(m["mention_id"], updates.get(m["mention_id"]), "update" if m["mention_id"] in updates
                         else "copy") for m in story_mentions]
        outbox.judge(conn, rule["rule"], outcomes)


def _queue_digest(conn, rule: dict, mentions: list[dict], recipients, now: datetime,
                  summary: AlertSummary) -> None:
    local = now.astimezone(ZoneInfo(rule["digest_tz"]))
    if local.hour < rule["digest_hour"] or not mentions:
        return  # before the hour, mentions wait unjudged for today's digest
    key = f"digest:{local.date().isoformat()}"
    if outbox.has_alert(conn, rule["rule"], key):
        return  # today's digest went out; what arrived since waits for tomorrow's
    by_story: dict[int, list[dict]] = defaultdict(list)
    for mention in mentions:
        by_story[mention["story_id"]].append(mention)
    chosen = [pick_mention(ms) for ms in by_story.values()]
    chosen.sort(key=lambda m: (significance(m["status"]), m["seen_at"]))
    first = chosen[0]
    alert_id = outbox.insert_alert(
        conn, rule=rule["rule"], dedup_key=key, mention_id=first["mention_id"], article_id=first["article_id"],
        headline=header_safe(f"{len(chosen)} {'story' if len(chosen) == 1 else 'stories'} on "
                             f"{local.date().isoformat()}", 300),
        sentence=first["sentence"], url=first["url"], recipients=list(recipients),
        message_id=message_id_for(rule["rule"], key), kind="digest", story_id=None, development=None,
        payload={"date": local.date().isoformat(),
                 "stories": [{"story_id": m["story_id"], "mention_id": m["mention_id"]} for m in chosen]},
    )
    summary.digests += 1
    summary.by_rule[rule["rule"]] += 1
    outbox.judge(conn, rule["rule"], [(m["mention_id"], alert_id, "digest") for m in mentions])


def queue_alerts(conn: psycopg.Connection, recipients: list[str] | tuple[str, ...], *, now: datetime | None = None,
                 alert_old: bool = False, rules: list[dict] | None = None) -> AlertSummary:
    """Queue alerts for every enabled rule; one transaction, safe to rerun.

    `recipients` are used by rules whose recipients are 'env' (IRWATCH_ALERT_TO); `now` decides what is old
    news and whether a digest is due (the caller's clock: the run's, or the DAG's logical date).
    """
    summary = AlertSummary()
    now = now or datetime.now().astimezone()
    rule_store.sync(conn, alert_rules.load_rules() if rules is None else rules)
    with conn.transaction():
        for rule in rule_store.enabled(conn):
            to = rule["recipients"] or list(recipients)
            if not to:
                raise ValueError(f"alert rule {rule['rule']!r} has no recipients (set IRWATCH_ALERT_TO)")
            # serialises concurrent alert stages so two runs cannot both judge a story new
            outbox.lock_rule(conn, rule["rule"])
            judged = outbox.rule_candidates(conn, rule["rule"], rule["event_type"])
            summary.candidates += len(judged)
            matched, filtered = [], []
            for mention in judged:
                (matched if alert_rules.matches(rule, mention) else filtered).append(mention)
            outbox.judge(conn, rule["rule"], [(m["mention_id"], None, "filtered") for m in filtered])
            if rule["mode"] == "digest":
                _queue_digest(conn, rule, matched, to, now, summary)
            else:
                _queue_immediate(conn, rule, matched, to, now, alert_old, summary)
    log.info("alerts: %d mentions judged, %d stories alerted, %d updates, %d copies, %d old", summary.candidates,
             summary.queued, summary.updates, summary.duplicates, summary.old)
    return summary
