"""Regression guard on our labelled sets: the tagger may not fall below these F1 scores.

nlp/dev/gold.jsonl is the development set the rules were tuned on; nlp/dev/holdout.jsonl was
written blind by someone who had not seen the tagger (its first, untuned scores are in README).
"""

from pathlib import Path

import pytest

from nlp.evaluate import evaluate_file

DEV = Path(__file__).parent.parent / "nlp" / "dev"
pytestmark = pytest.mark.slow

FLOORS = {"relevance": 0.95, "caatsa": 0.9, "sanctions": 0.9, "deal_systems": 0.93, "deals": 0.85,
          "trade_figures": 0.9}


@pytest.fixture(scope="module", params=["gold.jsonl", "holdout.jsonl"])
def report(request):
    return evaluate_file(DEV / request.param)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_stays_above_floor(report, field):
    assert report["fields"][field]["f1"] >= FLOORS[field], report["fields"][field]
