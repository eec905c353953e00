"""Score the tagger against labelled texts (see nlp/README.md for the gold format).

Article level: relevance and CAATSA as yes/no per article. Field level: the sets of sanction
(regime, status), deal systems, deal (system, status) and trade figures (amount_usd within 2%) per
article, micro-averaged. Every figure comes with a 95% bootstrap interval over articles, and the
keyword rule analysts use today is scored on the same articles in the same run.

A gold file is either a self-contained JSONL with `text` (nlp/dev/) or a corpus split of labels by
id (nlp/corpus/*.jsonl) whose texts are read from ../shared/corpus-pool/.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

TOLERANCE = 0.02
FIELDS = ("relevance", "caatsa", "sanctions", "sanction_regimes", "deal_systems", "deals", "trade_figures")
BOOTSTRAP = 1000
SEED = 20261201
# pool items collected as likely hard cases, or labelled hard: the relevance gate's hardest ground
HARD_NEGATIVE_KINDS = {"not-bilateral", "third-country-caatsa", "other-pair"}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _f1(c: Counter) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _sets(gold: dict) -> dict[str, set]:
    return {
        "sanctions": {(s["regime"], s["status"]) for s in gold.get("sanctions", [])},
        "sanction_regimes": {s["regime"] for s in gold.get("sanctions", [])},
        "deal_systems": {d["system"] for d in gold.get("deals", [])},
        "deals": {(d["system"], d["status"]) for d in gold.get("deals", [])},
    }


def _predicted(result: dict) -> tuple[dict[str, set], list[tuple]]:
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


def _is_hard(record: dict) -> bool:
    return record.get("kind") == "hard" or record.get("hard") in HARD_NEGATIVE_KINDS


def score_article(record: dict, result: dict) -> tuple[dict[str, Counter], dict, Counter]:
    """Per-field tp/fp/fn for one article, its errors, and agreement counts on matched figures."""
    gold = record["gold"]
    counts = {k: Counter() for k in FIELDS}
    for name, predicted_flag, gold_flag in (
        ("relevance", bool(result["relevant"]), bool(gold["relevant"])),
        ("caatsa", bool(result["caatsa"]), bool(gold.get("caatsa", False))),
    ):
        counts[name].update(tp=predicted_flag and gold_flag, fp=predicted_flag and not gold_flag,
                            fn=gold_flag and not predicted_flag)
    gold_sets = _sets(gold)
    pred_sets, figures = _predicted(result)
    for name in gold_sets:
        counts[name].update(tp=len(pred_sets[name] & gold_sets[name]), fp=len(pred_sets[name] - gold_sets[name]),
                            fn=len(gold_sets[name] - pred_sets[name]))
    gold_figures = [(t["amount_usd"], t.get("is_target"), t.get("year"))
                    for t in gold.get("trade_figures", []) if t.get("amount_usd")]
    tp, fp, fn, pairs = _match_figures(figures, gold_figures)
    counts["trade_figures"].update(tp=tp, fp=fp, fn=fn)
    agree = Counter()
    for predicted, expected in pairs:
        agree["trade_is_target"] += predicted[1] == expected[1]
        agree["trade_year"] += predicted[2] == expected[2]
        agree["matched"] += 1
    wrong = {f: (sorted(pred_sets[f] - gold_sets[f]), sorted(gold_sets[f] - pred_sets[f]))
             for f in gold_sets if pred_sets[f] != gold_sets[f]}
    if bool(result["relevant"]) != bool(gold["relevant"]):
        wrong["relevance"] = (result.get("relevance"), gold["relevant"])
    if bool(result["caatsa"]) != bool(gold.get("caatsa", False)):
        wrong["caatsa"] = (result["caatsa"], gold.get("caatsa", False))
    if fp or fn:
        wrong["trade_figures"] = (figures, gold_figures)
    return counts, wrong, agree


def error_classes(record: dict, result: dict, wrong: dict) -> list[str]:
    """Name what went wrong in words an engineer can act on."""
    gold = record["gold"]
    classes = []
    hard = record.get("hard") or ("collected-hard" if record.get("kind") == "hard" else None)
    if "relevance" in wrong:
        classes.append(f"relevance false positive ({hard or 'ordinary'})" if result["relevant"]
                       else "relevance false negative")
        return classes  # the fields below follow from the gate
    if "caatsa" in wrong:
        classes.append("CAATSA false alarm" if result["caatsa"] else "CAATSA missed")
    for name, noun in (("sanctions", "sanction"), ("deals", "deal")):
        if name not in wrong:
            continue
        spurious, missed = wrong[name]
        spurious_keys = {s[0] for s in spurious}
        missed_keys = {m[0] for m in missed}
        if spurious_keys & missed_keys:
            classes.append(f"{noun} status wrong")
        if spurious_keys - missed_keys:
            classes.append(f"{noun} spurious ({'regime' if noun == 'sanction' else 'system'})")
        if missed_keys - spurious_keys:
            classes.append(f"{noun} missed ({'regime' if noun == 'sanction' else 'system'})")
    if "trade_figures" in wrong:
        predicted, expected = wrong["trade_figures"]
        tp, fp, fn, _ = _match_figures(predicted, expected)
        if fp:
            classes.append("trade figure spurious (not trade, or not ours)")
        if fn:
            classes.append("trade figure missed")
    if not classes and gold["relevant"] and wrong:
        classes.append("other")
    return classes


def _interval(per_article: list[dict[str, Counter]], name: str, rng: random.Random, n: int) -> tuple[float, float]:
    values = []
    size = len(per_article)
    for _ in range(n):
        total = Counter()
        for _ in range(size):
            total.update(per_article[rng.randrange(size)][name])
        values.append(_f1(total))
    values.sort()
    return round(values[int(0.025 * n)], 3), round(values[min(n - 1, int(0.975 * n))], 3)


def evaluate(records: list[dict], results: list[dict], bootstrap: int = BOOTSTRAP) -> dict:
    per_article, errors = [], []
    totals = {k: Counter() for k in FIELDS}
    agree: Counter = Counter()
    hard = Counter()
    classes: Counter = Counter()
    for record, result in zip(records, results, strict=True):
        counts, wrong, matched = score_article(record, result)
        per_article.append(counts)
        for name, c in counts.items():
            totals[name].update(c)
        agree.update(matched)
        if _is_hard(record):
            hard.update(counts["relevance"])
            hard["negatives"] += not record["gold"]["relevant"]
            hard["rejected"] += not record["gold"]["relevant"] and not result["relevant"]
        if wrong:
            named = error_classes(record, result, wrong)
            classes.update(named)
            errors.append({"id": record.get("id"), "classes": named, **wrong})
    rng = random.Random(SEED)
    fields = {}
    for name, c in totals.items():
        fields[name] = prf(c["tp"], c["fp"], c["fn"])
        if bootstrap and per_article:
            fields[name]["ci95"] = _interval(per_article, name, rng, bootstrap)
    accuracy = {k: round(agree[k] / agree["matched"], 3) if agree["matched"] else None
                for k in ("trade_is_target", "trade_year")}
    hard_report = None
    if hard["negatives"] or hard["tp"] or hard["fp"]:
        hard_report = {**prf(hard["tp"], hard["fp"], hard["fn"]), "negatives": hard["negatives"],
                       "negatives_rejected": hard["rejected"]}
    return {"articles": len(records), "fields": fields, "hard_subset": hard_report,
            "accuracy_on_matched_figures": accuracy, "error_classes": dict(classes.most_common()),
            "errors": errors}


# ---- the keyword rule ---------------------------------------------------------------------------

_INDIA = re.compile(r"\b(?:India|Indian|New Delhi)\b")
_RUSSIA = re.compile(r"\b(?:Russia|Russian|Moscow)\b")
_CAATSA = re.compile(r"\bCAATSA\b|Countering America'?s Adversaries Through Sanctions Act")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
KEYWORD_REGIMES = (
    ("CAATSA", _CAATSA),
    ("oil price cap", re.compile(r"price cap", re.I)),
    ("OFAC SDN", re.compile(r"\bOFAC\b|Treasury|SDN|blacklist", re.I)),
    ("EU sanctions package", re.compile(r"\bEU\b.{0,40}sanction|sanctions package", re.I)),
    ("UK sanctions", re.compile(r"\b(?:UK|Britain|British)\b.{0,40}sanction", re.I)),
    ("secondary tariffs", re.compile(r"tariff", re.I)),
    ("US sanctions", re.compile(r"\b(?:US|U\.S\.|American|Washington)\b.{0,30}sanction", re.I)),
    ("Western sanctions", re.compile(r"Western sanction", re.I)),
)
KEYWORD_SANCTION_STATUS = (
    ("waived", re.compile(r"waive|waiver|exempt", re.I)),
    ("lifted", re.compile(r"\blift|eas(?:e|ed|ing)\b", re.I)),
    ("threatened", re.compile(r"threat|warn|could|may|might|risk", re.I)),
    ("imposed", re.compile(r"impos|sanctioned|designat|slapp", re.I)),
)
KEYWORD_SYSTEMS = (
    ("S-400", r"S-?400"), ("AK-203", r"AK-?203"), ("Su-30MKI", r"Su-?30"), ("MiG-29", r"MiG-?29(?!K)"),
    ("MiG-29K", r"MiG-?29K"), ("Su-57", r"Su-?57"), ("T-90", r"T-?90"), ("T-72", r"T-?72"), ("BrahMos", r"BrahMos"),
    ("Ka-226", r"Ka-?226"), ("Igla-S", r"Igla"), ("Talwar-class frigate", r"frigate|Talwar|Tushil|Tamal"),
    ("Akula-class submarine", r"Akula|Chakra"), ("Kudankulam", r"Kudankulam"),
    ("INS Vikramaditya", r"Vikramaditya"), ("Pantsir", r"Pantsir"), ("Ka-31", r"Ka-?31"),
)
KEYWORD_DEAL_STATUS = (
    ("cancelled", r"cancel|scrap"), ("commissioned", r"commission"), ("delivered", r"deliver|arriv|handed over|induct"),
    ("in_production", r"produc|manufactur"), ("signed", r"sign|contract|deal|order"), ("approved", r"approv|clear"),
    ("negotiating", r"talks|negotiat"),
)
_MONEY = re.compile(r"(?:US\s*)?\$\s?(\d+(?:\.\d+)?)\s*(billion|bn|million|mn)\b", re.I)


def keyword_result(record: dict) -> dict:
    """What a keyword alert gives: both countries named -> relevant; named regimes, systems and dollar
    figures in the same sentence as a status or trade word."""
    text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
    relevant = bool(_INDIA.search(text) and _RUSSIA.search(text))
    events = []
    if relevant:
        for sentence in _SENTENCE.findall(record.get("text") or ""):
            for regime, pattern in KEYWORD_REGIMES:
                if pattern.search(sentence):
                    status = next((s for s, p in KEYWORD_SANCTION_STATUS if p.search(sentence)), "discussed")
                    events.append({"type": "sanction", "regime": regime, "status": status,
                                   "caatsa": regime == "CAATSA"})
            for system, pattern in KEYWORD_SYSTEMS:
                if re.search(pattern, sentence):
                    status = next((s for s, p in KEYWORD_DEAL_STATUS if re.search(p, sentence, re.I)), "unknown")
                    events.append({"type": "deal", "system": system, "status": status})
            if re.search(r"trade|turnover|import|export", sentence, re.I):
                for m in _MONEY.finditer(sentence):
                    scale = 1e9 if m.group(2).lower() in ("billion", "bn") else 1e6
                    events.append({"type": "trade_figure", "amount_usd": float(m.group(1)) * scale,
                                   "is_target": bool(re.search(r"target|aim|goal|by 20\d\d", sentence, re.I)),
                                   "year": None})
    best: dict[str, dict] = {}
    kept = []
    order = [s for s, _ in KEYWORD_DEAL_STATUS][::-1]
    for event in events:
        if event["type"] != "deal":
            kept.append(event)
            continue
        current = best.get(event["system"])
        rank = order.index(event["status"]) if event["status"] in order else -1
        if current is None or rank > (order.index(current["status"]) if current["status"] in order else -1):
            best[event["system"]] = event
    kept += list(best.values())
    return {"id": record.get("id"), "relevant": relevant, "caatsa": relevant and bool(_CAATSA.search(text)),
            "events": kept}


def keyword_results(records: list[dict]) -> list[dict]:
    return [keyword_result(r) for r in records]


def load_records(path: str | Path) -> list[dict]:
    """Gold records from a self-contained file or a corpus split (texts from ../shared/)."""
    path = Path(path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if lines and "text" not in lines[0] and "sha256" in lines[0]:
        from nlp.corpus import records

        return records(path)
    return lines


def evaluate_file(path: str | Path, baseline: bool = False, lang: str | None = None,
                  bootstrap: int = BOOTSTRAP) -> dict:
    records = load_records(path)
    if lang:
        records = [r for r in records if (r.get("lang") or "en") == lang]
    if baseline:
        report = evaluate(records, keyword_results(records), bootstrap=bootstrap)
        report["pipeline_version"] = "keyword rule"
        return report
    from nlp.tagger import ArticleTagger

    tagger = ArticleTagger()
    results = tagger.tag_many(records)
    report = evaluate(records, results, bootstrap=bootstrap)
    report["pipeline_version"] = tagger.version
    return report


def format_report(report: dict, baseline: dict | None = None) -> str:
    head = f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}  {'95% CI':<13}{'tp':>5}{'fp':>5}{'fn':>5}"
    if baseline:
        head += f"  {'keyword F1':>10}  verdict"
    lines = [f"{report['articles']} articles, pipeline {report.get('pipeline_version', '?')}", head]
    for name, m in report["fields"].items():
        ci = m.get("ci95")
        line = (f"{name:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}  "
                f"{(f'{ci[0]:.3f}-{ci[1]:.3f}' if ci else ''):<13}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}")
        if baseline:
            other = baseline["fields"][name]["f1"]
            line += f"  {other:>10.3f}  {'above keyword rule' if m['f1'] > other else 'NOT above keyword rule'}"
        lines.append(line)
    hard = report.get("hard_subset")
    if hard:
        lines.append(f"hard subset: relevance precision {hard['precision']:.3f} (tp {hard['tp']}, fp {hard['fp']}); "
                     f"hard negatives rejected {hard['negatives_rejected']}/{hard['negatives']}")
        if baseline and baseline.get("hard_subset"):
            b = baseline["hard_subset"]
            lines.append(f"  keyword rule on it: precision {b['precision']:.3f}; "
                         f"hard negatives rejected {b['negatives_rejected']}/{b['negatives']}")
    for name, value in report.get("accuracy_on_matched_figures", {}).items():
        lines.append(f"{name:<18} accuracy on matched figures: {value}")
    if report.get("error_classes"):
        lines.append("errors by class: " + ", ".join(f"{k} {v}" for k, v in report["error_classes"].items()))
    return "\n".join(lines)
