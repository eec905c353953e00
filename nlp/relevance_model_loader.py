"""The trained relevance classifier (nlp/models/relevance/, built by `make model`) and its calibration.

`combine` turns the classifier's probability and the gazetteer rule's score into one calibrated
probability: a logistic regression over both logits, fit on the corpus's dev split.
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


def model_text(title: str | None, text: str | None, limit: int = TEXT_LIMIT) -> str:
    """What the classifier reads: headline and the start of the body."""
    return f"{title or ''}\n{(text or '')[:limit]}".strip()


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass
class RelevanceModel:
    classifier: object
    bias: float
    w_model: float
    w_rule: float
    version: str

    def scores(self, texts: list[tuple[str | None, str | None]]) -> list[float]:
        docs = self.classifier.pipe(model_text(title, text) for title, text in texts)
        return [doc.cats["RELEVANT"] for doc in docs]

    def combine(self, model_probability: float, rule_score: float) -> float:
        z = self.bias + self.w_model * logit(model_probability) + self.w_rule * logit(rule_score)
        return 1 / (1 + math.exp(-z))


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
    return RelevanceModel(spacy.load(directory), data["bias"], data["w_model"], data["w_rule"],
                          digest.hexdigest()[:10])
