"""Agreement between two annotators of the same items: Cohen's kappa per field.

Yes/no fields (relevance, CAATSA) are compared per item. Set-valued fields (sanction regime+status,
deal system+status, trade figures) are compared per candidate label: every label either annotator
gave an item is one decision, present or absent for each of them.
"""

from __future__ import annotations

import json
from pathlib import Path

FIELDS = ("relevant", "caatsa", "sanctions", "deals", "trade_figures")


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two raters' yes/no decisions.

    >>> kappa([(True, True), (False, False), (True, False), (False, False)])
    0.5
    """
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    p_a = sum(a for a, _ in pairs) / n
    p_b = sum(b for _, b in pairs) / n
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    if expected == 1:
        return 1.0
    return round((observed - expected) / (1 - expected), 3)


def _labels(ann: dict, field: str) -> set:
    if not ann.get("relevant"):
        return set()
    if field == "sanctions":
        return {(s["regime"], s["status"]) for s in ann.get("sanctions") or []}
    if field == "deals":
        return {(d["system"], d["status"]) for d in ann.get("deals") or []}
    # figures agree within 2% of the amount, in the same currency
    return {(t.get("currency") or "USD", float(t["amount"])) for t in ann.get("trade_figures") or []}


def _figures_match(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and abs(a[1] - b[1]) <= 0.02 * max(abs(b[1]), 1)


def _flat(record: dict) -> dict:
    """Annotation lines and corpus label lines (labels under `gold`) alike."""
    return {"id": record["id"], **record["gold"]} if "gold" in record else record


def compare(first: list[dict], second: list[dict]) -> dict:
    first, second = [_flat(r) for r in first], [_flat(r) for r in second]
    by_id = {a["id"]: a for a in first}
    common = [(by_id[b["id"]], b) for b in second if b["id"] in by_id]
    out = {"items": len(common)}
    for field in ("relevant", "caatsa"):
        pairs = [(bool(a.get(field)) and bool(a.get("relevant")), bool(b.get(field)) and bool(b.get("relevant")))
                 for a, b in common]
        out[field] = {"kappa": kappa(pairs), "agree": sum(x == y for x, y in pairs), "n": len(pairs)}
    for field in ("sanctions", "deals", "trade_figures"):
        pairs = []
        for a, b in common:
            la, lb = _labels(a, field), _labels(b, field)
            if field == "trade_figures":
                matched_b = set()
                for x in la:
                    y = next((y for y in lb if y not in matched_b and _figures_match(x, y)), None)
                    pairs.append((True, y is not None))
                    if y is not None:
                        matched_b.add(y)
                pairs += [(False, True) for y in lb if y not in matched_b]
            else:
                pairs += [(x in la, x in lb) for x in la | lb]
            # an item where both give nothing is an agreement on "none"
            if not la and not lb:
                pairs.append((False, False))
        out[field] = {"kappa": kappa(pairs), "agree": sum(x == y for x, y in pairs), "n": len(pairs)}
    return out


def _read(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]


def agreement_report(first: list[Path], second: Path) -> str:
    """`first`: the corpus splits (or first annotation files); `second`: the second annotator's labels."""
    result = compare(_read(first), _read([second]))
    lines = [f"{result['items']} items labelled twice", f"{'field':<15}{'kappa':>7}{'agree':>8}{'n':>6}"]
    for field in FIELDS:
        r = result[field]
        lines.append(f"{field:<15}{r['kappa'] if r['kappa'] is not None else '-':>7}{r['agree']:>8}{r['n']:>6}")
    return "\n".join(lines)
