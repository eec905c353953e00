"""Domain gazetteer: weapon systems, organisations, sanctions regimes, countries and
status cues, matched from data files in `nlp/patterns/` and stored in `doc.spans["irwatch"]`.

Each span's `label_` is the gazetteer (SYSTEM, ORG_DOMAIN, REGIME, GPE_DOMAIN,
STATUS_CUE) and its `kb_id_` the canonical name ("S-400", "CAATSA", "deal:signed").
Spans may overlap; consumers pick what they need.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.inflect import forms

log = logging.getLogger(__name__)

PATTERN_DIR = Path(__file__).parent / "patterns"
SPANS_KEY = "irwatch"


@spacy.registry.misc("irwatch.gazetteer_patterns.v1")
def gazetteer_patterns(files: list[str], directory: str | None = None) -> list[dict]:
    """Read EntityRuler-style JSONL pattern files.

    One line: {"label": "SYSTEM", "pattern": [{"LOWER": "s-400"}], "id": "S-400"}.
    Missing files are skipped with a warning; a malformed line raises with its file and line number.
    """
    base = Path(directory) if directory else PATTERN_DIR
    patterns: list[dict] = []
    for name in files:
        path = base / name
        if not path.exists():
            log.warning("gazetteer: pattern file %s not found, skipped", path)
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                entry = json.loads(line)
                entry["label"], entry["pattern"]  # noqa: B018  (both keys are required)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not a pattern line: {exc}") from exc
            patterns.append(entry)
    return patterns


def _lemma_free(token_pattern: dict) -> dict:
    """Turn LEMMA constraints into LOWER-in-inflections so the rules run without a lemmatizer."""
    if "LEMMA" not in token_pattern:
        return token_pattern
    out = {k: v for k, v in token_pattern.items() if k != "LEMMA"}
    spec = token_pattern["LEMMA"]
    lemmas = spec["IN"] if isinstance(spec, dict) and "IN" in spec else [spec]
    words = sorted({f for lemma in lemmas if isinstance(lemma, str) for f in forms(lemma)})
    out["LOWER"] = {"IN": words}
    return out


@Language.factory(
    "irwatch_gazetteer",
    default_config={"patterns": {"@misc": "irwatch.gazetteer_patterns.v1", "files": []}},
)
def make_gazetteer(nlp: Language, name: str, patterns: list[dict]) -> Gazetteer:
    return Gazetteer(nlp, name, patterns)


class Gazetteer:
    def __init__(self, nlp: Language, name: str, patterns: list[dict]):
        self.name = name
        self.matcher = Matcher(nlp.vocab, validate=False)
        # string patterns are exact, case-sensitive spellings ("US" must not match "us"); token patterns handle case
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        # token patterns that are plain word sequences run on a PhraseMatcher: hashing beats the
        # Matcher's state machine by an order of magnitude on a thousand patterns
        self.lower_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.ids: dict[str, tuple[str, str]] = {}
        token_patterns: dict[str, list] = {}
        phrase_patterns: dict[str, list] = {}
        lower_patterns: dict[str, list] = {}
        # part-of-speech constraints need a tagger; on a blank pipeline those patterns are left out
        has_tagger = any(p in nlp.pipe_names for p in ("tagger", "morphologizer"))
        self.skipped = 0
        for entry in patterns:
            if not has_tagger and _needs_tagger(entry["pattern"]):
                self.skipped += 1
                continue
            label, ident = entry["label"], entry.get("id") or str(entry["pattern"])
            key = f"{label}|{ident}"
            self.ids[key] = (label, ident)
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                phrase_patterns.setdefault(key, []).append(nlp.make_doc(pattern))
            else:
                tokens = [_lemma_free(t) for t in pattern]
                sequences = _word_sequences(tokens)
                if sequences is None:
                    token_patterns.setdefault(key, []).append(tokens)
                else:
                    lower_patterns.setdefault(key, []).extend(Doc(nlp.vocab, words=w) for w in sequences)
        for key, pats in token_patterns.items():
            self.matcher.add(key, pats)
        for key, docs in phrase_patterns.items():
            self.phrases.add(key, docs)
        for key, docs in lower_patterns.items():
            self.lower_phrases.add(key, docs)
        self.size = len(patterns) - self.skipped
        if self.skipped:
            log.warning("gazetteer: %d patterns need a part-of-speech tagger and were left out", self.skipped)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int, str], Span] = {}
        strings = doc.vocab.strings
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc), *self.lower_phrases(doc)]:
            label, ident = self.ids[strings[match_id]]
            found.setdefault((start, end, label + ident), Span(doc, start, end, label=label, kb_id=ident))
        spans = sorted(found.values(), key=lambda s: (s.start, -len(s)))
        doc.spans[SPANS_KEY] = _drop_nested(spans)
        return doc


MAX_EXPANSION = 512


def _word_sequences(tokens: list[dict]) -> list[list[str]] | None:
    """The lowercase word sequences a token pattern matches, if it is only words; else None.

    >>> _word_sequences([{"LOWER": "under"}, {"LOWER": {"IN": ["construction", "repair"]}}])
    [['under', 'construction'], ['under', 'repair']]
    >>> _word_sequences([{"ORTH": "US"}]) is None  # case matters: stays on the Matcher
    True
    """
    choices: list[list[str]] = []
    for token in tokens:
        if len(token) != 1:
            return None
        (attr, value), = token.items()
        values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
        if not all(isinstance(v, str) and v for v in values):
            return None
        if attr == "ORTH" and all(not any(c.isalpha() for c in v) for v in values):
            attr = "LOWER"  # punctuation and digits have no case
        if attr != "LOWER":
            return None
        choices.append([v.lower() for v in values])
    total = 1
    for options in choices:
        total *= len(options)
    if not choices or total > MAX_EXPANSION:
        return None
    sequences: list[list[str]] = [[]]
    for options in choices:
        sequences = [seq + [option] for seq in sequences for option in options]
    return sequences


def _needs_tagger(pattern) -> bool:
    return not isinstance(pattern, str) and any(
        key in token for token in pattern for key in ("POS", "TAG", "MORPH", "DEP")
    )


def _drop_nested(spans: list[Span]) -> list[Span]:
    """Keep the longest match per label where matches of one label nest ("S-400 Triumf" over "S-400").

    Cues are the exception: one word may cue two things ("discuss" a deal, "discuss" sanctions),
    so for them only a nested match with the same id is dropped.
    """
    kept: list[Span] = []
    for span in spans:
        if any(
            k.label == span.label and k.start <= span.start and span.end <= k.end
            and (span.label_ != "STATUS_CUE" or k.kb_id == span.kb_id)
            for k in kept
        ):
            continue
        kept.append(span)
    return kept
