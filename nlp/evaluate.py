"""Score the tagger against a labelled JSONL file (see nlp/README.md for the gold format).

Article level: relevance and CAATSA as yes/no per article. Field level: the sets of
sanction (regime, status), deal systems, deal (system, status) and trade figures (amount_usd
within 2%) per article, micro-averaged over all articles.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

TOLERANCE = 0.02


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _sets(gold: dict) -> dict[str, set]:
    return {
        "sanctions": {(s["regime"], s["status"]) for s in gold.get("sanctions", [])},
        "sanction_regimes": {s["regime"] for s in gold.get("sanctions", [])},
        "deal_systems": {d["system"] for d in gold.get("deals", [])},
        "deals": {(d["system"], d["status"]) for d in gold.get("deals", [])},
    }


def _predicted(result: dict) -> tuple[dict[str, set], list[float]]:
    events = result["events"]
    sets = {
        "sanctions": {(e["regime"], e["status"]) for e in events if e["type"] == "sanction"},
        "sanction_regimes": {e["regime"] for e in events if e["type"] == "sanction"},
        "deal_systems": {e["system"] for e in events if e["type"] == "deal"},
        "deals": {(e["system"], e["status"]) for e in events if e["type"] == "deal"},
    }
    figures = sorted({(e["amount_usd"], e.get("is_target"), e.get("year"))
                      for e in events if e["type"] == "trade_figure" and e.get("amount_usd")})
    return sets, figures


def _match_figures(predicted: list[tuple], gold: list[tuple]) -> tuple[int, int, int, list[tuple]]:
    """Greedy match on amount_usd within TOLERANCE; returns tp, fp, fn and the matched (pred, gold) pairs."""
    remaining = list(gold)
    pairs = []
    for item in predicted:
        hit = next((g for g in remaining if abs(item[0] - g[0]) <= TOLERANCE * abs(g[0])), None)
        if hit is not None:
            remaining.remove(hit)
            pairs.append((item, hit))
    tp = len(pairs)
    return tp, len(predicted) - tp, len(remaining), pairs


def evaluate(records: list[dict], results: list[dict]) -> dict:
    counts: dict[str, Counter] = {k: Counter() for k in
                                  ("relevance", "caatsa", "sanctions", "sanction_regimes", "deal_systems", "deals",
                                   "trade_figures")}
    errors = []
    agree: Counter = Counter()
    for record, result in zip(records, results, strict=True):
        gold = record["gold"]
        for field, predicted_flag, gold_flag in (
            ("relevance", result["relevant"], gold["relevant"]),
            ("caatsa", result["caatsa"], gold.get("caatsa", False)),
        ):
            c = counts[field]
            c["tp"] += predicted_flag and gold_flag
            c["fp"] += predicted_flag and not gold_flag
            c["fn"] += gold_flag and not predicted_flag
        gold_sets = _sets(gold)
        pred_sets, figures = _predicted(result)
        for field in gold_sets:
            c = counts[field]
            c["tp"] += len(pred_sets[field] & gold_sets[field])
            c["fp"] += len(pred_sets[field] - gold_sets[field])
            c["fn"] += len(gold_sets[field] - pred_sets[field])
        gold_figures = [(t["amount_usd"], t.get("is_target"), t.get("year"))
                        for t in gold.get("trade_figures", []) if t.get("amount_usd")]
        tp, fp, fn, pairs = _match_figures(figures, gold_figures)
        counts["trade_figures"].update(tp=tp, fp=fp, fn=fn)
        for predicted, expected in pairs:
            agree["trade_is_target"] += predicted[1] == expected[1]
            agree["trade_year"] += predicted[2] == expected[2]
            agree["matched"] += 1
        wrong = {f: (sorted(map(str, pred_sets[f] - gold_sets[f])), sorted(map(str, gold_sets[f] - pred_sets[f])))
                 for f in gold_sets if pred_sets[f] != gold_sets[f]}
        if result["relevant"] != gold["relevant"]:
            wrong["relevance"] = (result.get("relevance"), gold["relevant"])
        if fp or fn:
            wrong["trade_figures"] = (figures, gold_figures)
        if wrong:
            errors.append({"id": record.get("id"), **wrong})
    accuracy = {k: round(agree[k] / agree["matched"], 3) if agree["matched"] else None
                for k in ("trade_is_target", "trade_year")}
    return {"articles": len(records), "fields": {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in counts.items()},
            "accuracy_on_matched_figures": accuracy, "errors": errors}


_INDIA = re.compile(r"\b(?:India|Indian|New Delhi)\b")
_RUSSIA = re.compile(r"\b(?:Russia|Russian|Moscow)\b")


def keyword_results(records: list[dict]) -> list[dict]:
    """The plain keyword rule analysts use today: both countries named -> relevant; "CAATSA" -> CAATSA."""
    out = []
    for record in records:
        text = f"{record.get('title') or ''} {record.get('text') or ''}"
        out.append({"id": record.get("id"), "relevant": bool(_INDIA.search(text) and _RUSSIA.search(text)),
                    "caatsa": "CAATSA" in text, "events": []})
    return out


def evaluate_file(path: str | Path, baseline: bool = False) -> dict:
    from nlp.tagger import ArticleTagger

    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if baseline:
        report = evaluate(records, keyword_results(records))
        report["pipeline_version"] = "keyword baseline"
        return report
    tagger = ArticleTagger()
    results = tagger.tag_many(records)
    report = evaluate(records, results)
    report["pipeline_version"] = tagger.version
    return report


def format_report(report: dict) -> str:
    lines = [f"{report['articles']} articles, pipeline {report.get('pipeline_version', '?')}",
             f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for field, m in report["fields"].items():
        lines.append(f"{field:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                     f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}")
    for field, value in report.get("accuracy_on_matched_figures", {}).items():
        lines.append(f"{field:<18} accuracy on matched figures: {value}")
    return "\n".join(lines)
