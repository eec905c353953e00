"""Texts for the benchmarks: the demo site's article bodies and the dev set, in our own words."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).parent.parent


def bench_texts() -> list[str]:
    import trafilatura

    texts = []
    for page in sorted((ROOT / "irwatch" / "demo_site" / "articles").glob("*.html")):
        body = trafilatura.extract(page.read_text(encoding="utf-8"))
        if body:
            texts.append(body)
    gold = ROOT / "nlp" / "dev" / "gold.jsonl"
    if gold.exists():
        texts += [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts
