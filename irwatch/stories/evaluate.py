"""Measure story identity on the labelled real pairs.

    .venv/bin/python -m irwatch.stories.evaluate [--errors N] [--sweep] [--all-labels]

Pages are read at run time from ../shared/stories-pool/pages.jsonl (IRWATCH_STORIES_POOL overrides);
the project keeps only ids and labels (`pairs.jsonl`). Pairs listed in `pairs-quarantine.jsonl` are
left out of the scores (their labels are kept, untouched; see README.md for why); `--all-labels`
scores every pair as delivered.

Pair view: `same_story` on every labelled pair. Precision is the share of pairs judged the same that
are not labelled `different`; recall is per copy kind; `same-event` pairs are reported, not scored.
Cluster view: every page signed, candidates from shared LSH band keys, `same_story` on each
candidate, union-find over the matches; then each labelled pair is judged by "same cluster?", which
also shows different events chained together through a third page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

from irwatch.stories import signature as sg

HERE = Path(__file__).resolve().parent
PAIRS_FILE = HERE / "pairs.jsonl"
SECOND_FILE = HERE / "pairs-second.jsonl"
QUARANTINE_FILE = HERE / "pairs-quarantine.jsonl"
LABELS = ("copy", "same-event", "different")
COPY_KINDS = ("verbatim", "light-edit", "rewrite")
TARGET_PRECISION = 0.97
TARGET_RECALL = 0.95  # verbatim and light-edit copies


class PoolMissing(RuntimeError):
    """../shared/stories-pool is not on this machine."""


def pool_path() -> Path:
    env = os.environ.get("IRWATCH_STORIES_POOL")
    if env:
        return Path(env)
    return HERE.parents[2] / "shared" / "stories-pool" / "pages.jsonl"


def load_pages(path: Path | None = None) -> dict[str, dict]:
    path = path or pool_path()
    if not path.exists():
        raise PoolMissing(f"story pool not found at {path}: real-pair evaluation skipped")
    pages = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                page = json.loads(line)
                pages[page["id"]] = page
    return pages


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pair_key(row: dict) -> tuple[str, str]:
    return tuple(sorted((row["a"], row["b"])))


def load_pairs(all_labels: bool = False) -> tuple[list[dict], list[dict]]:
    """(scored pairs, quarantined pairs)."""
    pairs = load_jsonl(PAIRS_FILE)
    held = set() if all_labels else {pair_key(r) for r in load_jsonl(QUARANTINE_FILE)}
    return [p for p in pairs if pair_key(p) not in held], [p for p in pairs if pair_key(p) in held]


def sign_pages(pages: dict[str, dict]) -> dict[str, sg.Signature]:
    return {
        pid: sg.sign(p.get("title"), p.get("text"), p.get("published"), p.get("outlet"))
        for pid, p in pages.items()
    }


# --------------------------------------------------------------------------- scoring


def _ratio(n: int, d: int) -> float | None:
    return round(n / d, 3) if d else None


def score_pairs(pairs: list[dict], same: dict[tuple[str, str], bool]) -> dict:
    """Precision over pairs judged the same, recall per copy kind, what happens to same-event pairs."""
    judged_same = [p for p in pairs if same[pair_key(p)]]
    wrong = [p for p in judged_same if p["label"] == "different"]
    out = {
        "pairs": len(pairs),
        "judged_same": len(judged_same),
        "precision": _ratio(len(judged_same) - len(wrong), len(judged_same)),
        "different_merged": dict(Counter(p["kind"] for p in wrong)),
        "different_total": dict(Counter(p["kind"] for p in pairs if p["label"] == "different")),
        "recall": {},
        "same_event_merged": _ratio(
            sum(same[pair_key(p)] for p in pairs if p["label"] == "same-event"),
            sum(p["label"] == "same-event" for p in pairs),
        ),
    }
    for kind in COPY_KINDS:
        copies = [p for p in pairs if p["label"] == "copy" and p["kind"] == kind]
        out["recall"][kind] = _ratio(sum(same[pair_key(p)] for p in copies), len(copies))
    copies = [p for p in pairs if p["label"] == "copy"]
    out["recall"]["all"] = _ratio(sum(same[pair_key(p)] for p in copies), len(copies))
    exact = [p for p in copies if p["kind"] in ("verbatim", "light-edit")]
    out["recall"]["verbatim+light-edit"] = _ratio(sum(same[pair_key(p)] for p in exact), len(exact))
    return out


def meets_targets(scores: dict) -> bool:
    r = scores["recall"]
    return (
        (scores["precision"] is None or scores["precision"] >= TARGET_PRECISION)
        and (r["verbatim"] is None or r["verbatim"] >= TARGET_RECALL)
        and (r["light-edit"] is None or r["light-edit"] >= TARGET_RECALL)
    )


# --------------------------------------------------------------------------- clustering


def candidates(sigs: dict[str, sg.Signature]) -> set[tuple[str, str]]:
    """Pairs sharing at least one band key: what a (band key -> article) index returns."""
    index: dict[int, list[str]] = defaultdict(list)
    for pid, sig in sigs.items():
        for key in set(sg.band_keys(sig)):
            index[key].append(pid)
    out = set()
    for ids in index.values():
        out.update(tuple(sorted(p)) for p in combinations(sorted(set(ids)), 2))
    return out


class UnionFind:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Clustering:
    candidates: int
    matches: int
    clusters: dict[str, str]  # page id -> cluster id

    def sizes(self) -> Counter:
        return Counter(Counter(self.clusters.values()).values())


def cluster(sigs: dict[str, sg.Signature], common: frozenset[int], thresholds: sg.Thresholds) -> Clustering:
    cand = candidates(sigs)
    uf = UnionFind(sigs)
    matches = 0
    for a, b in sorted(cand):
        if sg.same_story(sigs[a], sigs[b], common, thresholds).same:
            uf.union(a, b)
            matches += 1
    return Clustering(len(cand), matches, {pid: uf.find(pid) for pid in sigs})


# --------------------------------------------------------------------------- agreement


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters over any set of categories.

    >>> cohen_kappa([("copy", "copy"), ("different", "different"), ("copy", "same-event"), ("different", "different")])
    0.6
    """
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1:
        return 1.0
    return round((observed - expected) / (1 - expected), 3)


