"""nlp/corpus: labels by id, no copied text, story-disjoint splits that stay locked."""

from __future__ import annotations

import json
import re

import pytest

from nlp import corpus
from nlp.corpus import CORPUS_DIR, SPLITS, read_labels, sha256

RUN = 16  # no run of this many words copied from published text may sit in the project


@pytest.fixture(scope="module")
def labels():
    return {name: read_labels(CORPUS_DIR / f"{name}.jsonl") for name in SPLITS}


def test_labels_match_the_pool_texts_they_were_made_from(pool, labels):
    for rows in labels.values():
        for row in rows:
            assert sha256(pool[row["id"]]["text"]) == row["sha256"], row["id"]


def test_corpus_size_and_spread(labels):
    english = [r for rows in labels.values() for r in rows if r["lang"] == "en"]
    assert len(english) >= 400
    assert len({r["outlet"] for r in english}) >= 60
    hard = [r for r in english if r["hard"]]
    assert len(hard) / len(english) >= 0.35


def test_a_story_never_crosses_splits(labels):
    where = {}
    for name, rows in labels.items():
        for row in rows:
            assert where.setdefault(row["story"], name) == name, row["story"]


def test_evidence_offsets_lie_inside_the_text(pool, labels):
    for rows in labels.values():
        for row in rows:
            size = len(pool[row["id"]]["text"])
            for kind in ("sanctions", "deals", "trade_figures"):
                for event in row["gold"][kind]:
                    if event.get("evidence"):
                        start, end = event["evidence"]
                        assert 0 <= start < end <= size


def _runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_published_sentence_is_copied_into_the_project(pool):
    published = set()
    for item in pool.values():
        published |= _runs(item["text"])
    root = CORPUS_DIR.parent.parent
    copied = []
    for path in [*root.glob("nlp/**/*"), *root.glob("tests/**/*"), *root.glob("irwatch/**/*"),
                 *root.glob("crawlers/**/*"), *root.glob("sql/**/*"), root / "README.md"]:
        if path.is_file() and path.suffix in {".py", ".jsonl", ".json", ".md", ".html", ".txt", ".cfg", ".sql",
                                             ".yaml", ".xml"}:
            # a label keeps its item's URL, whose slug may repeat the headline: URLs are not prose
            body = re.sub(r"https?://\S+", " ", path.read_text(encoding="utf-8", errors="replace"))
            hits = _runs(body) & published
            if hits:
                copied += [(str(path.relative_to(root)), " ".join(run)) for run in hits]
    assert not copied


def test_build_keeps_locked_splits_and_groups_copies(tmp_path):
    """On a pool of our own words: a copy joins its story's split, earlier splits never move."""
    base = "the two ministers met in the capital and agreed on a new schedule for the delivery of parts"
    pool = {
        "p1": {"id": "p1", "url": "u1", "text": base + " this week.", "lang": "en", "outlet": "A"},
        "p2": {"id": "p2", "url": "u2", "text": "Copy: " + base + " on Monday.", "lang": "en", "outlet": "B"},
        "p3": {"id": "p3", "url": "u3", "text": "An unrelated report on grain prices in the north.", "lang": "en",
               "outlet": "C"},
    }
    ann = tmp_path / "a.jsonl"
    ann.write_text("\n".join(json.dumps({"id": i, "relevant": False, "story": f"s-{i}"}) for i in pool))
    first = corpus.build([ann], directory=tmp_path, pool=pool)
    assert sum(first["counts"].values()) == 3 and first["stories"] == 2
    where = corpus.existing_splits(tmp_path)
    assert where["p1"] == where["p2"]
    # move p3 by hand into test: a rebuild must keep it there
    rows = {n: read_labels(tmp_path / f"{n}.jsonl") for n in SPLITS}
    moved = [r for n in SPLITS for r in rows[n] if r["id"] == "p3"]
    for n in SPLITS:
        rows[n] = [r for r in rows[n] if r["id"] != "p3"] + (moved if n == "test" else [])
        (tmp_path / f"{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[n]))
    corpus.build([ann], directory=tmp_path, pool=pool)
    assert corpus.existing_splits(tmp_path)["p3"] == "test"


@pytest.mark.parametrize(
    ("quote", "found"),
    [("agreed on a new schedule", True), ("agreed  on a new — schedule", True), ("not in the text", False)],
)
def test_quotes_become_offsets(quote, found):
    text = "The ministers agreed on a new schedule."
    offsets = corpus._offsets(text, quote)
    assert (offsets is not None) == found
    if found:
        assert text[offsets[0]:offsets[1]].startswith("agreed")
