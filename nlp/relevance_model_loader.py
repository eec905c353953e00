"""The trained relevance classifier (nlp/models/relevance/, built by `make model`) and its calibration.

`combine` turns the classifier's probability and the gazetteer rule's score into one calibrated
probability: a logistic regression over the rule's logit and a *veto* term, fit on the corpus's dev split.
The veto term is zero unless the classifier is confident the item is not about India-Russia relations
(probability below `veto`), so the classifier can only pull a score down, and only where it is sure.
A bag-of-words classifier gives short texts, whose few words carry little weight, probabilities near
its prior: those are left to the rule (our short self-written texts kept recall only this way).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_DIR = Path(__file__).parent / "models" / "relevance"
TEXT_LIMIT = 6000
TITLE_LIMIT = 1000
VETO = 0.3  # below this the classifier is confident enough to lower the rule's score


def model_text(title: str | None, text: str | None, limit: int = TEXT_LIMIT) -> str:
    """What the classifier reads: headline and the start of the body."""
    return f"{(title or '')[:TITLE_LIMIT]}\n{(text or '')[:limit]}".strip()


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def veto_term(model_probability: float, veto: float = VETO) -> float:
    """How far below the veto point the classifier's logit is; 0 when it is not confident.

    >>> veto_term(0.6), veto_term(0.3)
    (0.0, 0.0)
    >>> round(veto_term(0.1), 2)
    -1.35
    """
    return min(0.0, logit(model_probability) - logit(veto))


def calibrated(bias: float, w_rule: float, w_veto: float, model_probability: float, rule_score: float,
               veto: float = VETO) -> float:
    """The calibrated probability from the rule's score and the classifier's veto term."""
    z = bias + w_rule * logit(rule_score) + w_veto * veto_term(model_probability, veto)
    return 1 / (1 + math.exp(-z))


@dataclass
class RelevanceModel:
    classifier: object
    bias: float
    w_rule: float
    w_veto: float
    veto: float
    version: str

    def scores(self, texts: list[tuple[str | None, str | None]]) -> list[float]:
        docs = self.classifier.pipe(model_text(title, text) for title, text in texts)
        return [doc.cats["RELEVANT"] for doc in docs]

    def combine(self, model_probability: float, rule_score: float) -> float:
        return calibrated(self.bias, self.w_rule, self.w_veto, model_probability, rule_score, self.veto)


@cache
def load_relevance_model(directory: Path = MODEL_DIR) -> RelevanceModel | None:
    calibration = directory / "calibration.json"
    if not calibration.exists():
        return None
    import spacy

    data = json.loads(calibration.read_text())
    digest = hashlib.sha256(calibration.read_bytes())
    for path in sorted((directory / "textcat").glob("*")):
        digest.update(path.read_bytes())
    return RelevanceModel(spacy.load(directory), data["bias"], data["w_rule"], data["w_veto"],
                          data.get("veto", VETO), digest.hexdigest()[:10])