def agreement(first: list[dict], second: list[dict]) -> dict:
    from nlp.agreement import kappa as binary_kappa

    by_key = {pair_key(r): r for r in first}
    both = [(by_key[pair_key(s)], s) for s in second if pair_key(s) in by_key]
    labels = [(f["label"], s["label"]) for f, s in both]
    return {
        "n": len(both),
        "agree": sum(a == b for a, b in labels),
        "kappa": cohen_kappa(labels),
        # the decision that matters for alerts: must these two share a story?
        "kappa_copy_vs_rest": binary_kappa([(a == "copy", b == "copy") for a, b in labels]),
        "kappa_different_vs_rest": binary_kappa([(a == "different", b == "different") for a, b in labels]),
        "confusion": dict(Counter(f"{a}/{b}" for a, b in labels)),
        "disagreements": [
            {
                "a": f["a"],
                "b": f["b"],
                "first": f"{f['label']}/{f['kind']}",
                "second": f"{s['label']}/{s['kind']}",
            }
            for f, s in both
            if f["label"] != s["label"]
        ],
    }


# --------------------------------------------------------------------------- run


def evaluate(
    pages: dict[str, dict] | None = None,
    thresholds: sg.Thresholds = sg.THRESHOLDS,
    all_labels: bool = False,
    progress=None,
) -> dict:
    say = progress or (lambda msg: None)
    pages = pages if pages is not None else load_pages()
    pairs, held = load_pairs(all_labels)
    missing = sorted({i for p in pairs for i in (p["a"], p["b"]) if i not in pages})
    if missing:
        raise KeyError(f"pair ids not in the pool: {missing[:5]}")
    t0 = time.perf_counter()
    sigs = sign_pages(pages)
    say(f"signed {len(sigs)} pages in {time.perf_counter() - t0:.1f}s")
    common = sg.common_sentences(sigs.values())
    say(f"{len(common)} sentences shared by {sg.COMMON_MIN_STORIES}+ unrelated pages treated as boilerplate")
    decisions = {pair_key(p): sg.same_story(sigs[p["a"]], sigs[p["b"]], common, thresholds) for p in pairs}
    say(f"judged {len(decisions)} labelled pairs ({len(held)} quarantined pairs left out)")
    pair_scores = score_pairs(pairs, {k: d.same for k, d in decisions.items()})

    t1 = time.perf_counter()
    clusters = cluster(sigs, common, thresholds)
    say(
        f"clustered: {clusters.candidates} LSH candidate pairs, {clusters.matches} matches, "
        f"{time.perf_counter() - t1:.1f}s"
    )
    same_cluster = {pair_key(p): clusters.clusters[p["a"]] == clusters.clusters[p["b"]] for p in pairs}
    cluster_scores = score_pairs(pairs, same_cluster)
    cand = candidates(sigs)
    copies = [p for p in pairs if p["label"] == "copy"]
    chained = [
        p
        for p in pairs
        if p["label"] == "different" and same_cluster[pair_key(p)] and not decisions[pair_key(p)].same
    ]
    # the second annotator also read pairs whose first label is quarantined: an independent check
    scored_keys = {pair_key(p) for p in pairs}
    second_only = [
        s
        for s in load_jsonl(SECOND_FILE)
        if pair_key(s) not in scored_keys and s["a"] in sigs and s["b"] in sigs
    ]
    second_scores = score_pairs(
        second_only,
        {
            pair_key(s): sg.same_story(sigs[s["a"]], sigs[s["b"]], common, thresholds).same
            for s in second_only
        },
    )
    return {
        "pairs": pairs,
        "decisions": decisions,
        "second_only_scores": second_scores,
        "pair_scores": pair_scores,
        "cluster_scores": cluster_scores,
        "clusters": clusters,
        "candidate_recall": {
            kind: _ratio(
                sum(pair_key(p) in cand for p in copies if p["kind"] == kind),
                sum(p["kind"] == kind for p in copies),
            )
            for kind in COPY_KINDS
        },
        "chained_different": chained,
        "by_label": Counter((p["label"], p["kind"]) for p in pairs),
        "quarantined": len(held),
        "agreement": agreement(load_jsonl(PAIRS_FILE), load_jsonl(SECOND_FILE)),
        "agreement_scored": agreement(pairs, load_jsonl(SECOND_FILE)),
    }


