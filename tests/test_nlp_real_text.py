"""The tagger on real published text: the user's seed article, and floors on the corpus's dev split.

The texts are read from ../shared/ (they stay outside the project); each test skips with one line
where it is absent. The locked test split is never asserted on here: it is reported by `make eval`.
"""

from __future__ import annotations

import pytest

from nlp.corpus import CORPUS_DIR, PoolMissing, pool_path
from nlp.evaluate import evaluate_file

pytestmark = pytest.mark.slow
SEED = pool_path().parent.parent / "seed" / "000_e51aeeac2437d2d1.txt"


@pytest.fixture(scope="module")
def seed(request):
    if not SEED.exists():
        pytest.skip(f"skipped: the seed article {SEED} is absent (it lives in ../shared/)")
    from nlp.tagger import ArticleTagger

    return ArticleTagger().tag({"id": "seed", "text": SEED.read_text(encoding="utf-8"), "published_at": "2025-12-03"})


def _events(result, kind):
    return [e for e in result["events"] if e["type"] == kind]


def test_seed_ak203_approved_610000_at_amethi(seed):
    [ak] = [e for e in _events(seed, "deal") if e["system"] == "AK-203"]
    assert (ak["status"], ak["quantity"], ak["site"]) == ("approved", 610000, "Amethi")


def test_seed_s400_delivery_is_expected_not_done(seed):
    [s400] = [e for e in _events(seed, "deal") if e["system"] == "S-400"]
    assert s400["status"] != "delivered" and s400["expected_status"] == "delivered"


def test_seed_caatsa_threatened_or_discussed_against_india(seed):
    caatsa = [e for e in _events(seed, "sanction") if e["caatsa"]]
    assert caatsa and seed["caatsa"]
    assert all(e["status"] in ("threatened", "discussed") and e["target"] == "India" for e in caatsa)


def test_seed_no_imposed_sanction(seed):
    assert not [e for e in _events(seed, "sanction") if e["status"] == "imposed"]


def test_seed_one_trade_figure_30bn_target_2025(seed):
    [figure] = _events(seed, "trade_figure")
    assert figure["amount_usd"] == pytest.approx(30e9) and figure["year"] == 2025 and figure["is_target"]


# floors a little under what dev scores now: a change that loses ground on real text fails here
DEV_FLOORS = {"relevance": 0.95, "caatsa": 0.85, "sanctions": 0.6, "deals": 0.48, "deal_systems": 0.88,
              "trade_figures": 0.85}


@pytest.fixture(scope="module")
def dev_report():
    try:
        return evaluate_file(CORPUS_DIR / "dev.jsonl", lang="en", bootstrap=0)
    except PoolMissing as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("field", sorted(DEV_FLOORS))
def test_dev_split_stays_above_floor(dev_report, field):
    assert dev_report["fields"][field]["f1"] >= DEV_FLOORS[field], dev_report["fields"][field]


def test_dev_split_beats_the_keyword_rule_on_events(dev_report):
    keyword = evaluate_file(CORPUS_DIR / "dev.jsonl", lang="en", baseline=True, bootstrap=0)
    for field in ("relevance", "sanctions", "deals", "trade_figures"):
        assert dev_report["fields"][field]["f1"] > keyword["fields"][field]["f1"], field
