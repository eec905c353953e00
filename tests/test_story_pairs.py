"""Story identity on the labelled real pairs (pages read from ../shared/stories-pool at run time)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from irwatch.stories import evaluate as ev

STORIES_DIR = Path(ev.__file__).resolve().parent
RUN_WORDS = 12
LABELS = {
    "copy": {"verbatim", "light-edit", "rewrite"},
    "same-event": {"same-event-independent"},
    "different": {"follow-up", "earlier-or-later", "explainer-or-opinion", "different-event"},
}


try:
    POOL = ev.load_pages()
except ev.PoolMissing as exc:
    pytest.skip(str(exc), allow_module_level=True)


@pytest.fixture(scope="module")
def pages():
    return POOL


@pytest.fixture(scope="module")
def result(pages):
    return ev.evaluate(pages)


def test_precision_on_different_events(result):
    scores = result["pair_scores"]
    assert scores["precision"] >= ev.TARGET_PRECISION, scores


@pytest.mark.parametrize("kind", ["verbatim", "light-edit"])
def test_recall_on_copies(result, kind):
    assert result["pair_scores"]["recall"][kind] >= ev.TARGET_RECALL, result["pair_scores"]["recall"]


def test_clusters_do_not_chain_different_events(result):
    assert result["cluster_scores"]["precision"] >= ev.TARGET_PRECISION, result["cluster_scores"]


def test_pair_files(pages):
    pairs = ev.load_jsonl(ev.PAIRS_FILE)
    assert len(pairs) >= 150
    scored, _ = ev.load_pairs()
    assert len(scored) >= 150
    for path in (ev.PAIRS_FILE, ev.SECOND_FILE):
        for row in ev.load_jsonl(path):
            assert set(row) == {"a", "b", "label", "kind", "note"}, row
            assert row["a"] in pages and row["b"] in pages, row
            assert row["kind"] in LABELS[row["label"]], row
    keys = {ev.pair_key(p) for p in pairs}
    assert all(ev.pair_key(q) in keys for q in ev.load_jsonl(ev.QUARANTINE_FILE))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_page_text_in_the_project(pages):
    runs = set()
    for page in pages.values():
        for field in ("title", "text"):
            words = _words(page.get(field) or "")
            runs.update(" ".join(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1))
    assert runs
    leaks = []
    for path in sorted(STORIES_DIR.rglob("*")):
        if not path.is_file() or path.suffix not in {
            ".py",
            ".md",
            ".yaml",
            ".yml",
            ".jsonl",
            ".json",
            ".txt",
        }:
            continue
        words = _words(path.read_text(encoding="utf-8"))
        hits = {" ".join(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)} & runs
        leaks += [f"{path.name}: {hit}" for hit in sorted(hits)[:3]]
    assert not leaks, leaks


def test_notes_are_short(pages):
    # the annotators' own words, not quotations from the pages
    for row in ev.load_jsonl(ev.PAIRS_FILE) + ev.load_jsonl(ev.SECOND_FILE):
        assert len(row["note"].split()) <= 15, row
        json.dumps(row)
