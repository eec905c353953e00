"""The labelled corpus of real published text: labels live in nlp/corpus/, the texts stay in ../shared/.

A label line names its pool item by id and carries the URL, outlet, date, a sha256 of the text and
the evidence as character offsets, never the words themselves. `records()` joins labels with the
pool's texts into the gold format `nlp.evaluate` reads, and refuses an item whose text changed.

Built from annotation files (which hold quotes and live outside the project) by
`python -m nlp corpus build ANNOTATION.jsonl...`; splits are by story and locked once written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from nlp.fx import to_usd

CORPUS_DIR = Path(__file__).parent / "corpus"
SPLITS = ("train", "dev", "test")
# shares of stories per split; test is locked once written
SPLIT_SHARES = (("train", 0.6), ("dev", 0.2), ("test", 0.2))
# two items whose 8-word shingles overlap this much (against the shorter) are copies of one story
COPY_CONTAINMENT = 0.3


class PoolMissing(RuntimeError):
    """../shared/corpus-pool is not on this machine."""


def pool_path() -> Path:
    env = os.environ.get("IRWATCH_CORPUS_POOL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-pool" / "pool.jsonl"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_pool(path: Path | None = None) -> dict[str, dict]:
    path = path or pool_path()
    if not path.exists():
        raise PoolMissing(f"skipped: the real-text pool {path} is absent (it lives in ../shared/, outside the project)")
    return {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def read_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def records(path: Path, pool: dict[str, dict] | None = None) -> list[dict]:
    """Label lines joined with their pool texts, in the gold format of nlp/README.md."""
    pool = pool if pool is not None else load_pool()
    out = []
    for label in read_labels(Path(path)):
        item = pool.get(label["id"])
        if item is None:
            raise ValueError(f"{path}: {label['id']} is not in the pool")
        if sha256(item["text"]) != label["sha256"]:
            raise ValueError(f"{path}: the pool's text of {label['id']} changed since it was labelled")
        out.append({"id": label["id"], "title": item.get("title"), "text": item["text"], "url": item["url"],
                    "published_at": item.get("published"), "lang": label.get("lang", item.get("lang")),
                    "kind": item.get("kind"), "hard": label.get("hard"), "outlet": item.get("outlet"),
                    "gold": label["gold"]})
    return out


# ---- building labels from annotation files -------------------------------------------------------

def _offsets(text: str, quote: str | None) -> list[int] | None:
    if not quote:
        return None
    at = text.find(quote)
    if at < 0:
        # annotators sometimes normalise quotes and dashes; find the words with flexible punctuation
        words = [re.escape(w) for w in re.findall(r"\w+", quote)]
        if not words:
            return None
        match = re.search(r"\W+".join(words), text)
        if not match:
            return None
        return [match.start(), match.end()]
    return [at, at + len(quote)]


def _published(item: dict) -> date | None:
    try:
        return date.fromisoformat(item["published"]) if item.get("published") else None
    except ValueError:
        return None


def gold_from_annotation(ann: dict, item: dict) -> tuple[dict, list[str]]:
    """(gold labels with evidence offsets, problems found). Quotes are dropped, offsets kept."""
    text = item["text"]
    problems = []
    relevant = bool(ann.get("relevant"))

    def evidence(entry: dict, what: str) -> list[int] | None:
        found = _offsets(text, entry.get("quote"))
        if entry.get("quote") and found is None:
            problems.append(f"{ann['id']}: {what}: quote not found in the text")
        return found

    gold = {"relevant": relevant, "caatsa": bool(ann.get("caatsa")) and relevant,
            "sanctions": [], "deals": [], "trade_figures": []}
    if not relevant:
        return gold, problems
    for s in ann.get("sanctions") or []:
        gold["sanctions"].append({"regime": s["regime"], "status": s["status"], "caatsa": s["regime"] == "CAATSA",
                                  "imposer": s.get("imposer"), "target": s.get("target"),
                                  "evidence": evidence(s, "sanction")})
    for d in ann.get("deals") or []:
        gold["deals"].append({"system": d["system"], "status": d["status"], "evidence": evidence(d, "deal")})
    for t in ann.get("trade_figures") or []:
        amount = float(t["amount"])
        currency = (t.get("currency") or "USD").upper()
        year = t.get("year")
        on = date(int(year), 6, 30) if year and not t.get("is_target") else _published(item)
        conversion = to_usd(amount, currency, on)
        if conversion is None:
            problems.append(f"{ann['id']}: trade figure in {currency} has no rate")
        gold["trade_figures"].append({"amount": amount, "currency": currency,
                                      "amount_usd": round(conversion.usd, 2) if conversion else None,
                                      "metric": t.get("metric"), "year": year, "is_target": bool(t.get("is_target")),
                                      "evidence": evidence(t, "trade figure")})
    if gold["caatsa"] and not any(s["regime"] == "CAATSA" for s in gold["sanctions"]):
        problems.append(f"{ann['id']}: caatsa true without a CAATSA sanction event")
    return gold, problems


def _shingles(text: str, size: int = 8) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i:i + size])) for i in range(max(0, len(words) - size + 1))}


def story_groups(items: dict[str, dict], keys: dict[str, str]) -> dict[str, str]:
    """Item id -> group id: copies (shingle containment) and equal story keys share a group."""
    parent = {i: i for i in items}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_key = defaultdict(list)
    for item_id, key in keys.items():
        if key:
            by_key[key.strip().lower()].append(item_id)
    for members in by_key.values():
        for other in members[1:]:
            union(members[0], other)
    sh = {i: _shingles(items[i]["text"]) for i in items}
    ids = sorted(items)
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            small = min(len(sh[a]), len(sh[b]))
            if small and len(sh[a] & sh[b]) / small >= COPY_CONTAINMENT:
                union(a, b)
    return {i: find(i) for i in items}


def _split_for(group: str) -> str:
    """A stable split for a new story from its group id's hash."""
    bucket = int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    acc = 0.0
    for name, share in SPLIT_SHARES:
        acc += share
        if bucket <= acc:
            return name
    return "train"


