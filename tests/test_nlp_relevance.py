"""The relevance score's pure functions: the rule's features and the trained classifier's veto."""

import pytest

from nlp.relevance import Features, score
from nlp.relevance_model_loader import VETO, calibrated, veto_term


@pytest.mark.parametrize(
    "features, relevant",
    [
        (Features(india=1, russia=1, both=1), True),
        (Features(india=2, russia=2, ours=4), True),
        (Features(india=3, russia=3, both=2, ours=8, third=2, third_sents=2), True),
        # India-US engine deal, Russia named in one sentence, the US in most of them
        (Features(india=7, russia=1, both_mixed=1, ours=12, third=9, third_sents=6), False),
        # Russia's arms exports against the US, France and China; India named once
        (Features(india=1, russia=5, both=1, ours=7, third=6, third_sents=5), False),
        # the same shape, but a system only the two build together keeps it ours
        (Features(india=1, russia=4, both=1, bilateral=2, ours=8, third=3, third_sents=3), True),
        # a line-up of countries
        (Features(india=1, russia=1, listed=1, third=3, ours=2, third_sents=1), False),
    ],
)
def test_rule_score(features, relevant):
    assert (score(features) > 0.5) is relevant


@pytest.mark.parametrize(
    "model_probability, term_is_zero",
    [(0.99, True), (0.6, True), (0.45, True), (VETO, True), (0.2, False), (0.01, False)],
)
def test_the_classifier_only_counts_when_confident(model_probability, term_is_zero):
    assert (veto_term(model_probability) == 0.0) is term_is_zero


@pytest.mark.parametrize("rule_score", [0.69, 0.8, 0.99])
def test_an_unsure_classifier_leaves_the_rule_alone_and_a_sure_one_lowers_it(rule_score):
    weights = {"bias": 0.3, "w_rule": 0.6, "w_veto": 1.0}
    unsure = calibrated(**weights, model_probability=0.55, rule_score=rule_score)
    also_unsure = calibrated(**weights, model_probability=0.4, rule_score=rule_score)
    sure_not = calibrated(**weights, model_probability=0.05, rule_score=rule_score)
    assert unsure == also_unsure
    assert sure_not < unsure