def sweep(pages: dict[str, dict]) -> list[tuple[float, float, dict]]:
    rows = []
    pairs, _ = load_pairs()
    sigs = sign_pages(pages)
    common = sg.common_sentences(sigs.values())
    for c in (0.3, 0.4, 0.5, 0.6):
        for r in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 1.01):
            t = replace(sg.THRESHOLDS, copy_containment=c, rewrite_coverage=r)
            same = {pair_key(p): sg.same_story(sigs[p["a"]], sigs[p["b"]], common, t).same for p in pairs}
            rows.append((c, r, score_pairs(pairs, same)))
    return rows


def _fmt(scores: dict) -> str:
    r = scores["recall"]
    return (
        f"precision {scores['precision']} ({scores['judged_same']} judged same, "
        f"{sum(scores['different_merged'].values())} different merged {scores['different_merged'] or ''}); "
        f"recall verbatim {r['verbatim']}, light-edit {r['light-edit']}, rewrite {r['rewrite']}, all {r['all']}; "
        f"same-event merged {scores['same_event_merged']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m irwatch.stories.evaluate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--errors", type=int, default=0, help="list up to N wrong pair decisions")
    ap.add_argument("--sweep", action="store_true", help="precision/recall over a grid of the two thresholds")
    ap.add_argument("--all-labels", action="store_true", help="also score the quarantined pairs")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:5.1f}s] {msg}", flush=True)

    try:
        pages = load_pages()
    except PoolMissing as exc:
        print(exc)
        return 0
    say(f"{len(pages)} pages from {pool_path()}")
    if args.sweep:
        for c, r, s in sweep(pages):
            print(f"containment>={c:.2f} coverage>={r:.2f}: {_fmt(s)}")
        return 0
    res = evaluate(pages, all_labels=args.all_labels, progress=say)

    print("\npairs by label/kind:")
    for (label, kind), n in sorted(res["by_label"].items()):
        print(f"  {label:<10} {kind:<24} {n}")
    print(f"  (quarantined, not scored: {res['quarantined']})")
    ps, cs = res["pair_scores"], res["cluster_scores"]
    print("\npair view (same_story on each labelled pair):")
    print("  " + _fmt(ps))
    print(f"  different pairs by kind: {ps['different_total']}")
    same_event = [p for p in res["pairs"] if p["label"] == "same-event"]
    reasons = Counter(res["decisions"][pair_key(p)].reason.split(" (")[0] for p in same_event)
    print(f"  same-event pairs ({len(same_event)}, not scored): {dict(reasons)}")
    diff = [p for p in res["pairs"] if p["label"] == "different"]
    stopped = Counter(res["decisions"][pair_key(p)].reason.split(":")[0].split(" (")[0] for p in diff)
    print(f"  different pairs, why kept apart: {dict(stopped)}")
    so = res["second_only_scores"]
    print(
        f"\nheld-out view (second annotator's labels on {so['pairs']} pairs whose first label is quarantined):"
    )
    print("  " + _fmt(so))
    cl = res["clusters"]
    print("\ncluster view (LSH candidates + same_story, union-find over all pages):")
    print(
        f"  {cl.candidates} candidate pairs, {cl.matches} matches, cluster sizes {dict(sorted(cl.sizes().items()))}"
    )
    print(f"  LSH candidate recall of labelled copies: {res['candidate_recall']}")
    print("  " + _fmt(cs))
    print(f"  different pairs chained into one cluster through other pages: {len(res['chained_different'])}")
    for p in res["chained_different"]:
        print(f"    {p['a']} {p['b']} {p['kind']}")

    for name in ("agreement", "agreement_scored"):
        ag = res[name]
        label = "all first labels" if name == "agreement" else "first labels not quarantined"
        print(
            f"\nagreement, second annotator vs {label}: {ag['agree']}/{ag['n']} agree, kappa {ag['kappa']} "
            f"(copy vs rest {ag['kappa_copy_vs_rest']}, different vs rest {ag['kappa_different_vs_rest']})"
        )
        print(f"  first/second: {ag['confusion']}")
        if name == "agreement_scored":
            for d in ag["disagreements"]:
                print(f"  disagree {d['a']} {d['b']}: first {d['first']}, second {d['second']}")

    if args.errors:
        wrong = [
            p
            for p in res["pairs"]
            if p["label"] != "same-event" and res["decisions"][pair_key(p)].same != (p["label"] == "copy")
        ]
        print(f"\nerrors ({len(wrong)}; first {args.errors}):")
        for p in wrong[: args.errors]:
            d = res["decisions"][pair_key(p)]
            print(
                f"  {p['a']} {p['b']} {p['label']}/{p['kind']}: judged {'same' if d.same else 'different'} "
                f"({d.reason}; jaccard {d.jaccard:.2f})"
            )

    ok = meets_targets(ps)
    print(
        f"\nsummary: pair precision {ps['precision']}, recall verbatim {ps['recall']['verbatim']} "
        f"light-edit {ps['recall']['light-edit']} rewrite {ps['recall']['rewrite']}; cluster precision "
        f"{cs['precision']}; kappa {res['agreement_scored']['kappa']} on {res['agreement_scored']['n']} pairs; "
        f"targets {'met' if ok else 'NOT met'}; {time.perf_counter() - t0:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