def existing_splits(directory: Path = CORPUS_DIR) -> dict[str, str]:
    found = {}
    for name in SPLITS:
        path = directory / f"{name}.jsonl"
        if path.exists():
            for label in read_labels(path):
                found[label["id"]] = name
    return found


def build(annotation_files: Iterable[Path], directory: Path = CORPUS_DIR, pool: dict | None = None) -> dict:
    """Write nlp/corpus/{train,dev,test}.jsonl from annotation files; ids already split keep their split."""
    pool = pool if pool is not None else load_pool()
    annotations = {}
    for path in annotation_files:
        for ann in read_labels(Path(path)):
            annotations[ann["id"]] = ann
    items = {i: pool[i] for i in annotations if i in pool}
    groups = story_groups(items, {i: annotations[i].get("story") or "" for i in items})
    locked = existing_splits(directory)
    # a story with any member already split goes where that member is (test wins, so test stays whole)
    group_split: dict[str, str] = {}
    for item_id, group in groups.items():
        if item_id in locked:
            current = group_split.get(group)
            if current != "test":
                group_split[group] = locked[item_id]
    lines = {name: [] for name in SPLITS}
    problems = []
    for item_id in sorted(items):
        item, ann = items[item_id], annotations[item_id]
        gold, found = gold_from_annotation(ann, item)
        problems += found
        group = groups[item_id]
        split = group_split.setdefault(group, _split_for(group))
        lines[split].append({
            "id": item_id, "url": item["url"], "outlet": item.get("outlet"), "published": item.get("published"),
            "lang": item.get("lang"), "sha256": sha256(item["text"]), "story": group, "hard": ann.get("hard"),
            "gold": gold,
        })
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in lines.items():
        with open(directory / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return {"counts": {k: len(v) for k, v in lines.items()}, "problems": problems,
            "stories": len(set(groups.values()))}
